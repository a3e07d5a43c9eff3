package provider

import (
	"fmt"
	"regexp"
	"strings"
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

const dealAddr = "truto_crm_opportunity.r"

// A CRM that keeps only the date of close_date and answers amount as a string causes no diff, for a
// date and for a time, after the create, a refresh and an import; 1234.56 stays exactly 1234.56.
func TestAccCRMOpportunity_datesAndAmountsNeverDiff(t *testing.T) {
	for _, closeDate := range []string{"2026-03-31", "2026-03-31T15:30:00Z"} {
		t.Run(closeDate, func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{DateOnly: true, NumbersAsStrings: true})
			res := fmt.Sprintf(`
resource "truto_crm_opportunity" "r" {
  name            = "Renewal"
  amount          = 1234.56
  close_date      = %q
  deletion_policy = "abandon"
}`, closeDate)
			imported := strings.Replace(res, "deletion_policy = \"abandon\"", "", 1) // an import plans delete
			var id string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: env.config(res),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(dealAddr, tfjsonpath.New("close_date"), knownvalue.StringExact(closeDate)),
							statecheck.ExpectKnownValue(dealAddr, tfjsonpath.New("amount"), knownvalue.Float64Exact(1234.56)),
						},
						Check: func(s *terraform.State) error {
							id = s.RootModule().Resources[dealAddr].Primary.ID
							rec, err := env.recordOf(s, kinds.Opportunity, dealAddr)
							if err == nil && (jsonOf(rec["amount"]) != `"1234.56"` || jsonOf(rec["close_date"]) != `"2026-03-31T00:00:00.000Z"`) {
								err = fmt.Errorf("the emulator's quirks did not apply: %s", jsonOf(rec))
							}
							return err
						},
					},
					{RefreshState: true},
					{Config: env.config(res), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
			// The same deal imported into a fresh state: the CRM's spellings are in state, the
			// configuration's differ, and the plan is still empty.
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: env.config(imported), ResourceName: dealAddr, ImportState: true, ImportStatePersist: true,
						ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
					},
					{
						Config:           env.config(imported),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check: func(*terraform.State) error {
							if n := env.emu.CollectionCounts("opportunities")["PATCH"]; n != 0 {
								return fmt.Errorf("%d PATCH requests after an import with a matching configuration", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// A reference to a record the CRM does not have is the CRM's error, naming the field; a CRM that
// answers it with 404 does not make Terraform think the deal is gone.
func TestAccCRMOpportunity_unknownReferenceIsTheCRMsError(t *testing.T) {
	for _, status := range []int{400, 404} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{CheckReferences: true, ReferenceErrorStatus: status})
			stage := env.emu.In("stages").Seed(testIA, map[string]any{"name": "Qualified", "pipeline": map[string]any{"id": "p1"}})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: env.config(`
resource "truto_crm_opportunity" "r" {
  name  = "Deal"
  stage = { id = "no-such-stage" }
}`),
						ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)%d.*stage\.id\s+no-such-stage\s+does\s+not\s+exist`, status)),
					},
					{
						Config: env.config(fmt.Sprintf(`
resource "truto_crm_opportunity" "r" {
  name  = "Deal"
  stage = { id = %q }
}`, stage)),
					},
					{
						Config: env.config(`
resource "truto_crm_opportunity" "r" {
  name  = "Deal"
  stage = { id = "gone" }
}`),
						ExpectError: regexp.MustCompile(`(?s)Failed to update CRM opportunity.*stage\.id\s+gone\s+does\s+not\s+exist`),
					},
					{
						// Still in state, still the same deal.
						Config: env.config(fmt.Sprintf(`
resource "truto_crm_opportunity" "r" {
  name  = "Deal"
  stage = { id = %q }
}`, stage)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check: func(*terraform.State) error {
							if n := len(env.emu.In("opportunities").Records(testIA)); n != 1 {
								return fmt.Errorf("%d deals, want 1", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}
