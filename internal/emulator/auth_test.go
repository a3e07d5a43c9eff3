package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthRequired(t *testing.T) {
	h := newHarness(t)
	cases := map[string]string{
		"missing":      "Authorization:",
		"wrong token":  "Authorization: Bearer not-the-token",
		"wrong scheme": "Authorization: Basic " + testToken,
		"no scheme":    "Authorization: " + testToken,
	}
	for name, hdr := range cases {
		t.Run(name, func(t *testing.T) {
			res := h.call("GET", collPath(acctID), nil, hdr)
			res.wantError(t, 401, "Invalid API token", false)
			if len(res.body) != 3 {
				t.Errorf("401 body has extra members: %s", res.raw)
			}
			if strings.Contains(string(res.raw), testToken) || strings.Contains(string(res.raw), "not-the-token") {
				t.Errorf("401 body echoes a token: %s", res.raw)
			}
		})
	}
	// Case-insensitive scheme is accepted.
	h.call("GET", collPath(acctID), nil, "Authorization: bearer "+testToken).wantStatus(t, 200)
	// The control surface needs the token too.
	h.call("GET", "/_emulator/counts", nil, "Authorization:").wantError(t, 401, "Invalid API token", false)
}

func TestIntegratedAccountRequired(t *testing.T) {
	h := newHarness(t)
	for _, m := range []string{"GET", "POST"} {
		res := h.call(m, "/unified/crm/accounts", map[string]any{"name": "x"})
		res.wantError(t, 400, "integrated_account_id", false)
		if got := res.insight("missing_required_query_parameters"); len(got) != 1 || got[0] != "integrated_account_id" {
			t.Errorf("%s: insight = %v; body %s", m, got, res.raw)
		}
	}
	res := h.call("GET", "/unified/crm/accounts/123", nil)
	res.wantError(t, 400, "integrated_account_id", false)

	for _, p := range []string{collPath("nope"), itemPath("nope", "123")} {
		res := h.call("GET", p, nil)
		res.wantError(t, 404, "Integrated account not found", false)
		if len(res.body) != 3 {
			t.Errorf("plain 404 has extra members: %s", res.raw)
		}
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t)
	id := sv(h.create(acctID, map[string]any{"name": "Acme"})["id"])

	res := h.call("PUT", itemPath(acctID, id), map[string]any{"name": "x"})
	res.wantError(t, 405, "PUT", false)
	if res.header.Get("Allow") != "GET, PATCH, DELETE" {
		t.Errorf("Allow = %q", res.header.Get("Allow"))
	}
	h.call("PUT", collPath(acctID), map[string]any{"name": "x"}).wantError(t, 405, "PUT", false)
	h.call("DELETE", collPath(acctID), nil).wantError(t, 405, "DELETE", false)
	h.call("POST", itemPath(acctID, id), map[string]any{"name": "x"}).wantError(t, 405, "POST", false)

	for _, p := range []string{
		"/unified/crm/widgets?integrated_account_id=" + acctID, // no such collection
		"/unified/crm/accounts/1/2?integrated_account_id=" + acctID,
		"/unified/crm/accountsx?integrated_account_id=" + acctID,
		"/nothing",
	} {
		h.call("GET", p, nil).wantError(t, 404, "Not Found", false)
	}
	// A trailing slash is the collection.
	h.call("GET", "/unified/crm/accounts/?integrated_account_id="+acctID, nil).wantStatus(t, http.StatusOK)
	// Ids are path-unescaped.
	sid := h.srv.Seed(acctID, map[string]any{"id": "a b/c", "name": "Odd"})
	res = h.call("GET", "/unified/crm/accounts/a%20b%2Fc?integrated_account_id="+acctID, nil).wantStatus(t, 200)
	if res.body["id"] != sid {
		t.Errorf("id = %v, want %q", res.body["id"], sid)
	}
}

func TestNewPanicsWithoutToken(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("New without a token did not panic")
		}
	}()
	New(Options{})
}
