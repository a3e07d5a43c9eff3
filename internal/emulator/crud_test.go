package emulator

import (
	"net/http"
	"testing"
	"time"
)

func fullAccount() map[string]any {
	return map[string]any{
		"name":                "Acme Corp",
		"website":             "https://acme.example",
		"description":         "Anvils",
		"industry":            "Manufacturing",
		"number_of_employees": 250,
		"owner":               map[string]any{"id": "owner-1"},
		"addresses": []any{
			map[string]any{"type": "billing", "street_1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"},
			map[string]any{"id": "client-chosen", "type": "shipping", "street_1": "2 Side St"},
		},
		"phone_numbers": []any{map[string]any{"number": "+1 555 0100", "type": "work"}},
		"urls":          []any{map[string]any{"url": "https://acme.example/about", "type": "about"}},
		"tags":          []any{map[string]any{"name": "vip"}, map[string]any{"id": "tag-7", "name": "existing"}},
		"custom_fields": map[string]any{"tier": "gold"},
		"remote_data":   map[string]any{"properties": map[string]any{"hs_vendor_only": "v"}, "top_level": 1},
		"unknown_field": "dropped by the unified mapping",
	}
}

func TestCRUDRoundTrip(t *testing.T) {
	h := newHarness(t)
	before := time.Now().UTC().Add(-time.Second)
	res := h.call("POST", collPath(acctID), fullAccount()).wantStatus(t, http.StatusCreated)
	created := res.body
	id, _ := created["id"].(string)
	if !recordIDRe.MatchString(id) {
		t.Fatalf("id %q is not an 11-digit CRM id", id)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, f := range []string{"created_at", "updated_at"} {
		s, _ := created[f].(string)
		if !tsRe.MatchString(s) {
			t.Errorf("%s = %q, want RFC 3339 UTC with milliseconds", f, s)
		}
		ts, _ := time.Parse(time.RFC3339Nano, s)
		if ts.Before(before) || ts.After(time.Now().Add(time.Second)) {
			t.Errorf("%s = %s is not now", f, s)
		}
	}
	for _, f := range []string{"addresses", "phone_numbers", "tags"} {
		for i, it := range items(created, f) {
			if f == "tags" && i == 1 {
				if it["id"] != "tag-7" {
					t.Errorf("tag with id lost it: %v", it)
				}
				continue
			}
			if !itemIDRe.MatchString(sv(it["id"])) {
				t.Errorf("%s[%d].id = %v, want a CRM-assigned id", f, i, it["id"])
			}
		}
	}
	if items(created, "addresses")[1]["id"] == "client-chosen" {
		t.Error("create kept a client-chosen address id; the CRM assigns them")
	}
	if _, ok := created["unknown_field"]; ok {
		t.Error("unknown field was stored")
	}
	if created["number_of_employees"] != float64(250) || created["name"] != "Acme Corp" {
		t.Errorf("fields not stored: %s", res.raw)
	}
	jsonEq(t, "custom_fields", created["custom_fields"], map[string]any{"tier": "gold", "hs_object_source": "API", "lifecyclestage": "lead"})
	jsonEq(t, "owner", created["owner"], map[string]any{"id": "owner-1"})
	rd, _ := created["remote_data"].(map[string]any)
	props, _ := rd["properties"].(map[string]any)
	if props["name"] != "Acme Corp" || props["domain"] != "https://acme.example" || props["numberofemployees"] != "250" ||
		props["hs_vendor_only"] != "v" || props["tier"] != "gold" || rd["top_level"] != float64(1) || rd["id"] != id {
		t.Errorf("remote_data is not the vendor record: %v", rd)
	}

	got := h.call("GET", itemPath(acctID, id), nil).wantStatus(t, 200).body
	jsonEq(t, "GET after create", got, created)
	stored, ok := h.srv.Record(acctID, id)
	if !ok {
		t.Fatal("Record: not found")
	}
	jsonEq(t, "Record()", stored, created)

	del := h.call("DELETE", itemPath(acctID, id), nil).wantStatus(t, 200)
	jsonEq(t, "delete body", del.body, map[string]any{"id": id})
	if _, ok := h.srv.Record(acctID, id); ok {
		t.Error("record still stored after delete")
	}
	h.call("GET", itemPath(acctID, id), nil).wantError(t, 404, "not found", true)
	h.call("DELETE", itemPath(acctID, id), nil).wantError(t, 404, "not found", true)
	h.call("PATCH", itemPath(acctID, id), map[string]any{"name": "x"}).wantError(t, 404, "not found", true)
}

func TestCreatedAtFromBody(t *testing.T) {
	h := newHarness(t)
	got := h.create(acctID, map[string]any{"name": "Old", "created_at": "2020-02-03T04:05:06.789+02:00", "updated_at": "2001-01-01T00:00:00Z"})
	if got["created_at"] != "2020-02-03T02:05:06.789Z" {
		t.Errorf("created_at = %v, want the body's value in UTC", got["created_at"])
	}
	if got["updated_at"] == "2001-01-01T00:00:00.000Z" {
		t.Error("updated_at was taken from the body; it is the CRM's")
	}
	got = h.create(acctID, map[string]any{"name": "Bad date", "created_at": "yesterday"})
	if ts, _ := time.Parse(time.RFC3339, sv(got["created_at"])); time.Since(ts) > time.Minute {
		t.Errorf("invalid created_at not replaced by now: %v", got["created_at"])
	}
}

func TestRemoteNotFoundBody(t *testing.T) {
	h := newHarness(t)
	res := h.call("GET", itemPath(acctID, "99999999999"), nil).wantError(t, 404, "not found", true)
	raw := obj(res.body["raw_response"])
	if raw["category"] != "OBJECT_NOT_FOUND" || raw["status"] != "error" {
		t.Errorf("raw_response = %v, want a HubSpot-looking error", raw)
	}
}

func TestIgnoreRemoteDataAndExcludeFields(t *testing.T) {
	h := newHarness(t)
	id := sv(h.create(acctID, fullAccount())["id"])

	got := h.call("GET", itemPath(acctID, id, "truto_ignore_remote_data=true"), nil).wantStatus(t, 200).body
	if _, ok := got["remote_data"]; ok {
		t.Error("remote_data present with truto_ignore_remote_data=true")
	}
	got = h.call("GET", itemPath(acctID, id, "truto_ignore_remote_data=false"), nil).body
	if _, ok := got["remote_data"]; !ok {
		t.Error("remote_data missing with truto_ignore_remote_data=false")
	}
	got = h.call("GET", itemPath(acctID, id, "truto_exclude_fields[]=description", "truto_exclude_fields%5B%5D=addresses"), nil).body
	for _, f := range []string{"description", "addresses"} {
		if _, ok := got[f]; ok {
			t.Errorf("%s present although excluded", f)
		}
	}
	if got["name"] != "Acme Corp" {
		t.Error("a field that was not excluded is missing")
	}
	// Unbracketed is not Truto's array encoding and is ignored.
	got = h.call("GET", itemPath(acctID, id, "truto_exclude_fields=description"), nil).body
	if _, ok := got["description"]; !ok {
		t.Error("unbracketed truto_exclude_fields was honoured")
	}
	// Applies to create responses and list items too.
	created := h.call("POST", collPath(acctID, "truto_ignore_remote_data=true", "truto_exclude_fields[]=tags"), fullAccount()).wantStatus(t, 201).body
	if _, ok := created["remote_data"]; ok {
		t.Error("create response has remote_data")
	}
	if _, ok := created["tags"]; ok {
		t.Error("create response has excluded tags")
	}
	list := h.call("GET", collPath(acctID, "truto_ignore_remote_data=true"), nil).body
	for _, it := range arr(list["result"]) {
		if _, ok := obj(it)["remote_data"]; ok {
			t.Error("list item has remote_data")
		}
	}
}

func TestOnlyKeysWithValues(t *testing.T) {
	h := newHarness(t)
	got := h.create(plainID, map[string]any{
		"website": "https://min.example", "description": "", "industry": nil, "tags": []any{},
		"addresses": []any{map[string]any{"city": "Oslo", "street_2": ""}},
	})
	for _, f := range []string{"name", "description", "industry", "tags", "custom_fields", "owner", "phone_numbers"} {
		if _, ok := got[f]; ok {
			t.Errorf("%s present without a value: %v", f, got[f])
		}
	}
	if _, ok := items(got, "addresses")[0]["street_2"]; ok {
		t.Error("empty street_2 returned")
	}
}

func TestCRMDefaultCustomFieldsAndOthersVisible(t *testing.T) {
	h := newHarness(t)
	id := sv(h.create(acctID, map[string]any{"name": "Mine", "custom_fields": map[string]any{"mine": 1, "lifecyclestage": "customer"}})["id"])
	h.srv.Mutate(acctID, id, map[string]any{"custom_fields": map[string]any{"set_by_someone_else": true}})
	got := h.call("GET", itemPath(acctID, id), nil).body
	jsonEq(t, "custom_fields", got["custom_fields"], map[string]any{
		"mine": 1, "lifecyclestage": "customer", "hs_object_source": "API", "set_by_someone_else": true,
	})
	// A default sent as null on create is cleared.
	got = h.create(acctID, map[string]any{"name": "No stage", "custom_fields": map[string]any{"lifecyclestage": nil}})
	jsonEq(t, "custom_fields", got["custom_fields"], map[string]any{"hs_object_source": "API"})
}

func TestSalesforceAndGenericRemoteData(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts,
			IntegratedAccount{ID: "sf", Profile: Profile{Integration: "salesforce"}},
			IntegratedAccount{ID: "pd", Profile: Profile{Integration: "pipedrive"}})
	})
	sf := h.create("sf", map[string]any{"name": "SF", "number_of_employees": 3})
	rd := obj(sf["remote_data"])
	if rd["Name"] != "SF" || rd["Id"] != sf["id"] || rd["NumberOfEmployees"] != float64(3) {
		t.Errorf("salesforce remote_data = %v", rd)
	}
	res := h.call("GET", itemPath("sf", "nope"), nil).wantError(t, 404, "not found", true)
	if _, ok := obj(res.body["raw_response"])["errors"]; !ok {
		t.Errorf("salesforce raw_response = %s", res.raw)
	}
	pd := h.create("pd", map[string]any{"name": "PD", "custom_fields": map[string]any{"x": 1}})
	rd = obj(pd["remote_data"])
	if rd["name"] != "PD" || rd["custom.x"] != float64(1) {
		t.Errorf("generic remote_data = %v", rd)
	}
}
