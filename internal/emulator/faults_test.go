package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// freshClient opens a new connection per request, so a dropped connection
// surfaces as an error instead of Go's transparent retry on a reused
// connection (net/http retries GETs and requests with an Idempotency-Key).
func freshClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
}

func TestDropAfterCommit(t *testing.T) {
	h := newHarness(t)
	h.srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{FaultDropAfterCommit}})

	req, _ := http.NewRequest("POST", h.ts.URL+collPath(acctID), jsonBody(map[string]any{"name": "Committed"}))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "drop-1")
	resp, err := freshClient().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d) although the connection should be dropped", resp.StatusCode)
	}
	recs := h.srv.Records(acctID)
	if len(recs) != 1 || recs[0]["name"] != "Committed" {
		t.Fatalf("the write was not committed: %v", recs)
	}
	if c := h.srv.Counts(); c["dropped"] != 1 || c["POST"] != 1 {
		t.Errorf("counts = %v", c)
	}

	// PATCH and DELETE are committed too.
	id := sv(recs[0]["id"])
	req, _ = http.NewRequest("PATCH", h.ts.URL+itemPath(acctID, id), strings.NewReader(`{"description":"patched"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if _, err := freshClient().Do(req); err == nil {
		t.Fatal("PATCH answered")
	}
	if rec, _ := h.srv.Record(acctID, id); rec["description"] != "patched" {
		t.Errorf("PATCH not committed: %v", rec)
	}
	// GET is simply dropped.
	req, _ = http.NewRequest("GET", h.ts.URL+itemPath(acctID, id), nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if _, err := freshClient().Do(req); err == nil {
		t.Fatal("GET answered")
	}

	// The retry with the same key gets the stored answer: no duplicate.
	h.srv.SetFaults(Faults{})
	r := h.call("POST", collPath(acctID), map[string]any{"name": "Committed"}, "Idempotency-Key: drop-1").wantStatus(t, 201)
	if r.header.Get("Idempotent-Replayed") != "true" || r.body["id"] != id {
		t.Errorf("retry: replayed=%q id=%v, want the committed record %s", r.header.Get("Idempotent-Replayed"), r.body["id"], id)
	}
	req, _ = http.NewRequest("DELETE", h.ts.URL+itemPath(acctID, id), nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	h.srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{FaultDropAfterCommit}})
	if _, err := freshClient().Do(req); err == nil {
		t.Fatal("DELETE answered")
	}
	if len(h.srv.Records(acctID)) != 0 {
		t.Error("DELETE not committed")
	}
}

func TestFaultSpread(t *testing.T) {
	h := newHarness(t)
	kinds := []FaultKind{FaultTooManyRequests, FaultInternal, FaultBadGateway, FaultGatewayTimeout}
	h.srv.SetFaults(Faults{Rate: 1, Kinds: kinds})
	got := map[int]int{}
	for range 40 {
		r := h.call("GET", collPath(acctID), nil)
		got[r.status]++
		switch r.status {
		case 429:
			r.wantError(t, 429, "", true)
			if r.header.Get("Retry-After") != "1" {
				t.Errorf("chaos 429 Retry-After = %q, want 1", r.header.Get("Retry-After"))
			}
		case 500:
			r.wantError(t, 500, "Internal server error", false)
		case 502:
			r.wantError(t, 502, "Bad gateway", false)
		case 504:
			r.wantError(t, 504, "Gateway timeout", false)
		default:
			t.Fatalf("unexpected status %d", r.status)
		}
	}
	jsonEq(t, "spread", got, map[int]int{429: 10, 500: 10, 502: 10, 504: 10})
	if c := h.srv.Counts(); c["429"] != 10 || c["GET"] != 40 {
		t.Errorf("counts = %v", c)
	}

	// A fractional rate faults about that fraction (seeded, so stable).
	h.srv.SetFaults(Faults{Rate: 0.25, Kinds: []FaultKind{FaultInternal}})
	faulted := 0
	for range 400 {
		if h.call("GET", collPath(acctID), nil).status == 500 {
			faulted++
		}
	}
	if faulted < 60 || faulted > 140 {
		t.Errorf("%d of 400 requests faulted at rate 0.25", faulted)
	}

	// Latency: slow but successful.
	h.srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{FaultLatency}, Latency: 60 * time.Millisecond})
	start := time.Now()
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("latency fault took only %v", d)
	}

	// Off again.
	h.srv.SetFaults(Faults{})
	for range 20 {
		h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	}
}

func TestFaultsValidateAndJSON(t *testing.T) {
	if err := (Faults{Rate: 1.5}).Validate(); err == nil {
		t.Error("rate 1.5 accepted")
	}
	if err := (Faults{Rate: 0.5, Kinds: []FaultKind{"418"}}).Validate(); err == nil {
		t.Error("unknown kind accepted")
	}
	f := Faults{Rate: 0.2, Kinds: []FaultKind{FaultLatency}, Latency: 150 * time.Millisecond}
	b, _ := f.MarshalJSON()
	if string(b) != `{"rate":0.2,"kinds":["latency"],"latency_ms":150}` {
		t.Errorf("JSON = %s", b)
	}
	var back Faults
	if err := back.UnmarshalJSON(b); err != nil || back.Latency != f.Latency || back.Rate != f.Rate {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}

func TestFailNext(t *testing.T) {
	h := newHarness(t)
	h.srv.FailNext("POST", 503, 2)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200) // other methods unaffected
	for range 2 {
		r := h.call("POST", collPath(acctID), map[string]any{"name": "B"}).wantError(t, 503, "Integrated account is blocked", false)
		if !strings.Contains(sv(r.body["message"]), "reconnect it") {
			t.Errorf("503 message = %q", r.body["message"])
		}
	}
	h.call("POST", collPath(acctID), map[string]any{"name": "B"}).wantStatus(t, 201)
	if n := len(h.srv.Records(acctID)); n != 1 {
		t.Errorf("failed POSTs stored records: %d", n)
	}

	h.srv.FailNext("", 401, 1)
	r := h.call("DELETE", itemPath(acctID, "1"), nil).wantError(t, 401, "Invalid API token", false)
	if len(r.body) != 3 {
		t.Errorf("401 body = %s", r.raw)
	}
	h.srv.FailNext("GET", 404, 1)
	h.call("GET", itemPath(acctID, "1"), nil).wantError(t, 404, "Integrated account not found", false)
	h.srv.FailNext("get", 500, 1)
	h.call("GET", collPath(acctID), nil).wantError(t, 500, "Internal server error", false)
	h.srv.FailNext("GET", 429, 1)
	r = h.call("GET", collPath(acctID), nil).wantError(t, 429, "Rate limit exceeded", false)
	if r.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	h.srv.FailNext("GET", 502, 1)
	h.call("GET", collPath(acctID), nil).wantError(t, 502, "Bad gateway", false)
	h.srv.FailNext("GET", 504, 1)
	h.call("GET", collPath(acctID), nil).wantError(t, 504, "Gateway timeout", false)
	h.srv.FailNext("GET", 403, 1)
	h.call("GET", collPath(acctID), nil).wantError(t, 403, "scopes", false)
	h.srv.FailNextRemote("GET", 401, 1)
	r = h.call("GET", collPath(acctID), nil).wantError(t, 401, "credentials", true)
	if obj(r.body["raw_response"])["category"] != "INVALID_AUTHENTICATION" {
		t.Errorf("raw_response = %v", r.body["raw_response"])
	}
	h.srv.FailNextRemote("PATCH", 409, 1)
	h.call("PATCH", itemPath(acctID, "1"), map[string]any{}).wantError(t, 409, "already exists", true)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200) // queue drained

	// FailNext comes after auth: a bad token does not use it up.
	h.srv.FailNext("", 500, 1)
	h.call("GET", collPath(acctID), nil, "Authorization: Bearer wrong").wantStatus(t, 401)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 500)
}

func TestCounters(t *testing.T) {
	h := newHarness(t)
	id := sv(h.create(acctID, map[string]any{"name": "C"})["id"])
	h.call("GET", itemPath(acctID, id), nil)
	h.call("GET", collPath(acctID), nil)
	h.call("PATCH", itemPath(acctID, id), map[string]any{"industry": "x"})
	h.call("GET", collPath(acctID), nil, "Authorization: Bearer wrong") // counted though 401
	h.call("PUT", itemPath(acctID, id), nil)                            // counted though 405
	h.call("GET", "/_emulator/counts", nil)                             // not counted
	// No such collection: not counted.
	h.call("GET", "/unified/crm/widgets?integrated_account_id="+acctID, nil)
	h.call("DELETE", itemPath(acctID, id), nil)
	for m, want := range map[string]int{"POST": 1, "GET": 3, "PATCH": 1, "PUT": 1, "DELETE": 1, "get": 3} {
		if got := h.srv.RequestCount(m); got != want {
			t.Errorf("RequestCount(%s) = %d, want %d", m, got, want)
		}
	}
	jsonEq(t, "Counts", h.srv.Counts(), map[string]int{"POST": 1, "GET": 3, "PATCH": 1, "PUT": 1, "DELETE": 1, "429": 0, "dropped": 0})
	h.srv.ResetCounts()
	jsonEq(t, "Counts after reset", h.srv.Counts(), map[string]int{"429": 0, "dropped": 0})
}

// TestServeHTTPWithRecorder: the handler also works without a network
// server; a drop then aborts the handler with http.ErrAbortHandler.
func TestServeHTTPWithRecorder(t *testing.T) {
	srv := New(Options{Token: testToken, Accounts: []IntegratedAccount{{ID: acctID}}, Seed: 1})
	req := httptest.NewRequest("POST", collPath(acctID), strings.NewReader(`{"name":"R"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 201 || rec.Header().Get("Ratelimit-Remaining") != "49" {
		t.Fatalf("recorder: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}

	srv.SetFaults(Faults{Rate: 1, Kinds: []FaultKind{FaultDropAfterCommit}})
	req = httptest.NewRequest("POST", collPath(acctID), strings.NewReader(`{"name":"Dropped"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", p)
			}
		}()
		srv.ServeHTTP(httptest.NewRecorder(), req)
	}()
	if n := len(srv.Records(acctID)); n != 2 {
		t.Errorf("%d records, want 2 (the dropped write is committed)", n)
	}
}

// Every: a fixed cadence over every API request, capabilities and meta included, where a 429 is
// Truto's own with Retry-After: 1.
func TestFaultEvery(t *testing.T) {
	h := newHarness(t)
	h.srv.SetFaults(Faults{Every: 3, Kinds: []FaultKind{FaultTooManyRequests}})
	caps, meta, coll := capsPath(acctID), metaPath("accounts", "create", acctID), collPath(acctID)
	var got []int
	for i, p := range []string{caps, meta, caps, meta, caps, meta, coll, coll, coll} { // faults: caps, meta, coll
		r := h.call("GET", p, nil)
		got = append(got, r.status)
		if r.status == 429 && r.header.Get("Retry-After") != "1" {
			t.Errorf("request %d: Retry-After %q, want 1", i+1, r.header.Get("Retry-After"))
		}
	}
	jsonEq(t, "statuses", got, []int{200, 200, 429, 200, 200, 429, 200, 200, 429})
	b, _ := Faults{Every: 3, Kinds: []FaultKind{FaultTooManyRequests}}.MarshalJSON()
	var back Faults
	if err := back.UnmarshalJSON(b); err != nil || back.Every != 3 {
		t.Errorf("round trip of %s = %+v, %v", b, back, err)
	}
	if (Faults{Every: -1}).Validate() == nil {
		t.Error("every = -1 accepted")
	}
}
