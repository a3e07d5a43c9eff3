package e2e

import (
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// Among 500 accounts, one edited and one deleted in the CRM: the plan, refreshed from list pages,
// shows exactly one update and one re-create, in a handful of requests instead of 500.
func TestListRefreshAmong500(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-refresh"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 15})
	w := workdir(t, emu, ia)
	if err := w.WriteConfig(accountsConfig("refresh", 500, "  rate_limit_per_account = 100000")); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	insts, err := w.ReadState()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, in := range insts {
		ids[in.Address] = in.ID()
	}
	edited, deleted := ids["truto_crm_account.a[123]"], ids["truto_crm_account.a[456]"]
	if _, err := emu.MutateIn(t.Context(), ia, "accounts", edited, map[string]any{"name": "renamed in the CRM"}); err != nil {
		t.Fatal(err)
	}
	if err := emu.RemoveIn(t.Context(), ia, "accounts", deleted); err != nil {
		t.Fatal(err)
	}
	if err := emu.ResetCounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	res := w.Run(t.Context(), "plan", "-no-color", "-input=false")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"truto_crm_account.a[123] will be updated in-place", "truto_crm_account.a[456] will be created",
		"Plan: 1 to add, 1 to change, 0 to destroy"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("the plan lacks %q:\n%s", want, res.Stdout)
		}
	}
	reqs, err := emu.Requests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	pages, gets := 0, 0
	for _, r := range reqs {
		switch {
		case r.Method == "GET" && r.Path == "/unified/crm/accounts":
			pages++
		case r.Method == "GET" && strings.HasPrefix(r.Path, "/unified/crm/accounts/") && !strings.Contains(r.Path, "/meta/"):
			gets++ // a record by id (not the plan-time checks' capabilities and meta)
		}
	}
	t.Logf("refresh of 500: %d list pages, %d GETs", pages, gets)
	// Five pages hold the 499; the deleted one is confirmed gone by its own GET (the CRM's 404). A
	// few more GETs are the price of the scan's cost bound: when the first reads Terraform sends are
	// for records beyond the first pages (the CRM's list order is not Terraform's), each is read by
	// id until the pages answer more reads than they cost.
	if pages > 7 || gets > 25 || gets < 1 {
		t.Errorf("the refresh of 500 took %d pages and %d GETs, want about 5 pages, the deleted one's GET and at most 5%% more", pages, gets)
	}
}
