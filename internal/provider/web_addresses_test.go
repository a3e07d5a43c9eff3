package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// An email that is not local@domain and a URL or website that cannot be one fail validation, naming
// the attribute (nested ones with their index); nothing is sent. A website without a scheme, and
// "" (which clears it), are valid.
func TestAccEmailsAndWebAddresses_invalidOnesFailValidation(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var steps []resource.TestStep
	for body, want := range map[string]string{
		"resource \"truto_crm_contact\" \"c\" {\n  last_name = \"Doe\"\n  email_addresses = [{ email = \"jo@acme.example\" }, { email = \"not-an-email\" }]\n}": `email_addresses\[1\]\.email\s+must\s+be\s+an\s+email\s+address.*"not-an-email"`,
		"resource \"truto_crm_lead\" \"l\" {\n  last_name = \"Doe\"\n  email_addresses = [{ email = \"jo at acme.example\" }]\n}":                               `email_addresses\[0\]\.email\s+must\s+be\s+an\s+email\s+address.*"jo at acme.example"`,
		"resource \"truto_crm_account\" \"a\" {\n  website = \"not a url\"\n}":                                                                                  `Invalid web address.*website\s+must\s+be\s+a\s+web\s+address.*"not a url"`,
		"resource \"truto_crm_account\" \"a\" {\n  name = \"Acme\"\n  urls = [{ url = \"https://\" }]\n}":                                                       `urls\[0\]\.url\s+must\s+be\s+a\s+web\s+address.*"https://"`,
		"resource \"truto_crm_contact\" \"c\" {\n  last_name = \"Doe\"\n  urls = [{ url = \"not a url\" }]\n}":                                                  `urls\[0\]\.url\s+must\s+be\s+a\s+web\s+address.*"not a url"`,
	} {
		steps = append(steps, resource.TestStep{Config: env.config(body), ExpectError: regexp.MustCompile(`(?s)` + want)})
	}
	steps = append(steps, resource.TestStep{
		PreConfig: env.noRequestsYet(t),
		Config: env.config(`
resource "truto_crm_account" "a" {
  website = "acme.example"
  urls    = [{ url = "https://acme.example/blog" }]
}
resource "truto_crm_contact" "c" {
  last_name       = "Doe"
  email_addresses = [{ email = "Jo@Acme.example" }]
}`),
		Check: env.checkRecord(fieldsAre(map[string]string{"website": `"acme.example"`})),
	}, resource.TestStep{
		Config: env.config(`
resource "truto_crm_account" "a" {
  name    = "Acme"
  website = ""
}`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}
