package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// testProviders serves the provider in-process to the terraform binary the tests drive.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"truto": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
}

const (
	testToken = "test-token-5f1c0ffee"
	testIA    = "ia-hubspot"
)

// testEnv is one emulator per test, so tests can run in parallel without sharing records, counters or
// rate limiters (the client's limiters are keyed by base URL).
type testEnv struct {
	emu *emulator.Server
	url string
}

// newTestEnv starts an emulator with the integrated account testIA (the given profile). Rate limits
// are off unless a test sets them.
func newTestEnv(t *testing.T, profile emulator.Profile) *testEnv {
	t.Helper()
	return newWrappedTestEnv(t, profile, func(emu *emulator.Server) http.Handler { return emu })
}

// newWrappedTestEnv is newTestEnv serving the emulator through wrap (to act between requests).
func newWrappedTestEnv(t *testing.T, profile emulator.Profile, wrap func(*emulator.Server) http.Handler) *testEnv {
	t.Helper()
	emu := emulator.New(emulator.Options{
		Token:            testToken,
		Accounts:         []emulator.IntegratedAccount{{ID: testIA, Profile: profile}},
		AccountRateLimit: emulator.RateLimit{Requests: -1},
		TokenRateLimit:   emulator.RateLimit{Requests: -1},
		Seed:             1,
	})
	srv := httptest.NewServer(wrap(emu))
	t.Cleanup(srv.Close)
	return &testEnv{emu: emu, url: srv.URL}
}

// providerBlock configures the provider against the emulator, with testIA as default account.
func (e *testEnv) providerBlock() string {
	return fmt.Sprintf(`
provider "truto" {
  base_url              = %q
  api_token             = %q
  integrated_account_id = %q
}
`, e.url, testToken, testIA)
}

// config prefixes a configuration with the provider block.
func (e *testEnv) config(body string) string { return e.providerBlock() + body }

// uncheckedConfig is config with the plan-time capability checks off, for tests of what the CRM
// answers at apply when nothing stopped the plan.
func (e *testEnv) uncheckedConfig(body string) string {
	return strings.Replace(e.providerBlock(), "provider \"truto\" {", "provider \"truto\" {\n  capability_checks = false", 1) + body
}

// writes counts the write requests the emulator received.
func (e *testEnv) writes() int {
	return e.emu.RequestCount("POST") + e.emu.RequestCount("PATCH") + e.emu.RequestCount("DELETE")
}

func TestProviderSchemaHasDescriptions(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for name, a := range resp.Schema.Attributes {
		if strings.TrimSpace(a.GetMarkdownDescription()) == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
	}
}

func TestAccProvider_configurationErrors(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cases := []struct {
		name, block string
		want        string
	}{
		{"missing token", fmt.Sprintf(`provider "truto" { base_url = %q }`, env.url), `(?s)Missing Truto API token.*TRUTO_API_TOKEN`},
		{"http to a remote host", `provider "truto" {
  base_url  = "http://api.example.com"
  api_token = "x"
}`, `(?s)base_url.*http`},
		{"bad timeout", fmt.Sprintf(`provider "truto" {
  base_url        = %q
  api_token       = "x"
  request_timeout = "soon"
}`, env.url), `(?s)request_timeout.*duration`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(record.EnvAPIToken, "")
			t.Setenv(record.EnvBaseURL, "")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: tc.block + `
resource "truto_crm_account" "a" {
  integrated_account_id = "ia"
  name                  = "Acme"
}`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := env.writes(); n != 0 {
		t.Errorf("emulator received %d write requests from invalid provider configurations", n)
	}
}
