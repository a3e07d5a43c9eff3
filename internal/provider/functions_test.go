package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The provider functions through Terraform: their results, and errors that name the input. They
// need no provider configuration and send nothing.
func TestAccFunctions(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: `
output "email"    { value = provider::truto::normalize_email("  Jane.Doe@ACME.example ") }
output "phone"    { value = provider::truto::normalize_phone("+1 (415) 555-0100", "") }
output "national" { value = provider::truto::normalize_phone("020 7946 0018", "GB") }
output "website"  { value = provider::truto::normalize_website("https://www.Acme.example/") }
output "key"      { value = provider::truto::record_key(" Jane@ACME.example", "Jane   Doe") }
output "keys"     { value = { for r in [{ e = "A@x.example" }, { e = "b@x.example " }] : provider::truto::record_key(r.e) => r.e } }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("email", knownvalue.StringExact("jane.doe@acme.example")),
					statecheck.ExpectKnownOutputValue("phone", knownvalue.StringExact("+14155550100")),
					statecheck.ExpectKnownOutputValue("national", knownvalue.StringExact("+442079460018")),
					statecheck.ExpectKnownOutputValue("website", knownvalue.StringExact("acme.example")),
					statecheck.ExpectKnownOutputValue("key", knownvalue.StringExact("jane@acme.example|jane doe")),
					statecheck.ExpectKnownOutputValue("keys", knownvalue.MapExact(map[string]knownvalue.Check{
						"a@x.example": knownvalue.StringExact("A@x.example"),
						"b@x.example": knownvalue.StringExact("b@x.example "),
					})),
				},
			},
			{
				Config:      `output "bad" { value = provider::truto::normalize_phone("call me", "US") }`,
				ExpectError: regexp.MustCompile(`"number" parameter: "call me" is not a\s+phone number`),
			},
			{
				Config:      `output "bad" { value = provider::truto::normalize_phone("415 555 0100", "") }`,
				ExpectError: regexp.MustCompile(`"415 555 0100" has no\s+country\s+code`),
			},
		},
	})
}
