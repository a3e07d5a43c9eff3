package truto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

var contacts = Collection{Path: "/unified/crm/contacts", Noun: "contact"}

const batchDeletePath = "/unified/crm/contacts/batch-delete"

// batchIDs are the ids a batch-delete request carries, from its body or its id[] parameters.
func batchIDs(t *testing.T, r *http.Request, body []byte) []string {
	if q := r.URL.Query()["id[]"]; len(q) > 0 {
		return q
	}
	var b struct{ ID []string }
	if err := json.Unmarshal(body, &b); err != nil {
		t.Errorf("batch-delete body %q: %v", body, err)
	}
	return b.ID
}

// answerDeleted answers a batch-delete listing the deleted records.
func answerDeleted(w http.ResponseWriter, deleted []string) {
	items := []string{}
	for _, id := range deleted {
		items = append(items, fmt.Sprintf(`{"id":%q,"first_name":"x"}`, id))
	}
	writeJSON(w, 200, `{"result":[`+strings.Join(items, ",")+`]}`)
}

// batchRequests are the batch-delete requests the server saw.
func batchRequests(srv *testServer) []recorded {
	var out []recorded
	for _, r := range srv.requests() {
		if r.Path == batchDeletePath {
			out = append(out, r)
		}
	}
	return out
}

func results(out []DeleteOutcome) map[DeleteResult]int {
	m := map[DeleteResult]int{}
	for _, o := range out {
		m[o.Result]++
	}
	return m
}

func TestBatchDeleteSendsChunksOf100InTheBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, nil)
	out := c.BatchDelete(context.Background(), contacts, c.opts, BatchDeleteInBody, ids(0, 250))

	reqs := batchRequests(srv)
	if len(reqs) != 3 || srv.count() != 3 {
		t.Fatalf("%d batch-deletes (%d requests), want 3", len(reqs), srv.count())
	}
	var sent []string
	for i, r := range reqs {
		var b map[string][]string
		if err := json.Unmarshal(r.Body, &b); err != nil || len(b) != 1 {
			t.Fatalf("body %s: want exactly {\"id\": [...]}", r.Body)
		}
		if want := []int{100, 100, 50}[i]; len(b["id"]) != want {
			t.Errorf("request %d: %d ids, want %d", i, len(b["id"]), want)
		}
		q, _ := url.ParseQuery(r.RawQuery)
		if r.Method != http.MethodPost || q.Get("integrated_account_id") != c.opts.IntegratedAccountID || q.Has("id[]") {
			t.Errorf("request %d: %s ?%s", i, r.Method, r.RawQuery)
		}
		sent = append(sent, b["id"]...)
	}
	if strings.Join(sent, ",") != strings.Join(ids(0, 250), ",") {
		t.Errorf("ids sent = %v", sent)
	}
	if got := results(out); got[Deleted] != 250 || len(out) != 250 || out[249].ID != "r249" {
		t.Errorf("outcomes = %v", got)
	}
}

func TestBatchDeleteQueryShape(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, nil)
	out := c.BatchDelete(context.Background(), contacts, c.opts, BatchDeleteInQuery, []string{"a b", "c&d"})
	reqs := batchRequests(srv)
	if len(reqs) != 1 || len(reqs[0].Body) != 0 {
		t.Fatalf("requests = %+v", reqs)
	}
	if q, _ := url.ParseQuery(reqs[0].RawQuery); strings.Join(q["id[]"], "|") != "a b|c&d" {
		t.Errorf("query = %s", reqs[0].RawQuery)
	}
	if got := results(out); got[Deleted] != 2 {
		t.Errorf("outcomes = %v", got)
	}

	// The shape comes from the meta: ids in the query schema, else the body.
	inQuery := &MethodMeta{Query: &Schema{Properties: map[string]*Schema{"id": {Type: "array"}}}}
	inBody := &MethodMeta{Query: &Schema{Properties: map[string]*Schema{}}, RequestBody: &Schema{Properties: map[string]*Schema{"id": {}}}}
	if BatchDeleteShapeOf(inQuery) != BatchDeleteInQuery || BatchDeleteShapeOf(inBody) != BatchDeleteInBody {
		t.Error("BatchDeleteShapeOf misreads the meta")
	}
}

// Only a meta that describes a method turns batching on: a 2xx without any schema (an empty
// object, a catch-all's answer) does not.
func TestHasBatchDeleteNeedsAMethodsSchemas(t *testing.T) {
	for body, want := range map[string]bool{
		`{}`:                   false,
		`{"ok":true}`:          false,
		`{"result":[]}`:        false,
		`{"query_schema":"x"}`: false,
		`{"method":"batch-delete","schema":{"type":"object","properties":{}},"response_schema":{"type":"object"},"query_schema":{"type":"object","properties":{}}}`: true,
		`{"request_body_schema":{"type":"object","properties":{"id":{"type":"array"}}}}`:                                                                            true,
		`{"query_schema":{"type":"object","properties":{"id":{"type":"array"}}}}`:                                                                                   true,
	} {
		srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, body) })
		c := newTestClient(t, srv, nil)
		m, err := c.Meta(context.Background(), contacts, c.opts.IntegratedAccountID, "batch-delete")
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if got := HasBatchDelete(m); got != want {
			t.Errorf("meta %s: HasBatchDelete = %v, want %v", body, got, want)
		}
	}
	if HasBatchDelete(nil) {
		t.Error("no meta: HasBatchDelete")
	}
}

func TestBatchDeleteOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answer   func(t *testing.T, w http.ResponseWriter, r *http.Request, n int, ids []string)
		want     []DeleteResult // for ids a, b, c
		requests int
		status   int // of the error of a failed or unknown id, 0 = none
	}{
		{"answer leaves an id out", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, ids []string) {
			answerDeleted(w, ids[:2])
		}, []DeleteResult{Deleted, Deleted, DeleteUnknown}, 1, 0},
		{"bare list of ids", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 200, `["a", 3]`)
		}, []DeleteResult{Deleted, DeleteUnknown, DeleteUnknown}, 1, 0},
		{"204 proves nothing", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			w.WriteHeader(http.StatusNoContent)
		}, []DeleteResult{DeleteUnknown, DeleteUnknown, DeleteUnknown}, 1, 0},
		{"refused", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 422, `{"statusCode":422,"message":"nope","truto_is_remote_error":true}`)
		}, []DeleteResult{DeleteFailed, DeleteFailed, DeleteFailed}, 1, 422},
		{"CRM 404 on the batch is no id's 404", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 404, `{"statusCode":404,"message":"Not Found","truto_is_remote_error":true}`)
		}, []DeleteResult{DeleteUnknown, DeleteUnknown, DeleteUnknown}, 1, 404},
		{"Truto's own 404: no such route, not batched", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 404, `{"statusCode":404,"message":"Not Found"}`)
		}, []DeleteResult{DeleteNotBatched, DeleteNotBatched, DeleteNotBatched}, 1, 404},
		{"a router's plain 404: not batched", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			w.WriteHeader(404)
			_, _ = w.Write([]byte("404 Not Found"))
		}, []DeleteResult{DeleteNotBatched, DeleteNotBatched, DeleteNotBatched}, 1, 404},
		{"405: not batched", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 405, `{"statusCode":405,"message":"Method Not Allowed"}`)
		}, []DeleteResult{DeleteNotBatched, DeleteNotBatched, DeleteNotBatched}, 1, 405},
		{"400: not batched", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 400, `{"statusCode":400,"message":"body field id is required"}`)
		}, []DeleteResult{DeleteNotBatched, DeleteNotBatched, DeleteNotBatched}, 1, 400},
		{"the account's 404 failed (a DELETE would get it too)", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 404, `{"statusCode":404,"message":"Integrated account not found"}`)
		}, []DeleteResult{DeleteFailed, DeleteFailed, DeleteFailed}, 1, 404},
		{"503 failed", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 503, `{"statusCode":503,"message":"blocked"}`)
		}, []DeleteResult{DeleteFailed, DeleteFailed, DeleteFailed}, 1, 503},
		{"401 failed", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 401, `{"statusCode":401,"message":"Unauthorized"}`)
		}, []DeleteResult{DeleteFailed, DeleteFailed, DeleteFailed}, 1, 401},
		{"403 failed", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 403, `{"statusCode":403,"message":"Forbidden"}`)
		}, []DeleteResult{DeleteFailed, DeleteFailed, DeleteFailed}, 1, 403},
		{"500 is not retried", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			writeJSON(w, 500, `{"statusCode":500,"message":"boom"}`)
		}, []DeleteResult{DeleteUnknown, DeleteUnknown, DeleteUnknown}, 1, 500},
		{"dropped connection is not retried", func(t *testing.T, w http.ResponseWriter, _ *http.Request, _ int, _ []string) {
			dropConnection(t, w)
		}, []DeleteResult{DeleteUnknown, DeleteUnknown, DeleteUnknown}, 1, 0},
		{"429 is retried", func(_ *testing.T, w http.ResponseWriter, _ *http.Request, n int, ids []string) {
			if n == 1 {
				w.Header().Set("Retry-After", "0")
				writeJSON(w, 429, `{"statusCode":429,"message":"slow down"}`)
				return
			}
			answerDeleted(w, ids)
		}, []DeleteResult{Deleted, Deleted, Deleted}, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int, body []byte) {
				tc.answer(t, w, r, n, batchIDs(t, r, body))
			})
			c := newTestClient(t, srv, nil)
			out := c.BatchDelete(context.Background(), contacts, c.opts, BatchDeleteInBody, []string{"a", "b", "c"})
			for i, o := range out {
				if o.Result != tc.want[i] {
					t.Errorf("%s: %s, want %s (err %v)", o.ID, o.Result, tc.want[i], o.Err)
				}
				if tc.status != 0 && StatusCode(o.Err) != tc.status {
					t.Errorf("%s: error %v, want status %d", o.ID, o.Err, tc.status)
				}
				assertErrClean(t, o.Err)
			}
			if srv.count() != tc.requests {
				t.Errorf("%d requests, want %d", srv.count(), tc.requests)
			}
		})
	}
}

func TestBatchDeleteInterruptedBeforeSendingFails(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, o := range c.BatchDelete(ctx, contacts, c.opts, BatchDeleteInBody, []string{"a", "b"}) {
		var np *NotProcessedError
		if o.Result != DeleteFailed || !errors.As(o.Err, &np) {
			t.Errorf("%s: %s %v, want failed, not processed", o.ID, o.Result, o.Err)
		}
	}
	if srv.count() != 0 {
		t.Errorf("%d requests after an interrupt", srv.count())
	}
}

// deleteAll deletes ids concurrently, as Terraform's destroy does, and returns Delete's answers.
func deleteAll(c *testClient, ids []string) map[string]error {
	errs := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			err := c.Delete(context.Background(), contacts, c.opts, id)
			mu.Lock()
			errs[id] = err
			mu.Unlock()
		})
	}
	wg.Wait()
	return errs
}

func TestConcurrentDeletesAreCoalesced(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		if r.URL.Path != batchDeletePath {
			writeJSON(w, 200, `{"id":"x"}`) // a single DELETE
			return
		}
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })

	// Off: one DELETE each.
	for id, err := range deleteAll(c, ids(0, 10)) {
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if srv.count() != 10 || len(batchRequests(srv)) != 0 {
		t.Fatalf("not enabled: %d requests, %d batch-deletes; want 10 DELETEs", srv.count(), len(batchRequests(srv)))
	}

	c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
	for id, err := range deleteAll(c, ids(0, 250)) {
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	batches := batchRequests(srv)
	if n := srv.count() - 10; n > 4 || len(batches) != n {
		t.Fatalf("250 concurrent deletes: %d requests (%d batch-deletes), want at most 4 batch-deletes", n, len(batches))
	}
	seen := map[string]int{}
	for _, r := range batches {
		var b struct{ ID []string }
		_ = json.Unmarshal(r.Body, &b)
		if len(b.ID) > MaxBatchDelete {
			t.Errorf("a batch of %d ids", len(b.ID))
		}
		for _, id := range b.ID {
			seen[id]++
		}
	}
	if len(seen) != 250 {
		t.Errorf("%d distinct ids sent, want 250", len(seen))
	}

	// A lone delete is a plain DELETE.
	before := srv.count()
	if err := c.Delete(context.Background(), contacts, c.opts, "lone"); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.requests()[before:]; len(reqs) != 1 || reqs[0].Method != http.MethodDelete {
		t.Errorf("a lone delete sent %+v", reqs)
	}
}

// A batch-delete refused as a call the route does not take (405 here) stops at the first chunk:
// the other chunks' ids are not batched either, and are not sent.
func TestBatchDeleteNotBatchedStopsAtTheFirstChunk(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 405, `{"statusCode":405,"message":"Method Not Allowed"}`)
	})
	c := newTestClient(t, srv, nil)
	out := c.BatchDelete(context.Background(), contacts, c.opts, BatchDeleteInBody, ids(0, 250))
	if r := results(out); r[DeleteNotBatched] != 250 {
		t.Errorf("results %v, want 250 not batched", r)
	}
	if srv.count() != 1 {
		t.Errorf("%d requests, want 1", srv.count())
	}
}

// A batch-delete refused before any work because the route or method is not there (400, 405,
// Truto's own 404): each id gets a plain DELETE with its own outcome (here r1 is already gone: the
// CRM's 404, as a plain delete answers), and later deletes of the collection in that integrated
// account go one by one. Refusals a plain DELETE would get too (401, 403, 503, the account's 404,
// a 429 past the retries) stay failures, and batching stays on.
func TestCoalescedDeletesFallBackToSingleDeletes(t *testing.T) {
	for _, tc := range []struct {
		status   int
		body     string
		fallback bool
	}{
		{405, `{"statusCode":405,"message":"Method Not Allowed"}`, true},
		{400, `{"statusCode":400,"message":"body field id is required"}`, true},
		{404, `{"statusCode":404,"message":"Not Found"}`, true},
		{401, `{"statusCode":401,"message":"Unauthorized"}`, false},
		{403, `{"statusCode":403,"message":"Forbidden"}`, false},
		{503, `{"statusCode":503,"message":"blocked"}`, false},
		{404, `{"statusCode":404,"message":"Integrated account not found"}`, false},
		{429, `{"statusCode":429,"message":"slow down"}`, false},
	} {
		t.Run(fmt.Sprint(tc.status, " ", tc.body), func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
				switch r.URL.Path {
				case batchDeletePath:
					if tc.status == 429 {
						w.Header().Set("Retry-After", "0")
					}
					writeJSON(w, tc.status, tc.body)
				case "/unified/crm/contacts/r1":
					writeJSON(w, 404, `{"statusCode":404,"message":"not found","truto_is_remote_error":true}`)
				default:
					w.WriteHeader(http.StatusNoContent) // a single DELETE
				}
			})
			c := newTestClient(t, srv, func(cfg *Config) {
				cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
				cfg.MaxRetries = 1
			})
			c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
			errs := deleteAll(c, ids(0, 5))
			deletes := 0
			for _, r := range srv.requests() {
				if r.Method == http.MethodDelete {
					deletes++
				}
			}
			batches := len(batchRequests(srv))
			if !tc.fallback {
				for id, err := range errs {
					if err == nil || !strings.Contains(err.Error(), "through batch-delete") {
						t.Errorf("%s: %v, want the batch's failure", id, err)
					}
				}
				if deletes != 0 || !c.BatchDeletes(contacts, c.opts.IntegratedAccountID) {
					t.Errorf("%d DELETEs, batching on %v; want none, still on", deletes, c.BatchDeletes(contacts, c.opts.IntegratedAccountID))
				}
				return
			}
			for id, err := range errs {
				if id == "r1" {
					if !IsCRMNotFound(err) {
						t.Errorf("r1: %v, want the CRM's 404 of its own DELETE", err)
					}
				} else if err != nil {
					t.Errorf("%s: %v", id, err)
				}
			}
			if batches != 1 || deletes != 5 {
				t.Errorf("%d batch-deletes and %d DELETEs, want 1 and 5", batches, deletes)
			}
			if c.BatchDeletes(contacts, c.opts.IntegratedAccountID) {
				t.Error("batching still on after the route refused the call")
			}
			// Later deletes go one by one.
			before := srv.count()
			deleteAll(c, ids(10, 14))
			for _, r := range srv.requests()[before:] {
				if r.Method != http.MethodDelete {
					t.Errorf("after the fallback: %s %s", r.Method, r.Path)
				}
			}
			if n := srv.count() - before; n != 4 {
				t.Errorf("after the fallback: %d requests for 4 deletes", n)
			}
		})
	}
}

func TestCoalescedDeletesRecheckAnAmbiguousBatch(t *testing.T) {
	// The batch fails with a 502 after deleting r0 but not r1: the re-reads find r0 gone, r1 there.
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		switch r.URL.Path {
		case batchDeletePath:
			writeJSON(w, 502, `{"statusCode":502,"message":"bad gateway"}`)
		case "/unified/crm/contacts/r0":
			writeJSON(w, 404, `{"statusCode":404,"message":"not found","truto_is_remote_error":true}`)
		default:
			writeJSON(w, 200, `{"id":"still-here"}`)
		}
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
	errs := deleteAll(c, ids(0, 2))

	if !IsCRMNotFound(errs["r0"]) {
		t.Errorf("r0 (gone): %v, want the CRM's 404 as a retried DELETE gives", errs["r0"])
	}
	if err := errs["r1"]; err == nil || !strings.Contains(err.Error(), "still exists") || !strings.Contains(err.Error(), "502") {
		t.Errorf("r1 (still there): %v, want an error saying so", err)
	}
	if n := len(batchRequests(srv)); n != 1 {
		t.Errorf("%d batch-deletes, want 1 (never resent after an ambiguous failure)", n)
	}
	gets := 0
	for _, r := range srv.requests() {
		if r.Method == http.MethodGet {
			gets++
		}
	}
	if gets != 2 {
		t.Errorf("%d re-reads, want 2", gets)
	}
}

// Deletes that arrive spread out (Terraform starts each as an earlier one returns), each within
// deleteIdle of the one before, still share batches: a group takes ids while they keep coming.
func TestSpreadOutDeletesShareBatches(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		if r.URL.Path != batchDeletePath {
			writeJSON(w, 200, `{"id":"x"}`)
			return
		}
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
	var wg sync.WaitGroup
	for _, id := range ids(0, 30) {
		wg.Go(func() {
			if err := c.Delete(context.Background(), contacts, c.opts, id); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		})
		time.Sleep(deleteIdle / 3)
	}
	wg.Wait()
	if n := srv.count(); n > 3 {
		t.Errorf("30 deletes %s apart: %d requests (%d batch-deletes), want at most 3", deleteIdle/3, n, len(batchRequests(srv)))
	}
}

// A CRM 404 on the batch-delete call is not a 404 of any one record: every id is re-read, and only
// a read's 404 says a record is gone. (Taken for each id's 404, destroy would drop from state up
// to 100 records that still exist.)
func TestCoalescedDeletesRecheckABatchCRMNotFound(t *testing.T) {
	for _, tc := range []struct {
		name string
		gone map[string]bool // ids the re-read finds gone
	}{
		{"all still there", nil},
		{"one gone", map[string]bool{"/unified/crm/contacts/r1": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
				switch {
				case r.URL.Path == batchDeletePath:
					writeJSON(w, 404, `{"statusCode":404,"message":"Not Found","truto_is_remote_error":true}`)
				case r.Method == http.MethodGet && tc.gone[r.URL.Path]:
					writeJSON(w, 404, `{"statusCode":404,"message":"not found","truto_is_remote_error":true}`)
				case r.Method == http.MethodGet:
					writeJSON(w, 200, `{"id":"still-here"}`)
				default:
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
					writeJSON(w, 500, `{"statusCode":500,"message":"unexpected"}`)
				}
			})
			c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
			c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
			errs := deleteAll(c, ids(0, 3))

			for _, id := range ids(0, 3) {
				err := errs[id]
				if tc.gone["/unified/crm/contacts/"+id] {
					if !IsCRMNotFound(err) {
						t.Errorf("%s (gone): %v, want the read's CRM 404", id, err)
					}
					continue
				}
				if err == nil || IsCRMNotFound(err) || !strings.Contains(err.Error(), "still exists") {
					t.Errorf("%s (still there): %v, want an error saying it still exists, not a CRM 404", id, err)
				}
			}
			if n := len(batchRequests(srv)); n != 1 {
				t.Errorf("%d batch-deletes, want 1", n)
			}
			gets := 0
			for _, r := range srv.requests() {
				if r.Method == http.MethodGet {
					gets++
				}
			}
			if gets != 3 {
				t.Errorf("%d re-reads, want 3", gets)
			}
		})
	}
}

// Two resources adopting the same record destroy the same id at once: a group sends it once, and
// every caller with that id gets the same answer.
func TestCoalescedDeletesSendAnIDOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		if r.URL.Path != batchDeletePath {
			writeJSON(w, 200, `{"id":"x"}`) // a single DELETE
			return
		}
		answerDeleted(w, batchIDs(t, r, body))
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)

	callers := []string{"r0", "dup", "r1", "dup"}
	errs := make([]error, len(callers))
	var wg sync.WaitGroup
	for i, id := range callers {
		wg.Go(func() { errs[i] = c.Delete(context.Background(), contacts, c.opts, id) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("caller %d (%s): %v", i, callers[i], err)
		}
	}
	reqs := batchRequests(srv)
	if len(reqs) != 1 || srv.count() != 1 {
		t.Fatalf("%d requests (%d batch-deletes), want 1 batch-delete", srv.count(), len(reqs))
	}
	var b struct{ ID []string }
	_ = json.Unmarshal(reqs[0].Body, &b)
	seen := map[string]int{}
	for _, id := range b.ID {
		seen[id]++
	}
	if len(b.ID) != 3 || seen["dup"] != 1 || seen["r0"] != 1 || seen["r1"] != 1 {
		t.Errorf("ids sent = %v, want r0, r1 and dup once each", b.ID)
	}

	// Only the same id twice: one plain DELETE, both callers answered.
	before := srv.count()
	errs = make([]error, 2)
	for i := range errs {
		wg.Go(func() { errs[i] = c.Delete(context.Background(), contacts, c.opts, "same") })
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Errorf("same id twice: %v, %v", errs[0], errs[1])
	}
	if reqs := srv.requests()[before:]; len(reqs) != 1 || reqs[0].Method != http.MethodDelete {
		t.Errorf("same id twice sent %d requests, want one DELETE: %+v", len(reqs), reqs)
	}
}

// A read-only sandbox answers 405 to every write (accounts reference): once batch-delete and a
// DELETE are refused so, the other ids are not sent one by one (250 requests, 50 s at Truto's
// limit); each gets the refusal. Deleted ten at a time, as Terraform's destroy does.
func TestDeletesStopAtARefusedMethod(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 405, `{"statusCode":405,"message":"Integrated account is a sandbox account and is read-only"}`)
	})
	for _, batched := range []bool{true, false} {
		c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
		if batched {
			c.EnableBatchDelete(contacts, c.opts.IntegratedAccountID, BatchDeleteInBody)
		}
		before := len(srv.requests())
		errs := make([]error, 250)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 10)
		for i, id := range ids(0, 250) {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				errs[i] = c.Delete(context.Background(), contacts, c.opts, id)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if Classify(err) != NotAllowed || !strings.Contains(err.Error(), "sandbox") {
				t.Errorf("batched %t: r%d: %v, want the 405", batched, i, err)
			}
		}
		deletes := 0
		for _, r := range srv.requests()[before:] {
			if r.Method == http.MethodDelete {
				deletes++
			}
		}
		if deletes > 20 {
			t.Errorf("batched %t: %d DELETEs for 250 records, want the ones in flight when the first was refused (10 at a time)", batched, deletes)
		}
	}
}

// The 405 kept is Truto's for that query: a delete of another engagement_type, and a delete after
// a CRM's own 405 (which may be about its record), are still sent.
func TestDeleteRefusalsAreKeptPerQuery(t *testing.T) {
	t.Parallel()
	engagements := Collection{Path: "/unified/crm/engagements", Noun: "engagement"}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case r.URL.Query().Get("engagement_type") == "meeting":
			writeJSON(w, 405, `{"statusCode":405,"message":"delete of meetings: method not supported"}`)
		case r.URL.Path == "/unified/crm/engagements/e1":
			writeJSON(w, 405, `{"statusCode":405,"message":"locked","truto_is_remote_error":true}`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	typed := func(typ string) RequestOptions {
		o := c.opts
		o.Params = []Param{{"engagement_type", typ}}
		return o
	}
	steps := []struct {
		id, typ string
		sent    bool
		refused bool
	}{
		{"e0", "meeting", true, true},
		{"e2", "meeting", false, true}, // the meeting's refusal, unsent
		{"e3", "call", true, false},
		{"e1", "call", true, true}, // the CRM's 405 for e1
		{"e4", "call", true, false},
	}
	for _, st := range steps {
		before := srv.count()
		err := c.Delete(context.Background(), engagements, typed(st.typ), st.id)
		if sent := srv.count() > before; sent != st.sent || (Classify(err) == NotAllowed) != st.refused {
			t.Errorf("%s (%s): sent %t, %v; want sent %t, refused %t", st.id, st.typ, sent, err, st.sent, st.refused)
		}
	}
}
