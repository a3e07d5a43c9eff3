package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// truto_crm_support reads what the integration supports per kind, from capabilities and meta:
// against HubSpot's default profile every method and field, against a narrower profile what it
// lacks; and it fails, rather than warns, when Truto cannot say.
func TestAccSupportDataSource(t *testing.T) {
	const ds = "data.truto_crm_support.crm"
	t.Run("hubspot", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: env.config(`data "truto_crm_support" "crm" {}`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "integrated_account_id", testIA),
					resource.TestCheckResourceAttr(ds, "integration.name", "HubSpot"),
					resource.TestCheckResourceAttr(ds, "integration.slug", "hubspot"),
					resource.TestCheckResourceAttr(ds, "status", "active"),
					resource.TestCheckResourceAttr(ds, "is_blocked", "false"),
					resource.TestCheckResourceAttr(ds, "kinds.accounts.methods.#", "5"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.accounts.create_fields.*", "industry"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.accounts.update_fields.*", "industry"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.contacts.readable_fields.*", "title"),
					resource.TestCheckResourceAttr(ds, "kinds.users.create_fields.#", "0"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.users.methods.*", "list"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.stages.readable_fields.*", "name"),
				),
			}},
		})
	})

	t.Run("narrower integration", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{Integration: "salesforce", Status: "connecting",
			Collections: map[string]emulator.CollectionProfile{
				"tasks":    {Methods: []string{"list", "get", "create", "update"}},
				"accounts": {UnwritableFields: map[string][]string{"create": {"industry"}}, RequiredCreateFields: []string{"owner"}},
				"contacts": {NeverReturned: []string{"title"}},
				"notes":    {Methods: []string{"list"}},
			}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: env.config(`
data "truto_crm_support" "crm" {
  integrated_account_id = "` + testIA + `"
}
output "tasks_deletable" {
  value = contains(data.truto_crm_support.crm.kinds.tasks.methods, "delete")
}`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "integration.name", "Salesforce"),
					resource.TestCheckResourceAttr(ds, "status", "connecting"),
					resource.TestCheckResourceAttr(ds, "kinds.tasks.methods.#", "4"),
					resource.TestCheckOutput("tasks_deletable", "false"),
					resource.TestCheckResourceAttr(ds, "kinds.notes.create_fields.#", "0"),
					resource.TestCheckResourceAttr(ds, "kinds.notes.update_fields.#", "0"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.accounts.update_fields.*", "industry"),
					resource.TestCheckTypeSetElemAttr(ds, "kinds.accounts.required_on_create.*", "owner"),
					func(s *terraform.State) error { return absentFrom(s, ds, "kinds.accounts.create_fields", "industry") },
					func(s *terraform.State) error { return absentFrom(s, ds, "kinds.contacts.readable_fields", "title") },
				),
			}},
		})
	})

	t.Run("capabilities unavailable", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{CapabilitiesUnavailable: true})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:      env.config(`data "truto_crm_support" "crm" {}`),
				ExpectError: regexp.MustCompile(`Could not read what the CRM supports`),
			}},
		})
	})
}

// absentFrom fails when a list attribute of a resource in state holds value.
func absentFrom(s *terraform.State, addr, list, value string) error {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return fmt.Errorf("%s not in state", addr)
	}
	for k, v := range rs.Primary.Attributes {
		if strings.HasPrefix(k, list+".") && k != list+".#" && v == value {
			return fmt.Errorf("%s holds %q", list, value)
		}
	}
	return nil
}
