package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// What terraform destroy of N records costs: its refresh reads them (one list page; a read that
// arrives alone is read by id), and each is deleted with one DELETE. The one request beyond those
// is the plan-time check that the integration can delete (capabilities, once per integrated
// account), which makes a destroy against a CRM that cannot delete fail at plan with nothing
// sent; with capability_checks = false it is not sent. Accounts and contacts also ask once whether
// the integration has batch-delete (its meta), so that a destroy of many goes in batches (issue 20).
// Nothing else: no second page, no record read twice.
func TestAccDestroy_requests(t *testing.T) {
	const n = 5
	body := fmt.Sprintf(`
resource "truto_crm_account" "a" {
  count = %d
  name  = "Acme ${count.index}"
}`, n)
	for _, checks := range []bool{true, false} {
		t.Run(fmt.Sprintf("capability_checks %t", checks), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			cfg := env.config(body)
			var want []string
			if !checks {
				cfg = env.uncheckedConfig(body)
			} else {
				want = append(want, "GET /integrated-account/"+testIA+"/capabilities")
			}
			want = append(want, "GET /unified/crm/accounts/meta/batch-delete")
			for range n {
				want = append(want, "DELETE /unified/crm/accounts/{id}")
			}
			mark := 0
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{Config: cfg, Check: func(*terraform.State) error {
					mark = len(env.emu.RequestLog())
					return nil
				}}},
				CheckDestroy: func(*terraform.State) error {
					var got []string
					pages, byID := 0, 0
					for _, r := range env.emu.RequestLog()[mark:] {
						switch {
						case r.Method == "GET" && r.Path == "/unified/crm/accounts":
							pages++
						case r.Method == "GET" && strings.HasPrefix(r.Path, "/unified/crm/accounts/") && !strings.Contains(r.Path, "/meta/"):
							byID++
						case r.Method == "DELETE" && strings.HasPrefix(r.Path, "/unified/crm/accounts/"):
							got = append(got, "DELETE /unified/crm/accounts/{id}")
						default:
							got = append(got, r.Method+" "+r.Path)
						}
					}
					if pages > 1 || byID > n || pages+byID == 0 || (pages == 0 && byID != n) {
						return fmt.Errorf("the refresh read %d list pages and %d records by id, want one list page, or a GET by id of each record", pages, byID)
					}
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						return fmt.Errorf("besides the refresh, destroy sent\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
					}
					return nil
				},
			})
		})
	}
}
