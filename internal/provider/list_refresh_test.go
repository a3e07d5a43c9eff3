package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// list-backed refresh: a refresh of many records reads list pages, with results identical to
// per-record reads.

// listRefreshConfig declares n accounts with a managed custom field; providerAttrs go in the block
// (the emulator does not rate-limit here, and neither does the provider).
func (e *testEnv) listRefreshConfig(n int, providerAttrs string) string {
	return fmt.Sprintf(`
provider "truto" {
  base_url               = %q
  api_token              = %q
  integrated_account_id  = %q
  rate_limit_per_account = 100000
  %s
}

resource "truto_crm_account" "a" {
  count         = %d
  name          = "refresh-${count.index}"
  industry      = "Software"
  custom_fields = { rank = count.index }
}
`, e.url, testToken, testIA, providerAttrs, n)
}

// stepRequests counts the reads of accounts in one step: list pages and GETs by id.
type stepRequests struct {
	env         *testEnv
	before      int
	pages, gets int
}

func (r *stepRequests) start() { r.before = len(r.env.emu.RequestLog()) }

func (r *stepRequests) count() {
	r.pages, r.gets = 0, 0
	for _, q := range r.env.emu.RequestLog()[r.before:] {
		switch {
		case q.Method == "GET" && q.Path == "/unified/crm/accounts":
			r.pages++
		case q.Method == "GET" && strings.HasPrefix(q.Path, "/unified/crm/accounts/") && !strings.Contains(q.Path, "/meta/"):
			r.gets++ // a record by id, not the plan-time checks' requests
		}
	}
}

func TestAccListRefresh_readsPagesAndShowsDriftExactly(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	const n = 30
	var ids []string
	reqs := &stepRequests{env: env}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.listRefreshConfig(n, ""),
				Check: func(s *terraform.State) error {
					for i := range n {
						ids = append(ids, s.RootModule().Resources[fmt.Sprintf("truto_crm_account.a.%d", i)].Primary.ID)
					}
					return nil
				},
			},
			{
				// One edited in the CRM, one deleted: exactly one update and one create.
				PreConfig: func() {
					env.emu.Mutate(testIA, ids[3], map[string]any{"industry": "Retail"})
					env.emu.Remove(testIA, ids[7])
					reqs.start()
				},
				Config: env.listRefreshConfig(n, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_account.a[3]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("truto_crm_account.a[7]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("truto_crm_account.a[4]", plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error {
					if n := len(env.emu.Records(testIA)); n != 30 {
						return fmt.Errorf("%d accounts after the apply, want 30", n)
					}
					return nil
				},
			},
			{
				// A plain refresh: one page answers all 30 (the deleted one's absence is confirmed
				// by its own GET only when it is really gone). On a loaded machine Terraform may
				// start the first read 25 ms before the others: alone, it is a GET by design.
				PreConfig: reqs.start,
				Config:    env.listRefreshConfig(n, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					checkRequests(reqs, func(pages, gets int) error {
						if pages < 1 || gets > 1 {
							return fmt.Errorf("the refresh took %d pages and %d GETs, want pages and at most the first read's GET", pages, gets)
						}
						return nil
					}),
				}},
			},
			{
				// Turned off, every record is read with its own GET.
				PreConfig: reqs.start,
				Config:    env.listRefreshConfig(n, "list_refresh = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					checkRequests(reqs, func(pages, gets int) error {
						if pages != 0 || gets != n {
							return fmt.Errorf("with list_refresh = false the refresh took %d pages and %d GETs, want %d GETs", pages, gets, n)
						}
						return nil
					}),
				}},
			},
		},
	})
}

// A CRM whose list items lack custom_fields: every record with a managed custom field is re-read
// with its own GET, so a changed custom field still shows.
func TestAccListRefresh_partialItemsAreReRead(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{PartialLists: []string{"custom_fields"}})
	const n = 12
	var id string
	reqs := &stepRequests{env: env}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.listRefreshConfig(n, ""),
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["truto_crm_account.a.5"].Primary.ID
					return nil
				},
			},
			{
				PreConfig: func() {
					env.emu.Mutate(testIA, id, map[string]any{"custom_fields": map[string]any{"rank": 99}})
					reqs.start()
				},
				Config: env.listRefreshConfig(n, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_account.a[5]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("truto_crm_account.a[6]", plancheck.ResourceActionNoop),
					checkRequests(reqs, func(_, gets int) error {
						if gets < n {
							return fmt.Errorf("%d GETs, want every one of the %d partial items re-read", gets, n)
						}
						return nil
					}),
				}},
			},
		},
	})
}

// Truto's own 404 on a list page is an error of the refresh, never a reason to drop records.
func TestAccListRefresh_trutoNotFoundDuringTheScanIsAnError(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	const n = 20
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.listRefreshConfig(n, "")},
			{
				PreConfig:    func() { env.emu.FailNextIn("accounts", "GET", http.StatusNotFound, 1) },
				RefreshState: true,
				ExpectError:  regexp.MustCompile(`(?s)404.*integrated\s+account\s+` + testIA),
			},
			{
				Config:           env.listRefreshConfig(n, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if got := env.emu.RequestCount("POST"); got != n {
						return fmt.Errorf("%d creates, want %d (none re-created)", got, n)
					}
					return nil
				},
			},
		},
	})
}

// checkRequests runs check on the requests counted since reqs.start, when the plan is made.
func checkRequests(reqs *stepRequests, check func(pages, gets int) error) plancheck.PlanCheck {
	return requestCheck{reqs, check}
}

type requestCheck struct {
	reqs  *stepRequests
	check func(pages, gets int) error
}

func (c requestCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	c.reqs.count()
	resp.Error = c.check(c.reqs.pages, c.reqs.gets)
}
