package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// A CRM whose PATCH replaces the whole custom_fields object (the reference does not say merge or
// replace): an update of one of two configured custom fields sends both, the CRM keeps both, and the
// next plan is empty. Sending only the changed key would wipe the other, and every later plan would
// send it back and wipe the first: a diff that never settles.
func TestAccCustomFields_patchUnderReplaceSendsEveryConfiguredKey(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CustomFieldsReplace: true})
	cfg := func(tier string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_contact" "r" {
  first_name    = "Jane"
  last_name     = "Doe"
  custom_fields = { tier = %q, region = "emea" }
}`, tier))
	}
	crmHolds := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			rec, err := env.recordOf(s, kinds.Contact, contactAddr)
			if err == nil && jsonOf(rec["custom_fields"]) != want {
				err = fmt.Errorf("the CRM holds custom_fields %s, want %s", jsonOf(rec["custom_fields"]), want)
			}
			return err
		}
	}
	patchSentBoth := func(*terraform.State) error {
		patches := env.requestsTo("PATCH", "contacts")
		if len(patches) != 1 {
			return fmt.Errorf("%d PATCHes of contacts, want 1", len(patches))
		}
		if got, want := patches[0].CustomFieldKeys, []string{"region", "tier"}; !slices.Equal(got, want) {
			return fmt.Errorf("the PATCH sent custom_fields keys %v, want %v", got, want)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("gold"), Check: crmHolds(`{"region":"emea","tier":"gold"}`)},
			{
				Config: cfg("silver"),
				Check:  resource.ComposeAggregateTestCheckFunc(crmHolds(`{"region":"emea","tier":"silver"}`), patchSentBoth),
			},
			{Config: cfg("silver"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
