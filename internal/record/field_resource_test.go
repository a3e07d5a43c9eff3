package record

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

func TestParseFieldImportID(t *testing.T) {
	entities := []string{"account", "contact"}
	for _, tc := range []struct{ raw, defaultIA, ia, entity, id, err string }{
		{raw: "ia-1/account/123", ia: "ia-1", entity: "account", id: "123"},
		{raw: "ia-1/contact/a/b", ia: "ia-1", entity: "contact", id: "a/b"},
		{raw: "account/123", defaultIA: "ia-d", ia: "ia-d", entity: "account", id: "123"},
		{raw: "account/123", err: "has no integrated_account_id"},
		{raw: "ia-1/company/123", err: `got "ia-1/company/123"`},
		{raw: "123", defaultIA: "ia-d", err: `expected "<integrated_account_id>/<entity>/<field_id>"`},
		{raw: "ia-1/account/", err: "got"},
	} {
		ia, entity, id, err := parseFieldImportID(tc.raw, tc.defaultIA, entities)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one containing %q", tc.raw, err, tc.err)
		case tc.err == "" && (err != nil || ia != tc.ia || entity != tc.entity || id != tc.id):
			t.Errorf("%q: got %q %q %q %v, want %q %q %q", tc.raw, ia, entity, id, err, tc.ia, tc.entity, tc.id)
		}
	}
}

// A planned field adds its name to the catalog the checks see, and its options to a field the
// catalog has; forgetCatalog makes the next check ask the catalog again.
func TestPlannedFieldsAndCatalogInvalidation(t *testing.T) {
	c := newPlanChecks(nil)
	catalog := []truto.FieldDefinition{{Name: "tier", Type: "enum", Options: []truto.FieldOption{{Label: "Gold", Value: "gold"}}}}
	c.planField("ia", "account", truto.FieldDefinition{Name: "tier", Type: "enum", Options: []truto.FieldOption{{Label: "Bronze", Value: "bronze"}}})
	c.planField("ia", "account", truto.FieldDefinition{Name: "segment", Type: "string"})
	c.planField("ia", "contact", truto.FieldDefinition{Name: "other", Type: "string"})
	got := c.withPlanned("ia", "account", catalog)
	if len(got) != 2 || got[0].Name != "tier" || len(got[0].Options) != 2 || got[1].Name != "segment" {
		t.Fatalf("catalog with planned fields: %+v", got)
	}
	if len(catalog[0].Options) != 1 {
		t.Error("withPlanned changed the cached catalog")
	}
	// The checks accept the planned field's key and an option only the planned field offers, and
	// still report an option nobody offers.
	planned := map[string]attr.Value{"segment": types.StringValue("enterprise"), "tier": types.StringValue("bronze")}
	if problems := catalogProblems(got, planned); len(problems) != 0 {
		t.Errorf("planned key and option reported: %v", problems)
	}
	if problems := catalogProblems(got, map[string]attr.Value{"tier": types.StringValue("platinum")}); len(problems) != 1 ||
		!strings.Contains(problems[0].detail, "platinum") {
		t.Errorf("an option nobody offers: %v, want one problem naming it", problems)
	}

	asked := 0
	fetch := func(context.Context) ([]truto.FieldDefinition, error) { asked++; return catalog, nil }
	key := catalogKey{"ia", "account"}
	_, _ = c.catalog.get(context.Background(), key, fetch)
	_, _ = c.catalog.get(context.Background(), key, fetch)
	c.forgetCatalog("ia", "account")
	_, _ = c.catalog.get(context.Background(), key, fetch)
	if asked != 2 {
		t.Errorf("the catalog was asked %d times, want 2 (once, then again after forgetCatalog)", asked)
	}
}

func TestSameOptions(t *testing.T) {
	a := []truto.FieldOption{{Label: "A", Value: "a"}, {Label: "B", Value: "b"}}
	b := []truto.FieldOption{{Label: "B", Value: "b", Description: "extra", IsHidden: true}, {Label: "A", Value: "a"}}
	if !sameOptions(a, b) {
		t.Error("reordered options with extras differ")
	}
	if sameOptions(a, a[:1]) || sameOptions(a, []truto.FieldOption{{Label: "A", Value: "a"}, {Label: "C", Value: "b"}}) {
		t.Error("different options are the same")
	}
}

func TestNameReplaces(t *testing.T) {
	for _, tc := range []struct {
		config, state types.String
		want          bool
	}{
		{types.StringValue("tier"), types.StringValue("tier"), false},
		{types.StringValue("tier__c"), types.StringValue("tier"), false}, // the CRM's spelling
		{types.StringValue("Tier"), types.StringValue("tier"), false},
		{types.StringValue("tier"), types.StringValue("TIER__C"), false},
		{types.StringValue("tier_code"), types.StringValue("tier"), true},
		{types.StringValue("tier__c__c"), types.StringValue("tier"), true},
		{types.StringUnknown(), types.StringValue("tier"), true},
		{types.StringNull(), types.StringValue("tier"), false}, // left to the CRM
	} {
		if got := nameReplaces(tc.config, tc.state); got != tc.want {
			t.Errorf("nameReplaces(%s, %s) = %v, want %v", tc.config, tc.state, got, tc.want)
		}
	}
}
