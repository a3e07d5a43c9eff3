package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestCountersCoverEveryCollection(t *testing.T) {
	h := newHarness(t)
	h.call("GET", cpath("contacts", acctID), nil)
	h.call("POST", cpath("contacts", acctID), map[string]any{"first_name": "a"})
	h.call("POST", cpath("users", acctID), map[string]any{})                    // 405, counted
	h.call("GET", cpath("engagements", acctID), nil, "Authorization: Bearer x") // 401, counted
	h.call("GET", cpath("accounts", acctID), nil)
	h.call("GET", "/unified/crm/contacts/meta/create?integrated_account_id="+acctID, nil) // meta: not a contacts request
	h.call("GET", "/unified/crm/widgets?integrated_account_id="+acctID, nil)              // no such route
	h.call("GET", "/_emulator/counts", nil)                                               // control
	jsonEq(t, "Counts", h.srv.Counts(), map[string]int{"GET": 4, "POST": 2, "429": 0, "dropped": 0})
	for coll, want := range map[string]map[string]int{
		"contacts":    {"GET": 1, "POST": 1},
		"users":       {"POST": 1},
		"engagements": {"GET": 1},
		"accounts":    {"GET": 1},
		"stages":      {},
	} {
		jsonEq(t, coll, h.srv.CollectionCounts(coll), want)
	}
	jsonEq(t, "HTTP counts?collection", h.call("GET", "/_emulator/counts?collection=contacts", nil).wantStatus(t, 200).body, map[string]any{"GET": 1, "POST": 1})
	h.call("GET", "/_emulator/counts?collection=widgets", nil).wantError(t, 404, "unknown collection widgets", false)
	h.srv.ResetCounts()
	jsonEq(t, "after reset", h.srv.CollectionCounts("contacts"), map[string]int{})
	if n := len(h.srv.RequestLog()); n != 0 {
		t.Errorf("request log after reset: %d", n)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("CollectionCounts(widgets) did not panic")
			}
		}()
		h.srv.CollectionCounts("widgets")
	}()
}

func TestRequestLog(t *testing.T) {
	h := newHarness(t)
	id := h.srv.In("engagements").Seed(acctID, map[string]any{"engagement_type": "call"})
	h.call("GET", ipath("engagements", acctID, id, "truto_exclude_fields[]=subject"), nil)
	h.call("PATCH", "/unified/crm/contacts/a%20b?integrated_account_id="+acctID, map[string]any{})
	h.call("GET", cpath("accounts", "nope"), nil)
	h.srv.FailNext("DELETE", 503, 1)
	h.call("DELETE", ipath("engagements", acctID, id), nil)
	got := h.srv.RequestLog()
	want := []LoggedRequest{
		{Method: "GET", Path: "/unified/crm/engagements/" + id, Query: url.Values{"integrated_account_id": {acctID}, "truto_exclude_fields[]": {"subject"}}, Status: 200},
		{Method: "PATCH", Path: "/unified/crm/contacts/a b", Query: url.Values{"integrated_account_id": {acctID}}, Status: 404},
		{Method: "GET", Path: "/unified/crm/accounts", Query: url.Values{"integrated_account_id": {"nope"}}, Status: 404},
		{Method: "DELETE", Path: "/unified/crm/engagements/" + id, Query: url.Values{"integrated_account_id": {acctID}}, Status: 503},
	}
	jsonEq(t, "RequestLog", got, want)
	// A copy: changing it changes nothing.
	got[0].Query.Set("x", "y")
	if _, ok := h.srv.RequestLog()[0].Query["x"]; ok {
		t.Error("RequestLog shares its query maps")
	}
	res := h.call("GET", "/_emulator/requests", nil).wantStatus(t, 200)
	var wire []map[string]any
	if err := json.Unmarshal(res.raw, &wire); err != nil || len(wire) != 4 {
		t.Fatalf("requests = %s", res.raw)
	}
	jsonEq(t, "wire entry", wire[3], map[string]any{"method": "DELETE", "path": "/unified/crm/engagements/" + id,
		"query": map[string]any{"integrated_account_id": []any{acctID}}, "status": 503})

	// The log keeps the last 10,000.
	srv := New(Options{Token: testToken, Accounts: []IntegratedAccount{{ID: acctID}}, AccountRateLimit: RateLimit{Requests: -1}, TokenRateLimit: RateLimit{Requests: -1}})
	for i := range maxLoggedRequests + 2500 {
		req := httptest.NewRequest("GET", fmt.Sprintf("/unified/crm/users?integrated_account_id=%s&n=%d", acctID, i), nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		srv.ServeHTTP(httptest.NewRecorder(), req)
	}
	log := srv.RequestLog()
	if len(log) != maxLoggedRequests || log[0].Query.Get("n") != "2500" || log[len(log)-1].Query.Get("n") != fmt.Sprint(maxLoggedRequests+2499) {
		t.Errorf("log: %d entries, first n=%s last n=%s", len(log), log[0].Query.Get("n"), log[len(log)-1].Query.Get("n"))
	}
	if srv.RequestCount("GET") != maxLoggedRequests+2500 {
		t.Errorf("count = %d", srv.RequestCount("GET"))
	}
}

func TestRequestLogDroppedAndIdempotencyKeys(t *testing.T) {
	h := newHarness(t)
	h.srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{FaultDropAfterCommit}})
	req, _ := http.NewRequest("POST", h.ts.URL+cpath("tasks", acctID), strings.NewReader(`{"subject":"s"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Idempotency-Key", "task-1")
	if _, err := freshClient().Do(req); err == nil {
		t.Fatal("answered")
	}
	h.srv.SetFaults(Faults{})
	log := h.srv.RequestLog()
	if len(log) != 1 || log[0].Status != 0 {
		t.Errorf("log = %+v, want status 0 for a dropped connection", log)
	}
	jsonEq(t, "IdempotencyKeys", h.srv.IdempotencyKeys(), []string{"task-1"})
	if c := h.srv.Counts(); c["dropped"] != 1 || c["POST"] != 1 {
		t.Errorf("counts = %v", c)
	}
}

// TestConcurrentCollections exercises the collection surfaces at once for
// the race detector.
func TestConcurrentCollections(t *testing.T) {
	h := newHarness(t, withAccount("cr", Profile{CheckReferences: true, ReorderLists: true, Fields: map[string][]FieldDef{"contact": {{Name: "x", Type: "string"}}}}))
	uid := h.srv.In("users").Seed("cr", map[string]any{"name": "U"})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 10 {
				c := h.call("POST", cpath("contacts", "cr"), map[string]any{"first_name": fmt.Sprint(g, i), "owner": map[string]any{"id": uid}}).body
				id := sv(c["id"])
				h.call("PATCH", ipath("contacts", "cr", id), map[string]any{"last_name": "L"})
				h.call("POST", cpath("notes", "cr"), map[string]any{"contact": []any{map[string]any{"id": id}}})
				h.call("GET", cpath("contacts", "cr", "limit=3", "sort_by[name]=asc"), nil)
				h.call("GET", capsPath("cr"), nil)
				h.call("GET", metaPath("contacts", "update", "cr"), nil)
				h.call("GET", cpath("fields", "cr", "entity=contact"), nil)
				h.srv.In("stages").Seed("cr", map[string]any{"name": fmt.Sprint(g, i)})
				h.srv.In("contacts").Mutate("cr", id, map[string]any{"title": "t"})
				h.srv.RequestLog()
				h.srv.CollectionCounts("notes")
				if i%4 == 0 {
					h.srv.FailNextIn("notes", "POST", 500, 1)
				}
			}
		})
	}
	wg.Wait()
	if n := len(h.srv.In("contacts").Records("cr")); n != 60 {
		t.Errorf("%d contacts, want 60", n)
	}
	if c := h.srv.CollectionCounts("contacts"); c["POST"] != 60 || c["PATCH"] != 60 {
		t.Errorf("contacts counts = %v", c)
	}
}
