// Package contract holds tests that run the real client against the emulator: each is written from
// Truto's documentation and neither from the other, so where both agree here, one misreading would
// have to be made twice. The emulator and the client may not import each other; only tests here
// bring them together.
package contract

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The client's field-definition calls and the emulator speak the same JSON
// (each written from the reference, neither from the other): the flags'
// body names come from meta, the catalog shows what was written.
func TestFieldDefinitionsClientContract(t *testing.T) {
	emu := emulator.New(emulator.Options{
		Token: "test-token",
		Accounts: []emulator.IntegratedAccount{
			{ID: "hs", Profile: emulator.Profile{Integration: "hubspot", Fields: map[string][]emulator.FieldDef{"account": nil}}},
			{ID: "pd", Profile: emulator.Profile{Integration: "pipedrive", FieldNameRule: "required", FieldFlagsUnprefixed: true,
				FieldOptionExtras: true, Fields: map[string][]emulator.FieldDef{"account": nil},
				Collections: map[string]emulator.CollectionProfile{"fields": {Methods: []string{"list", "get", "create", "update"}}}}},
		},
		AccountRateLimit: emulator.RateLimit{Requests: -1},
		TokenRateLimit:   emulator.RateLimit{Requests: -1},
		Seed:             7,
	})
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	c, err := truto.New(truto.Config{BaseURL: ts.URL, Token: "test-token", HTTPClient: ts.Client(), MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	yes := true
	options := []truto.FieldOption{{Label: "Gold", Value: "gold"}}

	// Pipedrive-like: the flags go under the names create's meta lists.
	meta, err := c.FieldMeta(ctx, "pd", "create")
	if err != nil {
		t.Fatal(err)
	}
	pd := truto.RequestOptions{IntegratedAccountID: "pd"}
	in := truto.FieldInput{Name: "tier", Label: "Tier", Type: "enum", Options: options, IsRequired: &yes, FlagNames: truto.FieldFlagNamesFrom(meta.RequestBody)}
	def, err := c.CreateField(ctx, pd, "account", in)
	if err != nil {
		t.Fatal(err)
	}
	if !def.IsRequired || !def.IsUserDefined || def.Name != "tier" || def.Options[0].Description != "Gold" || !def.Returned("is_hidden") {
		t.Errorf("pipedrive field = %+v", def)
	}
	if err := c.DeleteField(ctx, pd, "account", def.ID); truto.StatusCode(err) != http.StatusMethodNotAllowed {
		t.Errorf("delete where unsupported: %v", err)
	}

	// HubSpot-like: the name comes from the label; an added option shows in get and in the catalog.
	hs := truto.RequestOptions{IntegratedAccountID: "hs"}
	def, err = c.CreateField(ctx, hs, "account", truto.FieldInput{Label: "Customer Tier", Type: "enum", Options: options, FieldGroupID: "g1"})
	if err != nil || def.Name != "customer_tier" || def.FieldGroupID != "g1" || def.IsRequired {
		t.Fatalf("hubspot field = %+v, %v", def, err)
	}
	more := append(options, truto.FieldOption{Label: "Silver", Value: "silver"})
	if _, err := c.UpdateField(ctx, hs, "account", def.ID, truto.FieldInput{Label: "Tier", Options: more}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetField(ctx, hs, "account", def.ID)
	if err != nil || got.Label != "Tier" || len(got.Options) != 2 || got.UpdatedAt == "" {
		t.Errorf("after update: %+v, %v", got, err)
	}
	catalog, err := c.Fields(ctx, "hs", "account")
	if err != nil || len(catalog) != 1 || catalog[0].Label != "Tier" {
		t.Errorf("catalog = %+v, %v", catalog, err)
	}
	if err := c.DeleteField(ctx, hs, "account", def.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetField(ctx, hs, "account", def.ID); !truto.IsCRMNotFound(err) {
		t.Errorf("get after delete: %v", err)
	}
}
