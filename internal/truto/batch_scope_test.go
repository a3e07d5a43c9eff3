package truto

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// A read that reads list pages ends with its context, however the pages answer: a page cancelled
// with it is not asked for again and again.
func TestPageReadsEndWithTheirContext(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		select { // a list slower than the read's deadline
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		writeJSON(w, 200, `{"result":[],"next_cursor":null}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) {
		cfg.BatchReads = true
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
	})
	read := func(how ReadHow) error {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, _, err := c.Read(ctx, accounts, c.opts, "r1", how)
		return err
	}
	for name, reads := range map[string]func() []error{
		"alone, without get": func() []error { return []error{read(ReadHow{NoGet: true})} },
		"batched": func() []error { // two reads together share the pages (fromPages)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() { errs[i] = read(ReadHow{}) })
			}
			wg.Wait()
			return errs
		},
		"lookups": func() []error { // two lookups together share the pages
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() {
					ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
					defer cancel()
					_, errs[i] = c.Lookup(ctx, accounts, c.opts, nil, func(*Record) bool { return true })
				})
			}
			wg.Wait()
			return errs
		},
	} {
		done := make(chan []error, 1)
		go func() { done <- reads() }()
		select {
		case errs := <-done:
			for _, err := range errs {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s: %v, want the context's deadline", name, err)
				}
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the read did not return after its context ended", name)
		}
	}
}

// engagementServer lists engagements only under an engagement_type (as 10 integrations require,
// reference §8): e<i> is a call for even i, a meeting for odd i. No get.
func engagementServer(t *testing.T, n int) *testServer {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case r.Method == http.MethodPatch:
			writeJSON(w, 200, `{"id":"e4","engagement_type":"call"}`)
			return
		case r.Method != http.MethodGet || r.URL.Path != "/unified/crm/engagements":
			writeJSON(w, 405, `{"statusCode":405,"message":"not supported"}`)
			return
		}
		typ := r.URL.Query().Get("engagement_type")
		if typ == "" {
			writeJSON(w, 400, `{"statusCode":400,"message":"engagement_type is required"}`)
			return
		}
		var items []string
		for i := range n {
			if (i%2 == 0) == (typ == "call") {
				items = append(items, fmt.Sprintf(`{"id":"e%d","engagement_type":%q}`, i, typ))
			}
		}
		writeJSON(w, 200, `{"result":[`+strings.Join(items, ",")+`],"next_cursor":null}`)
	})
}

// A read with a scope lists with its filters, in a scan of its own per scope.
func TestReadsListUnderTheirScope(t *testing.T) {
	t.Parallel()
	engagements := Collection{Path: "/unified/crm/engagements", Noun: "engagement"}
	srv := engagementServer(t, 10)
	c := newTestClient(t, srv, func(cfg *Config) {
		cfg.BatchReads = true
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
	})
	scope := func(typ string) ReadHow { return ReadHow{NoGet: true, Scope: []Param{{"engagement_type", typ}}} }
	for id, typ := range map[string]string{"e4": "call", "e3": "meeting", "e6": "call"} {
		if got, _, err := c.Read(context.Background(), engagements, c.opts, id, scope(typ)); err != nil || got.ID != id {
			t.Errorf("%s (%s): %v, %v", id, typ, got, err)
		}
	}
	// A call is not in the meetings' list.
	if _, _, err := c.Read(context.Background(), engagements, c.opts, "e2", scope("meeting")); !IsNotListed(err) {
		t.Errorf("e2 under meeting: %v, want not listed", err)
	}
	var queries []string
	for _, r := range srv.requests() {
		queries = append(queries, r.RawQuery)
	}
	// One page per type, and the unfiltered list the miss asked (refused: the scope's answer stands).
	if len(queries) != 3 || !strings.Contains(strings.Join(queries, " "), "engagement_type=call") ||
		!strings.Contains(strings.Join(queries, " "), "engagement_type=meeting") || strings.Contains(queries[2], "engagement_type") {
		t.Errorf("list requests %q, want one page per engagement_type, then the unfiltered list", queries)
	}
	// Written since: listed again, under the scope.
	if _, err := c.Update(context.Background(), engagements, c.opts, "e4", rec("subject", "x")); err != nil {
		t.Fatal(err)
	}
	if got, _, err := c.Read(context.Background(), engagements, c.opts, "e4", scope("call")); err != nil || got.ID != "e4" {
		t.Errorf("e4 after a write: %v, %v", got, err)
	}
	if last := srv.requests()[len(srv.requests())-1]; !strings.Contains(last.RawQuery, "engagement_type=call") {
		t.Errorf("the listing after a write asked %q, want the scope's filter", last.RawQuery)
	}
}

// A record a scope's list lacks is looked for in the unfiltered list, when the CRM serves one: a
// CRM may answer nothing for a filter value it does not know (reference §8 lists no "note" filter).
// An unfiltered list that fails otherwise than by refusing the call says nothing: an error, not gone.
func TestReadsMissingFromTheirScopeAskTheWholeList(t *testing.T) {
	t.Parallel()
	engagements := Collection{Path: "/unified/crm/engagements", Noun: "engagement"}
	for _, tc := range []struct {
		wholeStatus int
		want        func(*Record, error) bool
	}{
		{200, func(r *Record, err error) bool { return err == nil && r.ID == "n1" }},
		{503, func(_ *Record, err error) bool { return err != nil && !IsNotListed(err) }},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
			switch {
			case r.URL.Query().Get("engagement_type") != "":
				writeJSON(w, 200, `{"result":[],"next_cursor":null}`) // a value the CRM does not filter by
			case tc.wholeStatus != 200:
				writeJSON(w, tc.wholeStatus, `{"statusCode":503,"message":"unavailable"}`)
			default:
				writeJSON(w, 200, `{"result":[{"id":"n1","engagement_type":"note"}],"next_cursor":null}`)
			}
		})
		c := newTestClient(t, srv, func(cfg *Config) {
			cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1}
			cfg.MaxRetries = 1
		})
		got, _, err := c.Read(context.Background(), engagements, c.opts, "n1", ReadHow{NoGet: true, Scope: []Param{{"engagement_type", "note"}}})
		if !tc.want(got, err) {
			t.Errorf("unfiltered list answering %d: %v, %v", tc.wholeStatus, got, err)
		}
	}
}

// Two scopes of a collection whose get and list both answer Truto's plain 404 (perhaps another
// server at base_url): each read gets the GET's error, not "the integration can read none".
func TestEveryScopeKeepsTheGetsAnswer(t *testing.T) {
	t.Parallel()
	engagements := Collection{Path: "/unified/crm/engagements", Noun: "engagement"}
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 404, `{"statusCode":404,"message":"Not Found"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	for _, typ := range []string{"call", "meeting"} {
		_, _, err := c.Read(context.Background(), engagements, c.opts, "e1", ReadHow{Scope: []Param{{"engagement_type", typ}}})
		if err == nil || IsUnreadable(err) || Classify(err) != TrutoNotFound {
			t.Errorf("%s: %v, want the GET's plain 404", typ, err)
		}
	}
}
