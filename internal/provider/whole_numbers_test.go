package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// noRequestsYet is a PreConfig asserting the emulator received no API request at all so far: the
// failed steps before it were refused at validation.
func (e *testEnv) noRequestsYet(t *testing.T) func() {
	return func() {
		if log := e.emu.RequestLog(); len(log) != 0 {
			t.Errorf("%d requests reached the API from configurations that failed validation, first %s %s",
				len(log), log[0].Method, log[0].Path)
		}
	}
}

// A fraction in any whole-number attribute (a record's, a list data source's, the provider's) fails
// validation naming the attribute and the value, not the framework's conversion error; nothing is
// sent. A whole number still applies.
func TestAccWholeNumbers_fractionsFailValidation(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	account := func(n string) string {
		return env.config("resource \"truto_crm_account\" \"a\" {\n  name = \"Acme\"\n  number_of_employees = " + n + "\n}")
	}
	var steps []resource.TestStep
	for cfg, want := range map[string]string{
		account("12.5"): `number_of_employees\s+must\s+be\s+a\s+whole\s+number\s+of\s+at\s+least\s+0,\s+got\s+12\.5`,
		account("-1"):   `number_of_employees\s+must\s+be\s+a\s+whole\s+number\s+of\s+at\s+least\s+0,\s+got\s+-1`,
		env.config(`data "truto_crm_tasks" "t" { limit = 2.5 }`):                                              `limit\s+must\s+be\s+a\s+whole\s+number.*got\s+2\.5`,
		env.config(`data "truto_crm_engagements" "e" { page_size = 0.5 }`):                                    `page_size\s+must\s+be\s+a\s+whole\s+number.*got\s+0\.5`,
		strings.Replace(account("3"), "provider \"truto\" {", "provider \"truto\" {\n  max_retries = 1.5", 1): `max_retries\s+must\s+be\s+a\s+whole\s+number\s+from\s+0\s+to\s+50,\s+got\s+1\.5`,
	} {
		steps = append(steps, resource.TestStep{Config: cfg, ExpectError: regexp.MustCompile(`(?s)Invalid whole number.*` + want)})
	}
	steps = append(steps, resource.TestStep{
		PreConfig: env.noRequestsYet(t),
		Config:    account("12"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("truto_crm_account.a", tfjsonpath.New("number_of_employees"), knownvalue.Int64Exact(12)),
		},
		Check: env.checkRecord(fieldsAre(map[string]string{"number_of_employees": `12`})),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}
