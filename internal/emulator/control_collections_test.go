package emulator

import (
	"fmt"
	"strings"
	"testing"
)

func TestAccountSeedInNew(t *testing.T) {
	srv := New(Options{Token: testToken, Seed: 5, Accounts: []IntegratedAccount{
		{ID: "a", Seed: map[string][]map[string]any{
			"users":    {{"id": "user-alex", "name": "Alex Admin", "email": "alex@demo.example", "is_active": true}},
			"stages":   {{"id": "stage-q", "name": "Qualified", "position": 1, "pipeline": map[string]any{"id": "p", "name": "Sales"}}},
			"accounts": {{"name": "Seeded Co"}},
		}},
		{ID: "b", Seed: map[string][]map[string]any{"users": {{"id": "user-alex", "name": "Alex Too"}}}},
	}})
	if u, ok := srv.In("users").Record("a", "user-alex"); !ok || u["email"] != "alex@demo.example" || u["is_active"] != true {
		t.Errorf("seeded user = %v", u)
	}
	if st := srv.In("stages").Records("a"); len(st) != 1 || st[0]["id"] != "stage-q" {
		t.Errorf("stages = %v", st)
	}
	if recs := srv.Records("a"); len(recs) != 1 || recs[0]["name"] != "Seeded Co" {
		t.Errorf("accounts = %v", recs)
	}
	// Ids stay unique: the second account's user gets another id.
	if recs := srv.In("users").Records("b"); len(recs) != 1 || recs[0]["id"] == "user-alex" || recs[0]["name"] != "Alex Too" {
		t.Errorf("b users = %v", recs)
	}
	for _, c := range []struct {
		ia  IntegratedAccount
		msg string
	}{
		{IntegratedAccount{}, "empty ID"},
		{IntegratedAccount{ID: "x", Seed: map[string][]map[string]any{"widgets": {{}}}}, `seed: unknown collection "widgets"`},
		{IntegratedAccount{ID: "x", Profile: Profile{Status: "sleeping"}}, `status "sleeping"`},
	} {
		if err := c.ia.Validate(); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Validate = %v, want %q", err, c.msg)
		}
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), c.msg) {
					t.Errorf("New recovered %v, want %q", p, c.msg)
				}
			}()
			New(Options{Token: "t", Accounts: []IntegratedAccount{c.ia}})
		}()
	}
}

func TestHTTPControlCollections(t *testing.T) {
	h := newHarness(t)
	q := "?integrated_account_id=" + acctID + "&collection=users"
	res := h.call("POST", "/_emulator/records"+q, map[string]any{"id": "user-1", "name": "U"}).wantStatus(t, 201)
	if res.body["id"] != "user-1" {
		t.Fatalf("seed = %s", res.raw)
	}
	if n := len(h.srv.Records(acctID)); n != 0 {
		t.Errorf("a user was seeded as an account: %d", n)
	}
	list := h.call("GET", "/_emulator/records"+q, nil).wantStatus(t, 200)
	if !strings.HasPrefix(string(list.raw), "[") || !strings.Contains(string(list.raw), `"user-1"`) {
		t.Errorf("records = %s", list.raw)
	}
	h.call("GET", "/_emulator/records/user-1"+q, nil).wantStatus(t, 200)
	h.call("GET", "/_emulator/records/user-1?integrated_account_id="+acctID, nil).wantStatus(t, 404) // accounts by default
	m := h.call("PATCH", "/_emulator/records/user-1"+q, map[string]any{"email": "u@x"}).wantStatus(t, 200)
	if m.body["email"] != "u@x" {
		t.Errorf("mutate = %s", m.raw)
	}
	h.call("GET", ipath("users", acctID, "user-1"), nil).wantStatus(t, 200)
	h.call("DELETE", "/_emulator/records/user-1"+q, nil).wantStatus(t, 204)
	h.call("DELETE", "/_emulator/records/user-1"+q, nil).wantStatus(t, 404)
	h.call("GET", "/_emulator/records?integrated_account_id="+acctID+"&collection=widgets", nil).wantError(t, 404, "unknown collection widgets", false)

	// fail-next for one collection: others do not consume it.
	h.call("POST", "/_emulator/fail-next", map[string]any{"method": "GET", "status": 500, "collection": "notes"}).wantStatus(t, 204)
	h.call("GET", cpath("contacts", acctID), nil).wantStatus(t, 200)
	h.call("GET", cpath("accounts", acctID), nil).wantStatus(t, 200)
	h.call("GET", cpath("notes", acctID), nil).wantError(t, 500, "Internal server error", false)
	h.call("GET", cpath("notes", acctID), nil).wantStatus(t, 200)
	h.call("POST", "/_emulator/fail-next", map[string]any{"status": 404, "remote": true, "collection": "leads"}).wantStatus(t, 204)
	h.call("GET", ipath("leads", acctID, "1"), nil).wantError(t, 404, "not found", true)
	h.call("POST", "/_emulator/fail-next", map[string]any{"status": 500, "collection": "widgets"}).wantError(t, 404, "unknown collection", false)
}

func TestFailNextIn(t *testing.T) {
	h := newHarness(t)
	h.srv.FailNextIn("engagements", "POST", 503, 2)
	h.srv.FailNextRemoteIn("contacts", "", 409, 1)
	h.call("POST", cpath("tasks", acctID), map[string]any{}).wantStatus(t, 201)
	h.call("POST", cpath("accounts", acctID), map[string]any{"name": "a"}).wantStatus(t, 201)
	h.call("GET", cpath("engagements", acctID), nil).wantStatus(t, 200) // another method
	for range 2 {
		h.call("POST", cpath("engagements", acctID), map[string]any{"engagement_type": "call"}).wantError(t, 503, "blocked", false)
	}
	h.call("POST", cpath("engagements", acctID), map[string]any{"engagement_type": "call"}).wantStatus(t, 201)
	h.call("DELETE", ipath("contacts", acctID, "1"), nil).wantError(t, 409, "already exists", true)
	h.call("DELETE", ipath("contacts", acctID, "1"), nil).wantError(t, 404, "resource not found", true)
	// FailNext without a collection hits any collection.
	h.srv.FailNext("", 502, 1)
	h.call("GET", cpath("stages", acctID), nil).wantStatus(t, 502)
	defer func() {
		if recover() == nil {
			t.Error("FailNextIn(widgets) did not panic")
		}
	}()
	h.srv.FailNextIn("widgets", "GET", 500, 1)
}
