package record

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// emptyModel is a state of k with every attribute null, as Terraform hands it for a fresh
// resource, in integrated account "ia" with the default deletion policy.
func emptyModel(k *Kind) model {
	m := model{k: k, v: make([]attr.Value, len(k.fields))}
	for i, t := range k.attrTypes {
		v, err := t.ValueFromTerraform(bg, tftypesNull(t))
		if err != nil {
			panic(err)
		}
		m.v[i] = v
	}
	m.set(integratedAccountName, types.StringValue("ia"))
	m.set(deletionPolicyName, types.StringValue(deletionPolicyDelete))
	return m
}

// response decodes an API response body.
func response(t *testing.T, body string) *truto.Record {
	t.Helper()
	var r truto.Record
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func timeAt(s string) timetypes.RFC3339 { return timetypes.NewRFC3339ValueMust(s) }

func phones(items ...[3]string) types.List {
	var its []item
	for _, p := range items {
		it := item{"number": types.StringValue(p[1]), "extension": types.StringNull(), "type": types.StringValue(p[2])}
		if p[0] == "?" {
			it["id"] = types.StringUnknown()
		} else {
			it["id"] = types.StringValue(p[0])
		}
		its = append(its, it)
	}
	return phoneSpec.list(its)
}

func TestCreateRequestSendsOnlyKnownValuesWithTheirJSONTypes(t *testing.T) {
	plan := emptyModel(accountKind)
	plan.set("name", types.StringValue("Acme"))
	plan.set("description", types.StringValue("")) // nothing to clear on create: left out
	plan.set("industry", types.StringUnknown())    // unset in configuration: left out
	plan.set("number_of_employees", wholeNumberValue(0))
	plan.set("phone_numbers", phones([3]string{"?", "+1", "work"}))
	plan.set("custom_fields", types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"seats": types.NumberType, "tier": types.StringType},
		map[string]attr.Value{"seats": types.NumberValue(big.NewFloat(10)), "tier": types.StringValue("gold")})))
	plan.set("remote_data", jsontypes.NewNormalizedValue(`{"x": 1}`))

	a, err := createRequest(plan)
	if err != nil {
		t.Fatal(err)
	}
	got := mustJSON(t, a)
	want := `{"name":"Acme","number_of_employees":0,"phone_numbers":[{"number":"+1","type":"work"}],` +
		`"custom_fields":{"seats":10,"tier":"gold"},"remote_data":{"x":1}}`
	if got != want {
		t.Errorf("create body\n got %s\nwant %s", got, want)
	}
}

func TestUpdateRequestSendsOnlyChanges(t *testing.T) {
	state := emptyModel(accountKind)
	state.set("id", types.StringValue("1"))
	state.set("name", types.StringValue("Acme"))
	state.set("description", types.StringValue("old"))
	state.set("phone_numbers", phones([3]string{"p1", "+1", "work"}))
	state.set("custom_fields", types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.StringType, "b": types.StringType},
		map[string]attr.Value{"a": types.StringValue("1"), "b": types.StringValue("2")})))

	plan := state.with()
	plan.set("description", types.StringValue(""))
	plan.set("custom_fields", types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.StringType}, map[string]attr.Value{"a": types.StringValue("1")})))

	a, err := updateRequest(plan, state, nil)
	if err != nil {
		t.Fatal(err)
	}
	// custom_fields, once sent, carry every configured key (a CRM may replace the whole object).
	if got, want := mustJSON(t, a), `{"description":"","custom_fields":{"a":"1","b":null}}`; got != want {
		t.Errorf("patch body\n got %s\nwant %s", got, want)
	}

	plan.set("phone_numbers", phones([3]string{"?", "+1", "work"}, [3]string{"?", "+2", "fax"}))
	a, _ = updateRequest(plan, state, nil)
	if got, _ := a.Value("phone_numbers"); string(got) != `[{"number":"+1","type":"work"},{"number":"+2","type":"fax"}]` {
		t.Errorf("a changed list is sent whole without CRM ids, got %s", got)
	}

	// Only Terraform-side settings changed: nothing to send.
	state2 := state.with()
	state2.set("deletion_policy", types.StringValue("abandon"))
	if a, _ := updateRequest(state2, state, nil); a != nil {
		t.Errorf("expected no PATCH for a state-only change, got %s", mustJSON(t, a))
	}
}

func TestStateAfterApplyKeepsPlannedValuesAndFillsUnknowns(t *testing.T) {
	plan := emptyModel(accountKind)
	plan.set("id", types.StringUnknown())
	plan.set("name", types.StringValue("Acme"))
	plan.set("description", types.StringValue(""))
	plan.set("industry", types.StringUnknown())
	plan.set("phone_numbers", phones([3]string{"?", "+1", "work"}))
	plan.set("created_at", timeAt("2020-01-01T00:00:00Z"))
	plan.set("updated_at", timetypes.NewRFC3339Unknown())

	api := response(t, `{"id":"42","name":"ACME","industry":"Retail",
		"phone_numbers":[{"id":"p9","number":"+1","type":"work"}],
		"created_at":"2020-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}`)
	s := stateAfterApply(plan, api)
	if s.id().ValueString() != "42" || s.str("name").ValueString() != "Acme" || s.str("industry").ValueString() != "Retail" {
		t.Errorf("id/name/industry = %s/%s/%s", s.id(), s.str("name"), s.str("industry"))
	}
	if d := s.str("description"); d.IsNull() || d.ValueString() != "" {
		t.Errorf("planned empty description must stay \"\", got %s", d)
	}
	applied, _ := s.get("phone_numbers").(types.List)
	if got := phoneSpec.items(applied)[0]["id"]; !got.Equal(types.StringValue("p9")) {
		t.Errorf("phone id = %s, want p9 from the response", got)
	}
	created, _ := s.get("created_at").(timetypes.RFC3339)
	updated, _ := s.get("updated_at").(timetypes.RFC3339)
	if created.ValueString() != "2020-01-01T00:00:00Z" || updated.ValueString() != "2026-01-01T00:00:00.000Z" {
		t.Errorf("timestamps = %s / %s", created, updated)
	}
}

func TestStateAfterReadShowsDriftButNotNoise(t *testing.T) {
	prior := emptyModel(accountKind)
	prior.set("id", types.StringValue("42"))
	prior.set("name", types.StringValue("Acme"))
	prior.set("description", types.StringValue(""))
	prior.set("website", types.StringValue("https://a.example"))
	prior.set("phone_numbers", phones([3]string{"p1", "+1", "work"}, [3]string{"p2", "+2", "fax"}))
	prior.set("created_at", timeAt("2020-01-01T00:00:00Z"))
	prior.set("custom_fields", types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"seats": types.NumberType}, map[string]attr.Value{"seats": types.NumberValue(big.NewFloat(10))})))

	// name renamed in the CRM (drift); description cleared and returned as null (not drift for a
	// configured ""); website left out (the CRM cleared it, which is drift); phone numbers reordered
	// (not drift); seats answered as a string (not drift).
	api := response(t, `{"id":"42","name":"Acme Renamed","description":null,
		"phone_numbers":[{"id":"p2","number":"+2","type":"fax"},{"id":"p1","number":"+1","type":"work"}],
		"custom_fields":{"seats":"10","crm_owned":"x"},"created_at":"2020-01-01T00:00:00.000+00:00"}`)
	s := stateAfterRead(prior, api, false)
	if s.str("name").ValueString() != "Acme Renamed" {
		t.Errorf("name drift lost: %s", s.str("name"))
	}
	if !s.str("description").Equal(types.StringValue("")) {
		t.Errorf("description = %s, want \"\"", s.str("description"))
	}
	if !s.str("website").IsNull() {
		t.Errorf("website = %s, want null (cleared in the CRM)", s.str("website"))
	}
	if !s.get("phone_numbers").Equal(prior.get("phone_numbers")) {
		t.Errorf("reordered phone numbers must come back in prior order:\n got %s\nwant %s", s.get("phone_numbers"), prior.get("phone_numbers"))
	}
	if !s.get("custom_fields").Equal(prior.get("custom_fields")) {
		t.Errorf("custom_fields = %s, want only the managed key, as a number", s.get("custom_fields"))
	}
	if c, _ := s.get("created_at").(timetypes.RFC3339); c.ValueString() != "2020-01-01T00:00:00Z" {
		t.Errorf("created_at = %s, want the prior spelling", c)
	}

	imported := stateAfterRead(emptyModel(accountKind), api, true)
	if got := imported.get("custom_fields").String(); !strings.Contains(got, "crm_owned") || !strings.Contains(got, "seats") {
		t.Errorf("an import adopts every custom field, got %s", got)
	}
}

func TestParseImportID(t *testing.T) {
	cases := []struct {
		raw, def, ia, id, err string
	}{
		{"ia1/42", "", "ia1", "42", ""},
		{"42", "dflt", "dflt", "42", ""},
		{"42", "", "", "", "provider has no integrated_account_id"},
		{"ia1/acc/1", "", "ia1", "acc/1", ""}, // a CRM id may contain "/"
		{"ia1/", "dflt", "", "", "expected"},
		{"/42", "dflt", "", "", "expected"},
		{"", "dflt", "", "", "expected"},
	}
	for _, c := range cases {
		ia, id, err := parseImportID(accountKind, c.raw, c.def)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseImportID(%q) error = %v, want it to mention %q", c.raw, err, c.err)
			}
			continue
		}
		if err != nil || ia != c.ia || id != c.id {
			t.Errorf("parseImportID(%q) = %q, %q, %v", c.raw, ia, id, err)
		}
	}
}

// tftypesNull is a null raw value of t.
func tftypesNull(t attr.Type) tftypes.Value { return tftypes.NewValue(t.TerraformType(bg), nil) }
