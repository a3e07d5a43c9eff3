package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// truto_crm_field through the real CLI (issue 21): a field and the records using it in one apply,
// an option added and used in the same apply, a change of type replacing the field, an import by
// <entity>/<id>; every second plan empty.
func TestCustomFieldDefinitions(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-fields"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 21})
	w := workdir(t, emu, ia)
	config := func(typ, options, value string) string {
		return providerBlock + fmt.Sprintf(`
resource "truto_crm_field" "tier" {
  entity  = "account"
  label   = "Plan tier"
  name    = "plan_tier"
  type    = %q
  options = %s
}

resource "truto_crm_account" "acme" {
  name          = "Acme"
  custom_fields = { (truto_crm_field.tier.name) = %q }
}
`, typ, options, value)
	}
	emptyPlan := func(step string) {
		t.Helper()
		res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false")
		if res.ExitCode != 0 {
			t.Fatalf("%s: the next plan is not empty (exit %d):\n%s\n%s", step, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	fieldID := func() string {
		st, err := w.ReadState()
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range st {
			if in.Address == "truto_crm_field.tier" {
				return in.ID()
			}
		}
		t.Fatal("no truto_crm_field.tier in state")
		return ""
	}
	accountTier := func() any {
		recs, err := emu.RecordsIn(t.Context(), ia, "accounts")
		if err != nil || len(recs) != 1 {
			t.Fatalf("accounts: %v (%v)", recs, err)
		}
		cf, _ := recs[0]["custom_fields"].(map[string]any)
		return cf["plan_tier"]
	}

	two := `[{ label = "Gold", value = "gold" }, { label = "Silver", value = "silver" }]`
	if err := w.WriteConfig(config("enum", two, "gold")); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	emptyPlan("field and account in one apply")
	first := fieldID()
	if got := accountTier(); got != "gold" {
		t.Errorf("the account's tier is %v, want gold", got)
	}

	// An option added and used in the same apply.
	three := `[{ label = "Gold", value = "gold" }, { label = "Silver", value = "silver" }, { label = "Bronze", value = "bronze" }]`
	if err := w.WriteConfig(config("enum", three, "bronze")); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	emptyPlan("an option added and used")
	if got := fieldID(); got != first {
		t.Errorf("adding an option replaced the field: %s -> %s", first, got)
	}
	if got := accountTier(); got != "bronze" {
		t.Errorf("the account's tier is %v, want bronze", got)
	}

	// A value neither the catalog nor the configuration offers fails the plan.
	if err := w.WriteConfig(config("enum", three, "platinum")); err != nil {
		t.Fatal(err)
	}
	if res := w.Run(t.Context(), "plan", "-no-color", "-input=false"); res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "platinum") {
		t.Errorf("a value no option offers planned (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	// Forgotten, then imported by <entity>/<id>: nothing to change.
	if err := w.WriteConfig(config("enum", three, "bronze")); err != nil {
		t.Fatal(err)
	}
	if res := w.Run(t.Context(), "state", "rm", "truto_crm_field.tier"); res.Err() != nil {
		t.Fatal(res.Err())
	}
	if res := w.Run(t.Context(), "import", "-no-color", "-input=false", "truto_crm_field.tier", "account/"+first); res.Err() != nil {
		t.Fatal(res.Err())
	}
	emptyPlan("import by account/<id>")
}
