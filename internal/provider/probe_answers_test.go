package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

const createOnly = `
resource "truto_crm_account" "a" {
  name = "Acme"
}`

// A definite answer to the capabilities probe fails the plan of a create, naming the setting to
// fix: the apply would fail alike (a green plan, a failed merge).
func TestAccPlanChecks_definiteAnswersFailThePlan(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	_ = l.Close() // nothing listens there any more
	block := func(baseURL, token, ia string) string {
		return fmt.Sprintf("provider \"truto\" {\n  base_url = %q\n  api_token = %q\n  integrated_account_id = %q\n}\n", baseURL, token, ia)
	}
	for _, tc := range []struct{ name, config, want string }{
		{"wrong token", block(env.url, "wrong-token", testIA),
			`(?s)Truto rejected the API token.*api_token.*TRUTO_API_TOKEN`},
		{"unknown integrated account", block(env.url, testToken, "ia-unknown"),
			`(?s)Integrated account not found.*"ia-unknown".*integrated_account_id`},
		{"nothing listens at base_url", block(dead, testToken, testIA),
			`(?s)Cannot reach Truto at base_url.*connection refused.*base_url.*TRUTO_BASE_URL`},
		// A base URL with a path: the 404 names base_url, and the URL shown has the whole path.
		{"base_url with a path", block(env.url+"/unified", testToken, testIA),
			`(?s)Truto's API is not at base_url.*` + regexp.QuoteMeta(env.url+"/unified/integrated-account/") + `.*base_url`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: tc.config + createOnly, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("the plan took %s", d)
			}
		})
	}
	if n := env.writes(); n != 0 {
		t.Errorf("%d write requests", n)
	}
}

// Truto not answering now (a 5xx) stays a warning: the plan goes ahead.
func TestAccPlanChecks_serverErrorStaysAWarning(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CapabilitiesUnavailable: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: env.config(createOnly), PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
	if caps, _, _ := env.checkRequests(); caps == 0 {
		t.Error("no capabilities request: the check did not run")
	}
}

// A probe answered 429 waits it out and asks again: the plan's checks run. Every third request
// answered 429 is the reported case; two 429s in a row for each request make it certain that a
// probe giving up after two answers would skip its checks.
func TestAccPlanChecks_probesWaitOutTooManyRequests(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults emulator.Faults
	}{
		{"every third request", emulator.Faults{Every: 3, Kinds: []emulator.FaultKind{emulator.FaultTooManyRequests}}},
		{"two in a row", emulator.Faults{Every: 1, Latency: time.Millisecond, Kinds: []emulator.FaultKind{
			emulator.FaultTooManyRequests, emulator.FaultTooManyRequests, emulator.FaultLatency}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Profile{
				Collections: map[string]emulator.CollectionProfile{"contacts": {RequiredCreateFields: []string{"owner"}}},
				Fields:      map[string][]emulator.FieldDef{"account": {{Name: "tier", Type: "string"}}},
			})
			env.emu.SetFaults(tc.faults)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: env.config(`
resource "truto_crm_contact" "c" {
  last_name = "Doe"
}
resource "truto_crm_account" "a" {
  name          = "Acme"
  custom_fields = { tier = "gold", tierr = "typo" }
}`),
					PlanOnly: true,
					// The meta check (owner required) and the catalog check (unknown key) both ran.
					ExpectError: regexp.MustCompile(`(?s)(Missing attribute required by HubSpot.*tierr|tierr.*Missing attribute required by HubSpot)`),
				}},
			})
			probe429 := 0
			for _, r := range env.emu.RequestLog() {
				if r.Status == 429 && (strings.HasPrefix(r.Path, "/integrated-account/") || strings.Contains(r.Path, "/meta/") ||
					r.Path == "/unified/crm/fields") {
					probe429++
				}
			}
			if probe429 == 0 {
				t.Error("no probe was answered 429: the test tested nothing")
			}
		})
	}
}

// The advice for a kind the integration cannot delete works as written: the removed block with
// destroy = false forgets the record and sends no DELETE. (Setting deletion_policy = "abandon" and
// applying first is followed for every kind by TestAccKinds_deletionPolicy.)
func TestAccPlanChecks_removedBlockKeepsWhatCannotBeDeleted(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"tasks": {Methods: []string{"list", "get", "create", "update"}},
	}})
	task := "resource \"truto_crm_task\" \"r\" {\n  subject = \"Call back\"\n}\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := env.emu.CollectionCounts("tasks")["DELETE"]; n != 0 {
				return fmt.Errorf("%d DELETE requests", n)
			}
			if n := len(env.emu.In("tasks").Records(testIA)); n != 1 {
				return fmt.Errorf("the CRM holds %d tasks, want the one Terraform forgot", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: env.config(task)},
			{
				Config: env.config(task), Destroy: true,
				ExpectError: regexp.MustCompile(`(?s)run\s+terraform\s+apply\s+first.*removed\s+\{\s+from\s+=\s+<resource\s+address>\s+lifecycle\s+\{\s+destroy\s+=\s+false\s+\}\s+\}`),
			},
			{Config: env.config("removed {\n  from = truto_crm_task.r\n  lifecycle {\n    destroy = false\n  }\n}\n")},
		},
	})
}
