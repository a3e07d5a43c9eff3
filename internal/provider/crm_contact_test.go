package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/kinds"
)

const contactAddr = "truto_crm_contact.r"

// A CRM that lowercases emails, composes the full name and answers lists in another order causes
// no diff: after the create, after a refresh, and after an import under a configuration that spells
// the email its own way.
func TestAccCRMContact_crmNormalisationNeverDiffs(t *testing.T) {
	t.Run("created", func(t *testing.T) { testContactNormalisationAfterCreate(t) })
	t.Run("imported", func(t *testing.T) { testContactNormalisationAfterImport(t) })
}

func testContactNormalisationAfterCreate(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{LowercaseEmails: true, ReorderLists: true})
	cfg := env.config(`
resource "truto_crm_contact" "r" {
  first_name      = "Jane"
  last_name       = "Doe"
  email_addresses = [{ email = "Jane.Doe@Acme.example", type = "work" }, { email = "JD@Home.example" }]
  phone_numbers   = [{ number = "+1 555 0100", type = "home" }, { number = "+1 555 0199", type = "pager" }]
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("name"), knownvalue.StringExact("Jane Doe")),
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("email_addresses").AtSliceIndex(0).AtMapKey("email"),
						knownvalue.StringExact("Jane.Doe@Acme.example")),
				},
				Check: func(s *terraform.State) error {
					rec, err := env.recordOf(s, kinds.Contact, contactAddr)
					if err == nil && itemAt(rec, "email_addresses", 1, "email") != "jane.doe@acme.example" {
						err = fmt.Errorf("the emulator did not lowercase and reorder: %s", jsonOf(rec["email_addresses"]))
					}
					return err
				},
			},
			{RefreshState: true},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// Imported: state holds the CRM's lowercase spelling, the configuration its own.
func testContactNormalisationAfterImport(t *testing.T) {
	env2 := newTestEnv(t, emulator.Profile{LowercaseEmails: true})
	id2 := env2.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane",
		"email_addresses": []any{map[string]any{"email": "jane.doe@acme.example"}}})
	imported := env2.config(fmt.Sprintf(`
import {
  to = truto_crm_contact.r
  id = "%s"
}
resource "truto_crm_contact" "r" {
  first_name      = "Jane"
  email_addresses = [{ email = "Jane.Doe@Acme.example" }]
}`, id2))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: imported,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionNoop),
			}},
			Check: func(*terraform.State) error {
				if n := env2.writes(); n != 0 {
					return fmt.Errorf("%d writes after importing a contact whose email differs only in case", n)
				}
				return nil
			},
		}},
	})
}
