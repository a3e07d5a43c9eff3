package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

func TestAccCRMNotesDataSource_customFieldsJSON(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	env.emu.In("notes").Seed(testIA, map[string]any{"content": "Renewal call", "account": map[string]any{"id": "a1"},
		"custom_fields": map[string]any{"topic": "renewal"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`data "truto_crm_notes" "n" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.truto_crm_notes.n", tfjsonpath.New("notes").AtSliceIndex(0).AtMapKey("custom_fields_json"),
					knownvalue.StringExact(`{"topic":"renewal"}`)),
			},
		}},
	})
}
