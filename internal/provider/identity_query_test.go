package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// Resource identity (Terraform 1.12 and later; these tests skip, saying so, on older CLIs): every
// kind's identity is its integrated account and id, set on create and kept by every step; an import
// block with an identity adopts the record with no change and no write.
func TestAccIdentity_everyKind(t *testing.T) {
	for _, tc := range kindTests {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			addr := tc.addr()
			identity := []statecheck.StateCheck{
				statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
					"integrated_account_id": knownvalue.StringExact(testIA),
					"id":                    knownvalue.NotNull(),
				}),
				statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
			}
			var writes int
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				Steps: []resource.TestStep{
					{Config: env.config(tc.resource(tc.minimal)), ConfigStateChecks: identity},
					{Config: env.config(tc.resource(tc.managed)), ConfigStateChecks: identity}, // an update keeps it
					{RefreshState: true, Check: func(*terraform.State) error { return nil }},
					{Config: env.config(tc.resource(tc.managed)), ConfigStateChecks: identity}, // after the refresh
					{
						PreConfig:       func() { writes = env.writes() },
						Config:          env.config(tc.resource(tc.managed)),
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
						Check: func(*terraform.State) error {
							if n := env.writes() - writes; n != 0 {
								return fmt.Errorf("an import by identity sent %d writes", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// An identity without integrated_account_id takes the provider's; without either, the error says so.
func TestAccIdentity_importBlockDefaults(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.Seed(testIA, map[string]any{"name": "Seeded"})
	block := func(identity string) string {
		return fmt.Sprintf(`
import {
  to       = truto_crm_account.r
  identity = %s
}
resource "truto_crm_account" "r" {
  name = "Seeded"
}`, identity)
	}
	t.Setenv(record.EnvIntegratedAccountID, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf("provider \"truto\" {\n  base_url  = %q\n  api_token = %q\n}\n", env.url, testToken) +
					block(fmt.Sprintf(`{ id = %q }`, id)),
				ExpectError: regexp.MustCompile(`(?s)Invalid import identity.*integrated_account_id`),
			},
			{
				Config: env.config(block(fmt.Sprintf(`{ id = %q }`, id))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_account.r", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValue("truto_crm_account.r", tfjsonpath.New("integrated_account_id"), knownvalue.StringExact(testIA)),
				},
			},
		},
	})
}

// terraform query (Terraform 1.14 and later): every kind lists with its filters, re-checked on the
// results; results carry identity, a display name and the resource object, and limit is honoured
// without reading more pages than it needs.
func TestAccQuery_listResources(t *testing.T) {
	ignoresFilters := emulator.Profile{SupportedFilters: []string{}, Collections: map[string]emulator.CollectionProfile{
		"contacts": {SupportedFilters: []string{}}, "opportunities": {SupportedFilters: []string{}},
	}}
	env := newTestEnv(t, ignoresFilters)
	for i := range 5 {
		env.emu.Seed(testIA, map[string]any{"name": fmt.Sprintf("Company %d", i), "custom_fields": map[string]any{"rank": i}})
	}
	acme := env.emu.Seed(testIA, map[string]any{"name": "Acme", "website": "https://acme.example"})
	jane := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Doe",
		"email_addresses": []any{map[string]any{"email": "jane@acme.example"}}, "account": map[string]any{"id": acme}})
	env.emu.In("contacts").Seed(testIA, map[string]any{"email_addresses": []any{map[string]any{"email": "anon@acme.example"}}})
	env.emu.In("opportunities").Seed(testIA, map[string]any{"name": "Renewal", "amount": 100, "account": map[string]any{"id": acme}})
	env.emu.In("opportunities").Seed(testIA, map[string]any{"name": "Other", "amount": 5})
	query := `
list "truto_crm_account" "all" {
  provider = truto
}

list "truto_crm_account" "acme" {
  provider         = truto
  include_resource = true
  config {
    name = "acme"
  }
}

list "truto_crm_account" "two" {
  provider = truto
  limit    = 2
}

list "truto_crm_contact" "at_acme" {
  provider = truto
  config {
    account_id = "` + acme + `"
  }
}

list "truto_crm_contact" "all" {
  provider = truto
}

list "truto_crm_opportunity" "renewal" {
  provider         = truto
  include_resource = true
  config {
    name = "Renewal"
  }
}
`
	var listsBefore int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: env.config(`resource "terraform_data" "nothing" {}`)},
			{
				PreConfig: func() { listsBefore = env.emu.CollectionCounts("accounts")["GET"] },
				Query:     true,
				Config:    query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("truto_crm_account.all", 6),
					querycheck.ExpectLength("truto_crm_account.acme", 1),
					querycheck.ExpectIdentity("truto_crm_account.acme", map[string]knownvalue.Check{
						"integrated_account_id": knownvalue.StringExact(testIA), "id": knownvalue.StringExact(acme),
					}),
					querycheck.ExpectResourceDisplayName("truto_crm_account.acme", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"integrated_account_id": knownvalue.StringExact(testIA), "id": knownvalue.StringExact(acme),
					}), knownvalue.StringExact("Acme")),
					querycheck.ExpectResourceKnownValues("truto_crm_account.acme", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"integrated_account_id": knownvalue.StringExact(testIA), "id": knownvalue.StringExact(acme),
					}), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("website"), KnownValue: knownvalue.StringExact("https://acme.example")},
						{Path: tfjsonpath.New("deletion_policy"), KnownValue: knownvalue.StringExact("delete")},
					}),
					querycheck.ExpectLength("truto_crm_account.two", 2),
					querycheck.ExpectLength("truto_crm_contact.at_acme", 1),
					querycheck.ExpectIdentity("truto_crm_contact.at_acme", map[string]knownvalue.Check{
						"integrated_account_id": knownvalue.StringExact(testIA), "id": knownvalue.StringExact(jane),
					}),
					querycheck.ExpectLength("truto_crm_contact.all", 2),
					querycheck.ExpectResourceDisplayName("truto_crm_contact.all", queryfilter.ByDisplayName(knownvalue.StringExact("anon@acme.example")),
						knownvalue.StringExact("anon@acme.example")),
					querycheck.ExpectLength("truto_crm_opportunity.renewal", 1),
				},
			},
		},
	})
	// Three account lists of one page each: "two" asked for a page of 2 and stopped there.
	if n := env.emu.CollectionCounts("accounts")["GET"] - listsBefore; n < 3 || n > 4 {
		t.Errorf("%d account list requests for three list blocks", n)
	}
	for _, r := range env.emu.RequestLog() {
		if r.Path == "/unified/crm/accounts" && r.Query.Get("limit") == "2" && r.Query.Get("next_cursor") != "" {
			t.Errorf("the limited list read a second page: %v", r.Query)
		}
	}
}
