package truto

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// crmServer serves a collection of n records (ids r0 .. r<n-1>) as a CRM behind Truto would: list
// pages of ?limit= records with an offset cursor, and GET by id (a CRM 404 for unknown ids).
// failList, when set, answers list requests with that status and Truto's own error body.
func crmServer(t *testing.T, n int, failList int) *testServer {
	return crmServerWith(t, n, crmAnswers{listStatus: failList, listMessage: "Integrated account not found"})
}

// crmAnswers are the failures of a crmServerWith: a status (and Truto's message) for every list
// request, and one for every GET by id.
type crmAnswers struct {
	listStatus, getStatus   int
	listMessage, getMessage string
}

func crmServerWith(t *testing.T, n int, a crmAnswers) *testServer {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.URL.Path == "/unified/crm/accounts" {
			if a.listStatus != 0 {
				writeJSON(w, a.listStatus, fmt.Sprintf(`{"statusCode":%d,"message":%q}`, a.listStatus, a.listMessage))
				return
			}
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			from, _ := strconv.Atoi(r.URL.Query().Get("next_cursor"))
			var items []string
			for i := from; i < min(from+limit, n); i++ {
				items = append(items, fmt.Sprintf(`{"id":"r%d","name":"Record %d"}`, i, i))
			}
			next := "null"
			if from+limit < n {
				next = fmt.Sprintf(`"%d"`, from+limit)
			}
			writeJSON(w, 200, `{"result":[`+strings.Join(items, ",")+`],"next_cursor":`+next+`}`)
			return
		}
		if a.getStatus != 0 {
			writeJSON(w, a.getStatus, fmt.Sprintf(`{"statusCode":%d,"message":%q}`, a.getStatus, a.getMessage))
			return
		}
		id := strings.TrimPrefix(r.URL.Path, "/unified/crm/accounts/")
		if i, err := strconv.Atoi(strings.TrimPrefix(id, "r")); err != nil || i >= n {
			writeJSON(w, 404, `{"statusCode":404,"message":"not found","truto_is_remote_error":true}`)
			return
		}
		writeJSON(w, 200, fmt.Sprintf(`{"id":%q,"name":"Record %s (get)"}`, id, strings.TrimPrefix(id, "r")))
	})
}

func countPaths(srv *testServer) (lists, gets int) {
	for _, r := range srv.requests() {
		if r.Path == "/unified/crm/accounts" {
			lists++
		} else {
			gets++
		}
	}
	return lists, gets
}

// readAll reads ids concurrently, as Terraform's refresh does (parallelism workers at a time).
func readAll(t *testing.T, c *testClient, ids []string, parallelism int, complete func(*Record) bool) map[string]*Record {
	t.Helper()
	out := make(map[string]*Record, len(ids))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallelism)
	for _, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			rec, _, err := c.Read(context.Background(), accounts, c.opts, id, ReadHow{Complete: complete})
			if err != nil {
				t.Errorf("read %s: %v", id, err)
				return
			}
			mu.Lock()
			out[id] = rec
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

func batchClient(t *testing.T, srv *testServer) *testClient {
	return newTestClient(t, srv, func(cfg *Config) {
		cfg.BatchReads = true
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
	})
}

func ids(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("r%d", i))
	}
	return out
}

func TestBatchReadsServeARefreshFromPages(t *testing.T) {
	t.Parallel()
	srv := crmServer(t, 250, 0)
	c := batchClient(t, srv)
	got := readAll(t, c, ids(0, 250), 10, nil)
	lists, gets := countPaths(srv)
	if lists != 3 || gets != 0 {
		t.Errorf("250 reads took %d list pages and %d GETs, want 3 pages and no GET", lists, gets)
	}
	if v, _ := got["r249"].Value("name"); string(v) != `"Record 249"` {
		t.Errorf("r249 = %s", v)
	}
	for _, r := range srv.requests() {
		if q := r.RawQuery; r.Path == "/unified/crm/accounts" && (!strings.Contains(q, "limit=100") || !strings.Contains(q, "truto_ignore_remote_data=true")) {
			t.Errorf("list page asked with %s", q)
		}
	}
}

func TestBatchReadsALoneReadIsAGet(t *testing.T) {
	t.Parallel()
	srv := crmServer(t, 250, 0)
	c := batchClient(t, srv)
	readAll(t, c, ids(7, 8), 1, nil)
	if lists, gets := countPaths(srv); lists != 0 || gets != 1 {
		t.Errorf("one read took %d list pages and %d GETs, want one GET", lists, gets)
	}
}

// Ten records at the end of a CRM of 5,000: two pages find none of them, then GETs; never a scan.
func TestBatchReadsNeverScanTheCRM(t *testing.T) {
	t.Parallel()
	srv := crmServer(t, 5000, 0)
	c := batchClient(t, srv)
	got := readAll(t, c, ids(4990, 5000), 10, nil)
	lists, gets := countPaths(srv)
	if lists > pageSlack || lists+gets > 12 {
		t.Errorf("10 reads in 5,000 took %d pages and %d GETs, want at most %d pages and 12 requests", lists, gets, pageSlack)
	}
	if v, _ := got["r4995"].Value("name"); string(v) != `"Record 4995 (get)"` {
		t.Errorf("r4995 = %s", v)
	}
}

// A record a page answers without what the caller needs, one the complete scan did not find, and
// one the client wrote since its page was read all get their own GET.
func TestBatchReadsFallBackToGet(t *testing.T) {
	t.Parallel()
	srv := crmServer(t, 150, 0)
	c := batchClient(t, srv)
	needsOwner := func(r *Record) bool {
		_, ok := r.Raw("owner")
		return ok
	}
	readAll(t, c, ids(0, 150), 10, func(r *Record) bool { return r.ID != "r5" || needsOwner(r) })
	if _, gets := countPaths(srv); gets != 1 {
		t.Errorf("%d GETs, want exactly one for the incomplete r5", gets)
	}
	// r150 is not in the (complete) scan: its GET gives the CRM's 404.
	if _, _, err := c.Read(context.Background(), accounts, c.opts, "r150", ReadHow{}); !IsCRMNotFound(err) {
		t.Errorf("a record no page has: %v, want the CRM's 404 from its GET", err)
	}
	if _, err := c.Update(context.Background(), accounts, c.opts, "r9", rec("name", "x")); err != nil {
		t.Fatal(err)
	}
	rec, _, err := c.Read(context.Background(), accounts, c.opts, "r9", ReadHow{})
	if v, _ := rec.Value("name"); err != nil || string(v) != `"Record 9 (get)"` {
		t.Errorf("a record written since its page: %s, %v; want it read again", v, err)
	}
}

// Truto's own 404 on a list page (the integrated account is not visible) is every waiting read's
// error: no read turns it into "gone", and none sends a GET that would say the same.
func TestBatchReadsTrutoNotFoundIsEveryReadsError(t *testing.T) {
	t.Parallel()
	srv := crmServer(t, 50, http.StatusNotFound)
	c := batchClient(t, srv)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for _, id := range ids(0, 10) {
		wg.Go(func() {
			_, _, err := c.Read(context.Background(), accounts, c.opts, id, ReadHow{})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !IsTrutoNotFound(err) {
			t.Errorf("read error %v, want Truto's 404", err)
		}
	}
	if lists, gets := countPaths(srv); lists != 1 || gets != 0 {
		t.Errorf("%d list requests and %d GETs, want the one failing page", lists, gets)
	}
}

// A list route Truto does not serve for the integration (its plain 404, not "Integrated account not
// found") stops the scan: every read uses its own GET, none fails.
func TestBatchReadsPlainNotFoundOnTheListStopsTheScan(t *testing.T) {
	t.Parallel()
	srv := crmServerWith(t, 50, crmAnswers{listStatus: http.StatusNotFound, listMessage: "Not Found"})
	c := batchClient(t, srv)
	got := readAll(t, c, ids(0, 10), 10, nil)
	if len(got) != 10 {
		t.Errorf("%d records read, want 10", len(got))
	}
	if lists, gets := countPaths(srv); lists != 1 || gets != 10 {
		t.Errorf("%d list requests and %d GETs, want the one failing page and 10 GETs", lists, gets)
	}
}

// Without get (the caller says so), a lone read reads pages until it finds the record, and a
// record a complete scan does not list is not there; nothing asks for a GET. A list item lacking
// what the caller needs is taken as it is, marked incomplete.
func TestReadsWithoutGetUseThePages(t *testing.T) {
	t.Parallel()
	for _, batched := range []bool{true, false} {
		srv := crmServer(t, 250, 0)
		c := newTestClient(t, srv, func(cfg *Config) {
			cfg.BatchReads = batched
			cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
		})
		hasOwner := func(r *Record) bool { _, ok := r.Raw("owner"); return ok }
		got, incomplete, err := c.Read(context.Background(), accounts, c.opts, "r120", ReadHow{NoGet: true, Complete: hasOwner})
		if v, _ := got.Value("name"); err != nil || string(v) != `"Record 120"` || !incomplete {
			t.Errorf("batched %t: r120 = %s, incomplete %t, %v", batched, v, incomplete, err)
		}
		if lists, gets := countPaths(srv); lists != 2 || gets != 0 {
			t.Errorf("batched %t: %d pages and %d GETs, want 2 pages", batched, lists, gets)
		}
		_, _, err = c.Read(context.Background(), accounts, c.opts, "r400", ReadHow{NoGet: true})
		if !IsNotListed(err) || IsCRMNotFound(err) {
			t.Errorf("batched %t: a record no complete scan lists: %v, want not listed", batched, err)
		}
		// Written since its page was read: a new listing finds it as it is now.
		if _, err := c.Update(context.Background(), accounts, c.opts, "r3", rec("name", "x")); err != nil {
			t.Fatal(err)
		}
		lists0, others0 := countPaths(srv) // others: the PATCH
		if _, _, err := c.Read(context.Background(), accounts, c.opts, "r3", ReadHow{NoGet: true}); err != nil {
			t.Errorf("batched %t: r3 after a write: %v", batched, err)
		}
		if lists, others := countPaths(srv); lists != lists0+1 || others != others0 {
			t.Errorf("batched %t: %d pages and %d GETs after the write, want one new page", batched, lists-lists0, others-others0)
		}
	}
}

// Nothing said get is missing: a GET answered 405 (or Truto's plain 404) sends the read to the
// pages, and later reads of the collection go there directly.
func TestReadsFallBackToThePagesWhenGetIsRefused(t *testing.T) {
	t.Parallel()
	for _, a := range []crmAnswers{
		{getStatus: http.StatusMethodNotAllowed, getMessage: "get: method not supported by integration close"},
		{getStatus: http.StatusNotFound, getMessage: "Not Found"},
	} {
		srv := crmServerWith(t, 50, a)
		c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
		for _, id := range []string{"r5", "r6", "r7"} {
			rec, _, err := c.Read(context.Background(), accounts, c.opts, id, ReadHow{})
			if err != nil || rec.ID != id {
				t.Errorf("GET %d: %s: %v, %v", a.getStatus, id, rec, err)
			}
		}
		if lists, gets := countPaths(srv); lists != 1 || gets != 1 {
			t.Errorf("GET %d: %d pages and %d GETs, want one GET (remembered) and one page", a.getStatus, lists, gets)
		}
	}
}

// Neither get nor list: an *UnreadableError, which later reads get without a request.
func TestReadsWithoutGetOrList(t *testing.T) {
	t.Parallel()
	srv := crmServerWith(t, 50, crmAnswers{getStatus: http.StatusMethodNotAllowed, getMessage: "get: not supported",
		listStatus: http.StatusMethodNotAllowed, listMessage: "list: not supported"})
	c := newTestClient(t, srv, nil)
	for range 2 {
		if _, _, err := c.Read(context.Background(), accounts, c.opts, "r1", ReadHow{}); !IsUnreadable(err) {
			t.Errorf("%v, want unreadable", err)
		}
	}
	if lists, gets := countPaths(srv); lists != 1 || gets != 1 {
		t.Errorf("%d pages and %d GETs, want one of each", lists, gets)
	}
	// Two plain 404s say nothing certain (Truto's API may not be at the base URL): the GET's error.
	srv = crmServerWith(t, 50, crmAnswers{getStatus: http.StatusNotFound, getMessage: "Not Found",
		listStatus: http.StatusNotFound, listMessage: "Not Found"})
	c = newTestClient(t, srv, nil)
	if _, _, err := c.Read(context.Background(), accounts, c.opts, "r1", ReadHow{}); IsUnreadable(err) || !IsTrutoNotFound(err) {
		t.Errorf("%v, want Truto's plain 404", err)
	}
	// The account's own 404 on the list stays that error.
	srv = crmServer(t, 50, http.StatusNotFound)
	c = newTestClient(t, srv, nil)
	if _, _, err := c.Read(context.Background(), accounts, c.opts, "r1", ReadHow{NoGet: true}); !IsAccountNotFound(err) {
		t.Errorf("%v, want the integrated account's 404", err)
	}
}
