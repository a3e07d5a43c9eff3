package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// A CRM that stores phone numbers in E.164 shows no drift for a number written another way, after
// the create, a refresh and an import; a number that really changed still plans an update.
func TestAccPhones_comparedAsNumbers(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{E164Phones: true, ReorderLists: true})
	cfg := func(second string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_account" "r" {
  name          = "Acme"
  phone_numbers = [{ number = "+1 (415) 555-0100", type = "work" }, { number = %q, type = "mobile" }]
}
resource "truto_crm_contact" "c" {
  first_name    = "Jane"
  phone_numbers = [{ number = "+44 20 7946 0018" }]
}`, second))
	}
	stored := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			rec, err := env.recordOf(s, kinds.Account, "truto_crm_account.r")
			if err != nil {
				return err
			}
			for i := range 2 {
				if itemAt(rec, "phone_numbers", i, "number") == want {
					return nil
				}
			}
			return fmt.Errorf("the emulator does not hold %s: %s", want, jsonOf(rec["phone_numbers"]))
		}
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("+1 415 555 0199"), Check: stored("+14155550199")},
			{RefreshState: true},
			{Config: cfg("+1 415 555 0199"), ConfigPlanChecks: empty},
			{Config: cfg("+1-415-555-0199"), ConfigPlanChecks: empty}, // respelled in the configuration
			{ResourceName: "truto_crm_account.r", ImportState: true, ImportStateVerify: false, Config: cfg("+1 415 555 0199")},
			{
				Config: cfg("+1 415 555 0198"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_account.r", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("truto_crm_contact.c", plancheck.ResourceActionNoop),
				}},
				Check: stored("+14155550198"),
			},
			{Config: cfg("+1 415 555 0198"), ConfigPlanChecks: empty},
		},
	})
}
