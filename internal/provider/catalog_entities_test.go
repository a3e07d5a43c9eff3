package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// Engagements' custom fields are checked against the catalog's activity entity, and the error
// sends the user to a data source that lists that entity.
func TestAccPlanChecks_engagementsUseTheActivityCatalog(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"activity": {{Name: "call_outcome", Label: "Call outcome", Type: "string", IsUserDefined: true}},
		"contact":  {{Name: "tier", Type: "string"}},
	}})
	engagement := func(cf string) string {
		return env.config("resource \"truto_crm_engagement\" \"e\" {\n  engagement_type = \"call\"\n  custom_fields = " + cf + "\n}")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: engagement(`{ call_outcom = "connected" }`),
				ExpectError: regexp.MustCompile(`(?s)Unknown custom field.*"call_outcom".*Did\s+you\s+mean\s+"call_outcome"\?.*entity\s+"activity".*` +
					`truto_crm_fields`),
			},
			{
				PreConfig: env.noWritesYet(t),
				Config: env.config(`
data "truto_crm_fields" "activity" { entity = "activity" }
output "names" { value = data.truto_crm_fields.activity.names }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("names", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("call_outcome")})),
				},
			},
			{Config: engagement(`{ call_outcome = "connected" }`)},
		},
	})
}
