package record

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var adoptingKind = Declare(Spec{
	Noun: "contact", Plural: "contacts", Summary: "A CRM contact",
	Fields:  []Field{Text("first_name", "First."), Text("last_name", "Last."), Text("website", "Site.")},
	AdoptBy: []AdoptKey{ByText("name", "name", "first_name", "last_name"), ByWebsite("website", "", "website")},
})

// The "may have been created" error of a kind with natural keys points at adopt_by.
func TestOutcomeUnknownMentionsAdoptBy(t *testing.T) {
	var diags diag.Diagnostics
	err := &truto.OutcomeUnknownError{Collection: adoptingKind.coll, Method: "POST", Path: "/unified/crm/contacts",
		Err: errors.New("timeout")}
	addAPIError(&diags, adoptingKind, "create", "ia", "", err)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "set adopt_by (name, website)") {
		t.Errorf("got %v", diags)
	}
	diags = nil
	addAPIError(&diags, accountKind, "create", "ia", "", err) // no natural keys: no hint
	if len(diags) != 1 || strings.Contains(diags[0].Detail(), "adopt_by") {
		t.Errorf("got %v", diags)
	}
}

// Keys read from a configuration: the name joins first and last name; the record side matches
// under the key's rule.
func TestAdoptKeysMatchUnderTheirRule(t *testing.T) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	cfg := map[string]tftypes.Value{
		adoptByName:  tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("name"), str("website")}),
		"first_name": str(" jane "), "last_name": str("DOE"), "website": str("http://acme.example"),
	}
	q, ok, problems := adoptingKind.adoptQueryOf(cfg)
	if !ok || len(problems) > 0 || q.describe() != "name jane DOE and website http://acme.example" {
		t.Fatalf("%v %v %v", q, ok, problems)
	}
	rec := &truto.Record{ID: "1"}
	_ = rec.SetValue("first_name", "Jane")
	_ = rec.SetValue("last_name", "Doe")
	_ = rec.SetValue("website", "https://www.Acme.example/")
	for i, key := range q.keys {
		if !key.matches(q.values[i], rec) {
			t.Errorf("%s does not match", key.name)
		}
	}
	_ = rec.SetValue("last_name", "Doe-Smith")
	if q.keys[0].matches(q.values[0], rec) {
		t.Error("another name matches")
	}
	cfg["last_name"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	if _, ok, problems := adoptingKind.adoptQueryOf(cfg); ok || len(problems) > 0 {
		t.Error("a value known only at apply is looked up at plan")
	}
}

// A configured custom field known only at apply makes custom_fields partly unknown at plan: the
// adopting update is planned without it in its body (it cannot be rendered yet) but as sending it;
// at apply, when it is known, the PATCH carries it.
func TestAdoptionOfAValueKnownOnlyAtApply(t *testing.T) {
	ctx := context.Background()
	r := &recordResource{k: adoptingKind}
	rec := response(t, `{"id":"1","first_name":"Jane","website":"https://old.example","custom_fields":{"tier":"gold","score":"7"}}`)
	planned := func(score types.String) (model, map[string]tftypes.Value) {
		plan := emptyModel(adoptingKind)
		plan.set("first_name", types.StringValue("Jane"))
		plan.set("website", types.StringValue("https://new.example"))
		plan.set("custom_fields", types.DynamicValue(types.ObjectValueMust(
			map[string]attr.Type{"score": types.StringType, "tier": types.StringType},
			map[string]attr.Value{"score": score, "tier": types.StringValue("gold")})))
		raw, err := plan.encode(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return plan, attrsOf(raw)
	}

	plan, config := planned(types.StringUnknown())
	a := r.adoptionOf(plan, rec, config)
	w, err := a.write(ctx, r, config)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if !w.sends("custom_fields") || !w.sends("website") || w.sends("first_name") {
		t.Errorf("plan: sent %v, want custom_fields and website", w.sent)
	}
	if body, err := a.body(nil); err != nil || mustJSON(t, body) != `{"website":"https://new.example"}` {
		t.Errorf("plan: body %s (%v), want website alone", mustJSON(t, body), err)
	}

	plan, config = planned(types.StringValue("9"))
	a = r.adoptionOf(plan, rec, config)
	if w, err := a.write(ctx, r, config); err != nil || !w.sends("custom_fields") {
		t.Errorf("apply: sent %v (%v), want custom_fields", w.sent, err)
	}
	if body, err := a.body(nil); err != nil || mustJSON(t, body) != `{"website":"https://new.example","custom_fields":{"score":"9","tier":"gold"}}` {
		t.Errorf("apply: body %s (%v)", mustJSON(t, body), err)
	}
}
