package emulator

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestGoControlSurface(t *testing.T) {
	h := newHarness(t)
	id := h.srv.Seed(acctID, map[string]any{
		"name": "Seeded", "number_of_employees": 7, "created_at": "2023-05-01T10:00:00Z",
		"addresses":     []any{map[string]any{"city": "Paris"}, map[string]any{"id": "a-1", "city": "Lyon"}},
		"custom_fields": map[string]any{"lifecyclestage": "customer"},
		"remote_data":   map[string]any{"properties": map[string]any{"legacy": "x"}},
	})
	if !recordIDRe.MatchString(id) {
		t.Fatalf("Seed id = %q", id)
	}
	rec, ok := h.srv.Record(acctID, id)
	if !ok || rec["number_of_employees"] != float64(7) || rec["created_at"] != "2023-05-01T10:00:00.000Z" {
		t.Fatalf("Record = %v", rec)
	}
	if a := items(rec, "addresses"); !itemIDRe.MatchString(sv(a[0]["id"])) || a[1]["id"] != "a-1" {
		t.Errorf("seeded addresses = %v", a)
	}
	jsonEq(t, "custom_fields", rec["custom_fields"], map[string]any{"hs_object_source": "API", "lifecyclestage": "customer"})
	if obj(obj(rec["remote_data"])["properties"])["legacy"] != "x" {
		t.Error("seeded remote_data missing")
	}
	// Record returns a copy.
	rec["name"] = "changed"
	obj(rec["custom_fields"])["lifecyclestage"] = "changed"
	if again, _ := h.srv.Record(acctID, id); again["name"] != "Seeded" || obj(again["custom_fields"])["lifecyclestage"] != "customer" {
		t.Error("Record is not a deep copy")
	}
	// Seeding with a chosen id; a taken id gets a new one; unknown account = "".
	if got := h.srv.Seed(acctID, map[string]any{"id": "fixed-1", "name": "F"}); got != "fixed-1" {
		t.Errorf("chosen id = %q", got)
	}
	if got := h.srv.Seed(acctID, map[string]any{"id": "fixed-1", "name": "F2"}); got == "fixed-1" || got == "" {
		t.Errorf("duplicate id = %q", got)
	}
	if got := h.srv.Seed("nope", map[string]any{"name": "x"}); got != "" {
		t.Errorf("unknown account seed = %q", got)
	}

	before := h.call("GET", itemPath(acctID, id), nil).body
	time.Sleep(2 * time.Millisecond)
	if !h.srv.Mutate(acctID, id, map[string]any{"name": "Renamed", "number_of_employees": nil,
		"custom_fields": map[string]any{"lifecyclestage": nil, "new": "v"}, "tags": []any{map[string]any{"name": "t"}}}) {
		t.Fatal("Mutate: not found")
	}
	after := h.call("GET", itemPath(acctID, id), nil).body
	if after["name"] != "Renamed" || sv(after["updated_at"]) <= sv(before["updated_at"]) {
		t.Errorf("Mutate not visible: %v", after)
	}
	if _, ok := after["number_of_employees"]; ok {
		t.Error("Mutate null did not remove")
	}
	jsonEq(t, "mutated custom_fields", after["custom_fields"], map[string]any{"hs_object_source": "API", "new": "v"})
	if !itemIDRe.MatchString(sv(items(after, "tags")[0]["id"])) {
		t.Error("mutated tag got no id")
	}
	h.srv.Mutate(acctID, id, map[string]any{"updated_at": "2030-01-01T00:00:00Z"})
	if r, _ := h.srv.Record(acctID, id); r["updated_at"] != "2030-01-01T00:00:00.000Z" {
		t.Errorf("explicit updated_at = %v", r["updated_at"])
	}
	if h.srv.Mutate(acctID, "missing", map[string]any{"name": "x"}) {
		t.Error("Mutate of a missing record reported true")
	}

	if n := len(h.srv.Records(acctID)); n != 3 {
		t.Errorf("Records = %d", n)
	}
	if !h.srv.Remove(acctID, id) || h.srv.Remove(acctID, id) {
		t.Error("Remove")
	}
	h.call("GET", itemPath(acctID, id), nil).wantError(t, 404, "not found", true)
	if h.srv.Records("nope") != nil {
		t.Error("Records of an unknown account")
	}
	jsonEq(t, "AccountIDs", h.srv.AccountIDs(), []string{acctID, plainID})
	if c := h.srv.Counts(); c["GET"] != 3 {
		t.Errorf("control calls counted as requests? %v", c)
	}
}

func TestLastRemoteQuery(t *testing.T) {
	h := newHarness(t)
	if got := h.srv.LastRemoteQuery(acctID); len(got) != 0 {
		t.Errorf("initial = %v", got)
	}
	h.call("POST", collPath(acctID, "remote_query[workspace][id]=w1", "remote_query%5Bfoo%5D=bar"), map[string]any{"name": "x"}).wantStatus(t, 201)
	want := map[string]string{"workspace[id]": "w1", "foo": "bar"}
	jsonEq(t, "after POST", h.srv.LastRemoteQuery(acctID), want)
	h.call("GET", collPath(acctID), nil)
	jsonEq(t, "after a GET without remote_query", h.srv.LastRemoteQuery(acctID), want)
	h.call("GET", collPath(acctID, "remote_query[x]=1"), nil)
	jsonEq(t, "replaced", h.srv.LastRemoteQuery(acctID), map[string]string{"x": "1"})
	jsonEq(t, "other account", h.srv.LastRemoteQuery(plainID), map[string]string{})
}

func TestHTTPControlSurface(t *testing.T) {
	h := newHarness(t)
	q := "?integrated_account_id=" + acctID
	res := h.call("POST", "/_emulator/records"+q, map[string]any{"name": "Via HTTP"}).wantStatus(t, 201)
	id := sv(res.body["id"])
	list := h.call("GET", "/_emulator/records"+q, nil).wantStatus(t, 200)
	if string(list.raw[0]) != "[" {
		t.Fatalf("records is not a JSON array: %s", list.raw)
	}
	one := h.call("GET", "/_emulator/records/"+id+q, nil).wantStatus(t, 200)
	if one.body["name"] != "Via HTTP" {
		t.Errorf("record = %s", one.raw)
	}
	m := h.call("PATCH", "/_emulator/records/"+id+q, map[string]any{"description": "mutated"}).wantStatus(t, 200)
	if m.body["description"] != "mutated" {
		t.Errorf("mutate = %s", m.raw)
	}
	h.call("DELETE", "/_emulator/records/"+id+q, nil).wantStatus(t, 204)
	h.call("DELETE", "/_emulator/records/"+id+q, nil).wantStatus(t, 404)
	h.call("PATCH", "/_emulator/records/"+id+q, map[string]any{}).wantStatus(t, 404)
	h.call("GET", "/_emulator/records", nil).wantError(t, 400, "integrated_account_id", false)
	h.call("GET", "/_emulator/records?integrated_account_id=nope", nil).wantError(t, 404, "Integrated account not found", false)

	h.call("GET", collPath(acctID, "remote_query[a]=b"), nil)
	jsonEq(t, "remote-query", h.call("GET", "/_emulator/remote-query"+q, nil).body, map[string]any{"a": "b"})
	h.call("POST", collPath(acctID), map[string]any{"name": "k"}, "Idempotency-Key: hk")
	if r := h.call("GET", "/_emulator/idempotency-keys", nil); string(r.raw) != "[\"hk\"]\n" {
		t.Errorf("idempotency-keys = %s", r.raw)
	}

	c := h.call("GET", "/_emulator/counts", nil).wantStatus(t, 200)
	jsonEq(t, "counts", c.body, map[string]any{"GET": 1, "POST": 1, "429": 0, "dropped": 0})
	h.call("POST", "/_emulator/reset-counts", nil).wantStatus(t, 204)
	jsonEq(t, "counts after reset", h.srv.Counts(), map[string]int{"429": 0, "dropped": 0})

	h.call("POST", "/_emulator/faults", map[string]any{"rate": 1, "kinds": []string{"502"}}).wantStatus(t, 204)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 502)
	h.call("POST", "/_emulator/faults", map[string]any{"rate": 0}).wantStatus(t, 204)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	h.call("POST", "/_emulator/faults", map[string]any{"rate": 1, "kinds": []string{"teapot"}}).wantError(t, 400, "unknown fault kind", false)
	h.call("POST", "/_emulator/faults", "{").wantError(t, 400, "invalid JSON", false)

	h.call("POST", "/_emulator/fail-next", map[string]any{"method": "GET", "status": 503}).wantStatus(t, 204)
	h.call("GET", collPath(acctID), nil).wantError(t, 503, "blocked", false)
	h.call("POST", "/_emulator/fail-next", map[string]any{"status": 404, "remote": true, "n": 2}).wantStatus(t, 204)
	h.call("GET", collPath(acctID), nil).wantError(t, 404, "not found", true)
	h.call("DELETE", itemPath(acctID, "x"), nil).wantError(t, 404, "not found", true)
	h.call("POST", "/_emulator/fail-next", map[string]any{"status": 200}).wantStatus(t, 400)

	h.call("POST", "/_emulator/rate-limit"+q, map[string]any{"requests": 1, "per_ms": 60000}).wantStatus(t, 204)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	r := h.call("GET", collPath(acctID), nil).wantStatus(t, 429)
	if r.header.Get("ratelimit-limit") != "1;w=60" {
		t.Errorf("ratelimit-limit = %q", r.header.Get("ratelimit-limit"))
	}
	h.call("GET", "/_emulator/counts", nil).wantStatus(t, 200) // control is not limited
	h.call("POST", "/_emulator/rate-limit", map[string]any{"requests": 1, "per_ms": 60000}).wantStatus(t, 204)
	h.call("GET", collPath(plainID), nil).wantStatus(t, 200)
	h.call("GET", collPath(plainID), nil).wantStatus(t, 429) // token limit now
	h.call("POST", "/_emulator/rate-limit?integrated_account_id=nope", map[string]any{"requests": 1}).wantStatus(t, 404)

	h.call("GET", "/_emulator/nothing", nil).wantError(t, 404, "unknown emulator control endpoint", false)
	h.call("PUT", "/_emulator/counts", nil).wantStatus(t, 404)
}

// TestConcurrentUse exercises every surface at once for the race detector.
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 15 {
				res := h.call("POST", collPath(acctID), map[string]any{"name": fmt.Sprintf("g%d-%d", g, i)},
					fmt.Sprintf("Idempotency-Key: k-%d-%d", g, i%5))
				id, _ := res.body["id"].(string)
				h.call("PATCH", itemPath(acctID, id), map[string]any{"description": "d"})
				h.call("GET", collPath(acctID, "limit=3"), nil)
				h.srv.Mutate(acctID, id, map[string]any{"industry": "i"})
				h.srv.Records(acctID)
				h.srv.Counts()
				if i%7 == 0 {
					h.srv.SetFaults(Faults{Rate: 0.1, Kinds: []FaultKind{FaultInternal}})
					h.srv.SetRateLimit(plainID, RateLimit{Requests: 100})
				}
			}
		})
	}
	wg.Wait()
	if n := len(h.srv.Records(acctID)); n > 8*5 {
		t.Errorf("%d records for 40 distinct idempotency keys", n)
	}
}
