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
)

// Values known only at apply (another resource's output, here terraform_data's) are everywhere once
// records reference each other. Each case sets one attribute from such a value, creates the record
// and then changes the value: both applies must succeed (no "inconsistent final plan"), the record
// must hold the value, and the re-plan after each apply must be empty.
func TestAccCRMAccount_valuesKnownOnlyAtApply(t *testing.T) {
	cases := []struct {
		name, attrs string
		// got extracts the value from the emulator's record.
		got func(rec map[string]any) string
	}{
		{"addresses", `addresses = [{ city = terraform_data.v.output }]`, itemValue("addresses", "city")},
		{"phone_numbers", `phone_numbers = [{ number = terraform_data.v.output }]`, itemValue("phone_numbers", "number")},
		{"urls", `urls = [{ url = terraform_data.v.output }]`, itemValue("urls", "url")},
		{"tags", `tags = [{ name = terraform_data.v.output }]`, itemValue("tags", "name")},
		{"second item among known ones", `addresses = [{ city = "Capital City", country = "US" }, { city = terraform_data.v.output }]`,
			func(rec map[string]any) string { return itemAt(rec, "addresses", 1, "city") }},
		{"top level", `description = terraform_data.v.output`, func(rec map[string]any) string { return str(rec["description"]) }},
		{"owner", `owner = { id = terraform_data.v.output }`, func(rec map[string]any) string {
			o, _ := rec["owner"].(map[string]any)
			return str(o["id"])
		}},
		{"custom_fields", `custom_fields = { note = terraform_data.v.output }`, func(rec map[string]any) string {
			cf, _ := rec["custom_fields"].(map[string]any)
			return str(cf["note"])
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			cfg := func(input string) string {
				return env.config(fmt.Sprintf(`
resource "terraform_data" "v" {
  input = %q
}

resource "truto_crm_account" "a" {
  name = "Nested Unknown"
  %s
}`, input, tc.attrs))
			}
			holds := func(want string) resource.TestCheckFunc {
				return env.checkRecord(func(rec map[string]any) error {
					if got := tc.got(rec); got != want {
						return fmt.Errorf("record holds %q, want %q (record %s)", got, want, jsonOf(rec))
					}
					return nil
				})
			}
			var id string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: cfg("Springfield"),
						Check: resource.ComposeTestCheckFunc(holds("Springfield"), func(s *terraform.State) (err error) {
							id, err = idOf(s)
							return err
						}),
					},
					{
						Config: cfg("Shelbyville"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Nested Unknown")),
						},
						Check: resource.ComposeTestCheckFunc(holds("Shelbyville"), func(s *terraform.State) error {
							got, err := idOf(s)
							if err == nil && got != id {
								err = fmt.Errorf("id changed from %s to %s: updated in place expected", id, got)
							}
							return err
						}),
					},
				},
			})
		})
	}
}

func itemValue(list, key string) func(map[string]any) string {
	return func(rec map[string]any) string { return itemAt(rec, list, 0, key) }
}

func itemAt(rec map[string]any, list string, i int, key string) string {
	items, _ := rec[list].([]any)
	if i >= len(items) {
		return ""
	}
	m, _ := items[i].(map[string]any)
	return str(m[key])
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}
