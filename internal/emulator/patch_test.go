package emulator

import (
	"testing"
	"time"
)

func TestPatchSemantics(t *testing.T) {
	h := newHarness(t)
	created := h.create(acctID, fullAccount())
	id := sv(created["id"])
	addr := items(created, "addresses")
	phones := items(created, "phone_numbers")
	time.Sleep(2 * time.Millisecond)

	res := h.call("PATCH", itemPath(acctID, id), map[string]any{
		"description": "Better anvils", // replaced
		"industry":    nil,             // cleared
		// addresses replaced whole: first keeps its id, a new one gets an id,
		// one with an unknown id gets a CRM id, the second old one is gone.
		"addresses": []any{
			map[string]any{"id": addr[0]["id"], "type": "billing", "street_1": "10 Main St"},
			map[string]any{"type": "office", "city": "Shelbyville"},
			map[string]any{"id": "made-up", "type": "other"},
		},
		"phone_numbers": []any{}, // emptied
		"custom_fields": map[string]any{"tier": nil, "region": "emea", "lifecyclestage": "customer"},
		"remote_data":   map[string]any{"properties": map[string]any{"hs_vendor_only": nil, "another": "a"}},
		"id":            "ignored",
		"created_at":    "1999-01-01T00:00:00Z", // read-only on update
	}).wantStatus(t, 200)
	got := res.body

	if got["id"] != id || got["created_at"] != created["created_at"] {
		t.Errorf("id/created_at changed: %v %v", got["id"], got["created_at"])
	}
	if sv(got["updated_at"]) <= sv(created["updated_at"]) {
		t.Errorf("updated_at not bumped: %v -> %v", created["updated_at"], got["updated_at"])
	}
	// Absent fields untouched.
	for _, f := range []string{"name", "website", "number_of_employees", "owner", "urls", "tags"} {
		jsonEq(t, f, got[f], created[f])
	}
	if got["description"] != "Better anvils" {
		t.Errorf("description = %v", got["description"])
	}
	if _, ok := got["industry"]; ok {
		t.Error("industry not cleared by null")
	}
	if _, ok := got["phone_numbers"]; ok {
		t.Errorf("phone_numbers not emptied: %v", got["phone_numbers"])
	}
	na := items(got, "addresses")
	if len(na) != 3 {
		t.Fatalf("addresses = %v", na)
	}
	if na[0]["id"] != addr[0]["id"] || na[0]["street_1"] != "10 Main St" {
		t.Errorf("address with existing id: %v", na[0])
	}
	if _, ok := na[0]["city"]; ok {
		t.Error("list item was merged instead of replaced")
	}
	for _, a := range na[1:] {
		if !itemIDRe.MatchString(sv(a["id"])) || a["id"] == addr[1]["id"] {
			t.Errorf("new address id = %v", a["id"])
		}
	}
	jsonEq(t, "custom_fields", got["custom_fields"], map[string]any{
		"region": "emea", "lifecyclestage": "customer", "hs_object_source": "API",
	})
	props := obj(obj(got["remote_data"])["properties"])
	if _, ok := props["hs_vendor_only"]; ok || props["another"] != "a" {
		t.Errorf("remote_data not merged: %v", props)
	}
	jsonEq(t, "GET after PATCH", h.call("GET", itemPath(acctID, id), nil).body, got)

	// A phone number keeps its id across a PATCH that sends it back.
	res = h.call("PATCH", itemPath(acctID, id), map[string]any{"phone_numbers": []any{map[string]any{"number": "1", "type": "fax"}}})
	p := items(res.body, "phone_numbers")[0]
	res = h.call("PATCH", itemPath(acctID, id), map[string]any{"phone_numbers": []any{p, map[string]any{"number": "2"}}})
	if np := items(res.body, "phone_numbers"); np[0]["id"] != p["id"] || np[1]["id"] == p["id"] || phones[0]["id"] == p["id"] {
		t.Errorf("phone ids: %v then %v", p, np)
	}

	// Empty patch: 200, nothing changes but updated_at.
	before := h.call("GET", itemPath(acctID, id), nil).body
	after := h.call("PATCH", itemPath(acctID, id), map[string]any{}).wantStatus(t, 200).body
	delete(before, "updated_at")
	delete(after, "updated_at")
	delete(before, "remote_data")
	delete(after, "remote_data")
	jsonEq(t, "after empty PATCH", after, before)

	// custom_fields: null clears them all.
	after = h.call("PATCH", itemPath(acctID, id), map[string]any{"custom_fields": nil}).wantStatus(t, 200).body
	if _, ok := after["custom_fields"]; ok {
		t.Error("custom_fields: null did not clear")
	}
}

func TestPatchValidation(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "own", Profile: Profile{RequiredCreateFields: []string{"name", "owner"}}})
	})
	id := sv(h.create(acctID, map[string]any{"name": "Named"})["id"])
	res := h.call("PATCH", itemPath(acctID, id), map[string]any{"name": nil}).wantError(t, 400, "either name or website is required", false)
	if got := res.insight("missing_required_body_fields"); len(got) != 1 || got[0] != "name" {
		t.Errorf("insight = %v", got)
	}
	// With a website, clearing the (profile-required) name is still refused.
	h.call("PATCH", itemPath(acctID, id), map[string]any{"name": "", "website": "https://w.example"}).wantError(t, 400, "name is required", false)
	h.call("PATCH", itemPath(acctID, id), map[string]any{"number_of_employees": -1}).wantError(t, 422, "number_of_employees", true)
	h.call("PATCH", itemPath(acctID, id), map[string]any{"phone_numbers": []any{map[string]any{"number": "1", "type": "pager"}}}).wantError(t, 422, "work, mobile, fax", true)
	h.call("PATCH", itemPath(acctID, id), "[1]").wantError(t, 400, "JSON object", false)
	// Nothing changed by the failed patches.
	rec, _ := h.srv.Record(acctID, id)
	if rec["name"] != "Named" {
		t.Errorf("failed patch changed the record: %v", rec)
	}
	// Required fields are only checked when a patch touches them.
	oid := h.srv.Seed("own", map[string]any{"name": "No owner"})
	h.call("PATCH", itemPath("own", oid), map[string]any{"description": "ok"}).wantStatus(t, 200)
	h.call("PATCH", itemPath("own", oid), map[string]any{"owner": nil}).wantError(t, 400, "owner is required", false)
	// Type errors are found before the record is looked up.
	h.call("PATCH", itemPath(acctID, "00000000000"), map[string]any{"name": 5}).wantError(t, 400, "name must be a string", false)
}

// Under CustomFieldsReplace an update's custom_fields replace the record's whole object: keys it
// leaves out are cleared (the CRM's defaults too), null keys are not stored.
func TestPatchCustomFieldsReplace(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "replace", Profile: Profile{CustomFieldsReplace: true}})
	})
	id := sv(h.create("replace", map[string]any{"name": "R", "custom_fields": map[string]any{"tier": "gold", "region": "emea"}})["id"])
	got := h.call("PATCH", itemPath("replace", id), map[string]any{"custom_fields": map[string]any{"tier": "silver", "seats": nil}}).wantStatus(t, 200).body
	jsonEq(t, "custom_fields", got["custom_fields"], map[string]any{"tier": "silver"})
	log := h.srv.RequestLog()
	if keys := log[len(log)-1].CustomFieldKeys; len(keys) != 2 || keys[0] != "seats" || keys[1] != "tier" {
		t.Errorf("logged custom_fields keys = %v, want [seats tier]", keys)
	}
	got = h.call("PATCH", itemPath("replace", id), map[string]any{"name": "R2"}).wantStatus(t, 200).body
	jsonEq(t, "custom_fields left out of the body", got["custom_fields"], map[string]any{"tier": "silver"})
	got = h.call("PATCH", itemPath("replace", id), map[string]any{"custom_fields": map[string]any{}}).wantStatus(t, 200).body
	if _, ok := got["custom_fields"]; ok {
		t.Errorf("an empty custom_fields object did not clear them: %v", got["custom_fields"])
	}
}
