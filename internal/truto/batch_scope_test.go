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
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
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
	if len(queries) != 2 || !strings.Contains(strings.Join(queries, " "), "engagement_type=call") ||
		!strings.Contains(strings.Join(queries, " "), "engagement_type=meeting") {
		t.Errorf("list requests %q, want one page per engagement_type", queries)
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
