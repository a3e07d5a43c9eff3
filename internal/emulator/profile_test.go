package emulator

import (
	"testing"
)

func TestSandboxIsReadOnly(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "sbx", Profile: Profile{Sandbox: true}})
	})
	id := h.srv.Seed("sbx", map[string]any{"name": "Seeded"})
	h.call("GET", itemPath("sbx", id), nil).wantStatus(t, 200)
	h.call("GET", collPath("sbx"), nil).wantStatus(t, 200)
	h.call("POST", collPath("sbx"), map[string]any{"name": "x"}).wantError(t, 405, "read-only", false)
	h.call("PATCH", itemPath("sbx", id), map[string]any{"name": "x"}).wantError(t, 405, "read-only", false)
	h.call("DELETE", itemPath("sbx", id), nil).wantError(t, 405, "read-only", false)
	if rec, _ := h.srv.Record("sbx", id); rec["name"] != "Seeded" || len(h.srv.Records("sbx")) != 1 {
		t.Error("a sandbox write changed data")
	}
}

func TestDeleteProfiles(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts,
			IntegratedAccount{ID: "nodel", Profile: Profile{Integration: "zoho", DeleteUnsupported: true}},
			IntegratedAccount{ID: "del204", Profile: Profile{Integration: "pipedrive", DeleteReturnsNoContent: true}})
	})
	id := sv(h.create("nodel", map[string]any{"name": "Keep"})["id"])
	res := h.call("DELETE", itemPath("nodel", id), nil).wantError(t, 405, "method not supported by integration", false)
	if m := sv(res.body["message"]); m != "delete: method not supported by integration zoho" {
		t.Errorf("message = %q", m)
	}
	if _, ok := h.srv.Record("nodel", id); !ok {
		t.Error("record deleted although delete is unsupported")
	}

	id = sv(h.create("del204", map[string]any{"name": "Gone"})["id"])
	res = h.call("DELETE", itemPath("del204", id), nil).wantStatus(t, 204)
	if len(res.raw) != 0 || res.header.Get("Content-Type") != "" {
		t.Errorf("204 has a body %q / content type %q", res.raw, res.header.Get("Content-Type"))
	}
	if _, ok := h.srv.Record("del204", id); ok {
		t.Error("record not deleted")
	}
	h.call("DELETE", itemPath("del204", id), nil).wantError(t, 404, "not found", true)

	id = sv(h.create(plainID, map[string]any{"name": "Gone"})["id"])
	jsonEq(t, "200 delete body", h.call("DELETE", itemPath(plainID, id), nil).wantStatus(t, 200).body, map[string]any{"id": id})
}

func TestCustomFieldsAsStrings(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "str", Profile: Profile{CustomFieldsAsStrings: true}})
	})
	created := h.create("str", map[string]any{"name": "S", "custom_fields": map[string]any{
		"seats": 10, "ratio": 0.5, "active": true, "tier": "gold", "regions": []any{"emea"},
	}})
	want := map[string]any{"seats": "10", "ratio": "0.5", "active": "true", "tier": "gold", "regions": []any{"emea"}}
	jsonEq(t, "create response", created["custom_fields"], want)
	got := h.call("GET", itemPath("str", sv(created["id"])), nil).wantStatus(t, 200).body
	jsonEq(t, "read", got["custom_fields"], want)
}
