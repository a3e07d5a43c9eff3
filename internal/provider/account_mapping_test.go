package provider

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

func strp(s string) *string { return &s }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// emptyModel is a state with every attribute null, as Terraform hands it for a fresh resource.
func emptyModel() accountModel {
	return accountModel{
		ID: types.StringNull(), IntegratedAccountID: types.StringValue("ia"),
		Name: types.StringNull(), Website: types.StringNull(), Description: types.StringNull(), Industry: types.StringNull(),
		NumberOfEmployees: types.Int64Null(), Owner: types.ObjectNull(ownerAttrTypes),
		Addresses: types.ListNull(addressSpec.objectType()), PhoneNumbers: types.ListNull(phoneSpec.objectType()),
		URLs: types.ListNull(urlSpec.objectType()), Tags: types.ListNull(tagSpec.objectType()),
		CustomFields: types.DynamicNull(), RemoteData: jsontypes.NewNormalizedNull(), RemoteQuery: types.MapNull(types.StringType),
		CreatedAt: timeValue(truto.Field[string]{}), UpdatedAt: timeValue(truto.Field[string]{}),
		LastActivityAt: timeValue(truto.Field[string]{}), DeletionPolicy: types.StringValue("delete"),
	}
}

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
	plan := emptyModel()
	plan.Name = types.StringValue("Acme")
	plan.Description = types.StringValue("") // nothing to clear on create: left out
	plan.Industry = types.StringUnknown()    // unset in configuration: left out
	plan.NumberOfEmployees = types.Int64Value(0)
	plan.PhoneNumbers = phones([3]string{"?", "+1", "work"})
	plan.CustomFields = types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"seats": types.NumberType, "tier": types.StringType},
		map[string]attr.Value{"seats": types.NumberValue(big.NewFloat(10)), "tier": types.StringValue("gold")}))
	plan.RemoteData = jsontypes.NewNormalizedValue(`{"x": 1}`)

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
	state := emptyModel()
	state.ID = types.StringValue("1")
	state.Name = types.StringValue("Acme")
	state.Description = types.StringValue("old")
	state.PhoneNumbers = phones([3]string{"p1", "+1", "work"})
	state.CustomFields = types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.StringType, "b": types.StringType},
		map[string]attr.Value{"a": types.StringValue("1"), "b": types.StringValue("2")}))

	plan := state
	plan.Description = types.StringValue("")
	plan.CustomFields = types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.StringType}, map[string]attr.Value{"a": types.StringValue("1")}))

	a, err := updateRequest(plan, state, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, a), `{"description":"","custom_fields":{"b":null}}`; got != want {
		t.Errorf("patch body\n got %s\nwant %s", got, want)
	}

	plan.PhoneNumbers = phones([3]string{"?", "+1", "work"}, [3]string{"?", "+2", "fax"})
	a, _ = updateRequest(plan, state, nil)
	if got := mustJSON(t, a.PhoneNumbers); got != `[{"number":"+1","type":"work"},{"number":"+2","type":"fax"}]` {
		t.Errorf("a changed list is sent whole without CRM ids, got %s", got)
	}

	// Only Terraform-side settings changed: nothing to send.
	state2 := state
	state2.DeletionPolicy = types.StringValue("abandon")
	if a, _ := updateRequest(state2, state, nil); a != nil {
		t.Errorf("expected no PATCH for a state-only change, got %s", mustJSON(t, a))
	}
}

func TestStateAfterApplyKeepsPlannedValuesAndFillsUnknowns(t *testing.T) {
	plan := emptyModel()
	plan.ID = types.StringUnknown()
	plan.Name = types.StringValue("Acme")
	plan.Description = types.StringValue("")
	plan.Industry = types.StringUnknown()
	plan.PhoneNumbers = phones([3]string{"?", "+1", "work"})
	plan.CreatedAt = timeValue(truto.Value("2020-01-01T00:00:00Z"))
	plan.UpdatedAt = timeValue(truto.Field[string]{})
	plan.UpdatedAt.StringValue = types.StringUnknown()

	api := &truto.Account{
		ID: "42", Name: truto.Value("ACME"), Industry: truto.Value("Retail"),
		PhoneNumbers: truto.Value([]truto.PhoneNumber{{ID: strp("p9"), Number: strp("+1"), Type: strp("work")}}),
		CreatedAt:    truto.Value("2020-01-01T00:00:00.000Z"), UpdatedAt: truto.Value("2026-01-01T00:00:00.000Z"),
	}
	s, err := stateAfterApply(plan, api)
	if err != nil {
		t.Fatal(err)
	}
	if s.ID.ValueString() != "42" || s.Name.ValueString() != "Acme" || s.Industry.ValueString() != "Retail" {
		t.Errorf("id/name/industry = %s/%s/%s", s.ID, s.Name, s.Industry)
	}
	if s.Description.IsNull() || s.Description.ValueString() != "" {
		t.Errorf("planned empty description must stay \"\", got %s", s.Description)
	}
	if got := phoneSpec.items(s.PhoneNumbers)[0]["id"]; !got.Equal(types.StringValue("p9")) {
		t.Errorf("phone id = %s, want p9 from the response", got)
	}
	if s.CreatedAt.ValueString() != "2020-01-01T00:00:00Z" || s.UpdatedAt.ValueString() != "2026-01-01T00:00:00.000Z" {
		t.Errorf("timestamps = %s / %s", s.CreatedAt, s.UpdatedAt)
	}
}

func TestStateAfterReadShowsDriftButNotNoise(t *testing.T) {
	prior := emptyModel()
	prior.ID = types.StringValue("42")
	prior.Name = types.StringValue("Acme")
	prior.Description = types.StringValue("")
	prior.Website = types.StringValue("https://a.example")
	prior.PhoneNumbers = phones([3]string{"p1", "+1", "work"}, [3]string{"p2", "+2", "fax"})
	prior.CreatedAt = timeValue(truto.Value("2020-01-01T00:00:00Z"))
	prior.CustomFields = types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"seats": types.NumberType}, map[string]attr.Value{"seats": types.NumberValue(big.NewFloat(10))}))

	api := &truto.Account{
		ID: "42", Name: truto.Value("Acme Renamed"), // drift
		// description cleared and returned as null: not drift for a configured ""
		Description: truto.Null[string](),
		// website left out: the CRM cleared it, which is drift
		PhoneNumbers: truto.Value([]truto.PhoneNumber{ // reordered by the CRM: not drift
			{ID: strp("p2"), Number: strp("+2"), Type: strp("fax")},
			{ID: strp("p1"), Number: strp("+1"), Type: strp("work")},
		}),
		CustomFields: map[string]json.RawMessage{"seats": json.RawMessage(`"10"`), "crm_owned": json.RawMessage(`"x"`)},
		CreatedAt:    truto.Value("2020-01-01T00:00:00.000+00:00"),
	}
	s, err := stateAfterRead(prior, api, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name.ValueString() != "Acme Renamed" {
		t.Errorf("name drift lost: %s", s.Name)
	}
	if !s.Description.Equal(types.StringValue("")) {
		t.Errorf("description = %s, want \"\"", s.Description)
	}
	if !s.Website.IsNull() {
		t.Errorf("website = %s, want null (cleared in the CRM)", s.Website)
	}
	if !s.PhoneNumbers.Equal(prior.PhoneNumbers) {
		t.Errorf("reordered phone numbers must come back in prior order:\n got %s\nwant %s", s.PhoneNumbers, prior.PhoneNumbers)
	}
	if !s.CustomFields.Equal(prior.CustomFields) {
		t.Errorf("custom_fields = %s, want only the managed key, as a number", s.CustomFields)
	}
	if s.CreatedAt.ValueString() != "2020-01-01T00:00:00Z" {
		t.Errorf("created_at = %s, want the prior spelling", s.CreatedAt)
	}

	imported, _ := stateAfterRead(emptyModel(), api, true)
	if got := imported.CustomFields.String(); !strings.Contains(got, "crm_owned") || !strings.Contains(got, "seats") {
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
		ia, id, err := parseImportID(c.raw, c.def)
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
