package emulator

import (
	"testing"
)

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "own", Profile: Profile{Integration: "close", RequiredCreateFields: []string{"name", "owner"}}})
	})

	// Neither name nor website.
	res := h.call("POST", collPath(plainID), map[string]any{"description": "x"}).wantError(t, 400, "either name or website is required", false)
	if got := res.insight("missing_required_body_fields"); len(got) != 1 || got[0] != "name" {
		t.Errorf("insight = %v", got)
	}
	// Website alone satisfies the unified rule when the profile does not require name.
	h.call("POST", collPath(plainID), map[string]any{"website": "https://w.example"}).wantStatus(t, 201)
	// ... but not when it does.
	res = h.call("POST", collPath(acctID), map[string]any{"website": "https://w.example"}).wantError(t, 400, "name is required", false)
	if got := res.insight("missing_required_body_fields"); len(got) != 1 || got[0] != "name" {
		t.Errorf("insight = %v", got)
	}
	// Profile-required owner; empty strings and empty objects count as missing.
	for _, body := range []map[string]any{
		{"name": "N"},
		{"name": "N", "owner": map[string]any{}},
		{"name": "N", "owner": map[string]any{"id": ""}},
	} {
		res = h.call("POST", collPath("own"), body).wantError(t, 400, "owner is required", false)
		if got := res.insight("missing_required_body_fields"); len(got) != 1 || got[0] != "owner" {
			t.Errorf("insight = %v", got)
		}
	}
	res = h.call("POST", collPath("own"), map[string]any{"name": ""}).wantError(t, 400, "either name or website is required; owner is required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"name", "owner"})
	h.call("POST", collPath("own"), map[string]any{"name": "N", "owner": map[string]any{"id": "7"}}).wantStatus(t, 201)

	// 422 from the CRM.
	for _, n := range []any{-1, 1.5, "12"} {
		res = h.call("POST", collPath(acctID), map[string]any{"name": "N", "number_of_employees": n}).wantError(t, 422, "number_of_employees", true)
		if obj(res.body["raw_response"])["category"] != "VALIDATION_ERROR" {
			t.Errorf("raw_response = %v", res.body["raw_response"])
		}
	}
	h.call("POST", collPath(acctID), map[string]any{"name": "N", "number_of_employees": 0}).wantStatus(t, 201)
	h.call("POST", collPath(acctID), map[string]any{"name": "N", "phone_numbers": []any{map[string]any{"number": "1", "type": "home"}}}).wantError(t, 422, "work, mobile, fax", true)
	for _, ty := range []string{"work", "mobile", "fax"} {
		h.call("POST", collPath(acctID), map[string]any{"name": "N", "phone_numbers": []any{map[string]any{"number": "1", "type": ty}}}).wantStatus(t, 201)
	}
	// 400 (unified validation) comes before 422 (the CRM).
	h.call("POST", collPath(acctID), map[string]any{"number_of_employees": -1}).wantError(t, 400, "either name or website", false)

	// Body must be a JSON object with well-typed fields.
	for body, msg := range map[string]string{
		"":                                      "JSON object",
		"[]":                                    "JSON object",
		"null":                                  "JSON object",
		`{"name":"a"} {}`:                       "single JSON object",
		`{"name":`:                              "JSON object",
		`{"name":1}`:                            "name must be a string",
		`{"name":"a","owner":"x"}`:              "owner must be an object",
		`{"name":"a","tags":{}}`:                "tags must be an array",
		`{"name":"a","urls":[1]}`:               "urls[0] must be an object",
		`{"name":"a","addresses":[{"city":2}]}`: "addresses[0].city must be a string",
		`{"name":"a","custom_fields":[]}`:       "custom_fields must be an object",
		`{"name":"a","remote_data":"x"}`:        "remote_data must be an object",
	} {
		h.call("POST", collPath(acctID), body).wantError(t, 400, msg, false)
	}
	h.call("POST", collPath(acctID), `{"name":"a"}`, "Content-Type: text/plain").wantError(t, 400, "Content-Type", false)

	if n := len(h.srv.Records(acctID)) + len(h.srv.Records(plainID)) + len(h.srv.Records("own")); n != 6 {
		t.Errorf("%d records stored, want 6 (only the valid creates)", n)
	}
}
