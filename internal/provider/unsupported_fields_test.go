package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// industryUnwritable is a CRM whose mapping of accounts lacks industry, on create and update.
var industryUnwritable = emulator.Profile{Collections: map[string]emulator.CollectionProfile{
	"accounts": {UnwritableFields: map[string][]string{"create": {"industry"}, "update": {"industry"}}},
}}

// accountWith is an account resource with industry, and the resource's own unsupported_fields when
// mode is not "".
func accountWith(name, industry, mode string) string {
	own := ""
	if mode != "" {
		own = fmt.Sprintf("\n  unsupported_fields = %q", mode)
	}
	return fmt.Sprintf("resource \"truto_crm_account\" \"r\" {\n  name     = %q\n  industry = %q%s\n}\n", name, industry, own)
}

// withProviderUnsupported sets the provider's unsupported_fields in a configuration.
func withProviderUnsupported(cfg, mode string) string {
	return strings.Replace(cfg, "provider \"truto\" {", fmt.Sprintf("provider \"truto\" {\n  unsupported_fields = %q", mode), 1)
}

// sentKeys checks that every write of accounts so far sent want and none sent notWanted.
func (e *testEnv) sentKeys(method, want, notWanted string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		writes := e.requestsTo(method, "accounts")
		if method == "POST" {
			for _, r := range e.emu.RequestLog() {
				if r.Method == "POST" && r.Path == "/unified/crm/accounts" {
					writes = append(writes, r)
				}
			}
		}
		if len(writes) == 0 {
			return fmt.Errorf("no %s of accounts", method)
		}
		for _, r := range writes {
			if !slices.Contains(r.BodyKeys, want) || slices.Contains(r.BodyKeys, notWanted) {
				return fmt.Errorf("%s %s sent %v: want %s, not %s", r.Method, r.Path, r.BodyKeys, want, notWanted)
			}
		}
		return nil
	}
}

// Under the default "error", an attribute the integration cannot write fails the plan naming the
// integration, the attribute and the method, and nothing is sent beyond the probes; a resource's
// "error" overrides the provider's "skip".
func TestAccUnsupportedFields_errorFailsThePlan(t *testing.T) {
	for name, cfg := range map[string]func(e *testEnv) string{
		"provider default": func(e *testEnv) string { return e.config(accountWith("Acme", "Retail", "")) },
		"resource overrides provider": func(e *testEnv) string {
			return withProviderUnsupported(e.config(accountWith("Acme", "Retail", "error")), "skip")
		},
	} {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t, industryUnwritable)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: cfg(env),
					ExpectError: regexp.MustCompile(`(?s)HubSpot cannot write industry on accounts \(create\).*` +
						`Nothing was sent.*unsupported_fields = "skip"`),
				}},
			})
			if n := env.writes(); n != 0 {
				t.Errorf("%d write requests reached the CRM", n)
			}
			if _, meta, _ := env.checkRequests(); meta == 0 {
				t.Error("no meta request: the check did not run")
			}
		})
	}
}

// Under "skip" (here the resource's, overriding the provider's default "error"), the attribute is
// not sent on create or update, is kept in state as configured, and never shows as drift.
func TestAccUnsupportedFields_skipKeepsItOutOfRequests(t *testing.T) {
	env := newTestEnv(t, industryUnwritable)
	cfg := func(name, industry string) string { return env.config(accountWith(name, industry, "skip")) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg("Acme", "Retail"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("truto_crm_account.r", "industry", "Retail"),
					env.sentKeys("POST", "name", "industry"),
				),
			},
			{RefreshState: true},
			{Config: cfg("Acme", "Retail"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config: cfg("Acme Inc", "Wholesale"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("truto_crm_account.r", "industry", "Wholesale"),
					env.sentKeys("PATCH", "name", "industry"),
				),
			},
			{RefreshState: true},
			{Config: cfg("Acme Inc", "Wholesale"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// When Truto cannot give the meta, nothing is checked or skipped (the plan warns): the attribute is
// sent, and the CRM drops it.
func TestAccUnsupportedFields_metaUnavailableSends(t *testing.T) {
	profile := industryUnwritable
	profile.CapabilitiesUnavailable = true
	env := newTestEnv(t, profile)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:             env.config(accountWith("Acme", "Retail", "")),
			Check:              env.sentKeys("POST", "industry", "owner"),
			ExpectNonEmptyPlan: true, // the CRM dropped industry: the refresh reads it as cleared
		}},
	})
}

// A request_body_schema with additionalProperties: true does not say an attribute it leaves out is
// dropped: nothing is reported and the attribute is sent (this CRM then drops it, so the refresh
// reads it as cleared). With additionalProperties: false the schema's properties are all the
// integration writes, as when the key is absent: the plan fails as before.
func TestAccUnsupportedFields_additionalProperties(t *testing.T) {
	profile := func(allowed bool) emulator.Profile {
		return emulator.Profile{Collections: map[string]emulator.CollectionProfile{"accounts": {
			UnwritableFields:     map[string][]string{"create": {"industry"}, "update": {"industry"}},
			AdditionalProperties: map[string]bool{"create": allowed, "update": allowed},
		}}}
	}
	t.Run("true", func(t *testing.T) {
		env := newTestEnv(t, profile(true))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:             env.config(accountWith("Acme", "Retail", "")),
				Check:              env.sentKeys("POST", "industry", "owner"),
				ExpectNonEmptyPlan: true, // the CRM dropped industry: the refresh reads it as cleared
			}},
		})
		if _, meta, _ := env.checkRequests(); meta == 0 {
			t.Error("no meta request: the check did not run")
		}
	})
	t.Run("false", func(t *testing.T) {
		env := newTestEnv(t, profile(false))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:      env.config(accountWith("Acme", "Retail", "")),
				ExpectError: regexp.MustCompile(`HubSpot cannot write industry on accounts \(create\)`),
			}},
		})
		if n := env.writes(); n != 0 {
			t.Errorf("%d write requests reached the CRM", n)
		}
	})
}
