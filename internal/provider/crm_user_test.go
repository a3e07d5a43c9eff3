package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// Users and stages are looked up to point references at. The CRM here applies no filter at all, so
// every match the data sources return is the provider's own re-check.
func TestAccCRMUsersAndStages_lookups(t *testing.T) {
	ignoresFilters := emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"users": {SupportedFilters: []string{}}, "stages": {SupportedFilters: []string{}},
	}}
	env := newTestEnv(t, ignoresFilters)
	users := env.emu.In("users")
	sam := users.Seed(testIA, map[string]any{"name": "Sam Sales", "email": "sam@acme.example", "is_active": true})
	users.Seed(testIA, map[string]any{"name": "Alex Admin", "email": "alex@acme.example", "is_active": false})
	users.Seed(testIA, map[string]any{"name": "Twin One", "email": "twin@acme.example"})
	users.Seed(testIA, map[string]any{"name": "Twin Two", "email": "TWIN@acme.example"})
	stages := env.emu.In("stages")
	proposal := stages.Seed(testIA, map[string]any{"name": "Proposal", "position": 2, "status": "active",
		"pipeline": map[string]any{"id": "sales", "name": "Sales"}})
	stages.Seed(testIA, map[string]any{"name": "Qualified", "position": 1, "status": "active",
		"pipeline": map[string]any{"id": "sales", "name": "Sales"}})
	stages.Seed(testIA, map[string]any{"name": "Proposal", "position": 1, "status": "inactive",
		"pipeline": map[string]any{"id": "renewals", "name": "Renewals"}})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "truto_crm_user" "nobody" { email = "nobody@acme.example" }`),
				ExpectError: regexp.MustCompile(`(?s)No CRM user with this email.*nobody@acme.example.*It has 4 users: the\s+truto_crm_users\s+data\s+source\s+lists\s+them,\s+with\s+ids_by_email`),
			},
			{
				Config:      env.config(`data "truto_crm_user" "twins" { email = "twin@acme.example" }`),
				ExpectError: regexp.MustCompile(`(?s)Several CRM users with this email.*set\s+id\s+instead`),
			},
			{
				Config: env.config(`data "truto_crm_user" "both" {
  id    = "1"
  email = "sam@acme.example"
}`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*id.*email`),
			},
			{
				Config: env.config(`
data "truto_crm_user" "by_email" {
  email = "Sam@ACME.example"
}
data "truto_crm_user" "by_id" {
  id = data.truto_crm_user.by_email.id
}
data "truto_crm_users" "all" {}
data "truto_crm_users" "alex" {
  email = "alex@acme.example"
}
data "truto_crm_stages" "sales" {
  pipeline_id = "sales"
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.truto_crm_user.by_email", tfjsonpath.New("id"), knownvalue.StringExact(sam)),
					statecheck.ExpectKnownValue("data.truto_crm_user.by_email", tfjsonpath.New("name"), knownvalue.StringExact("Sam Sales")),
					statecheck.ExpectKnownValue("data.truto_crm_user.by_id", tfjsonpath.New("email"), knownvalue.StringExact("sam@acme.example")),
					statecheck.ExpectKnownValue("data.truto_crm_user.by_id", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.truto_crm_users.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue("data.truto_crm_users.all", tfjsonpath.New("ids_by_email").AtMapKey("sam@acme.example"),
						knownvalue.StringExact(sam)),
					statecheck.ExpectKnownValue("data.truto_crm_users.alex", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.truto_crm_stages.sales", tfjsonpath.New("ids"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.truto_crm_stages.sales", tfjsonpath.New("ids_by_name").AtMapKey("Proposal"),
						knownvalue.StringExact(proposal)),
					statecheck.ExpectKnownValue("data.truto_crm_stages.sales", tfjsonpath.New("stages").AtSliceIndex(0).AtMapKey("pipeline"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("sales"), "name": knownvalue.StringExact("Sales")})),
				},
			},
		},
	})
}
