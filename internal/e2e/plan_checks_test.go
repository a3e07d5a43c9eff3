package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// What the plan-time checks cost, through the real CLI: a plan of 60 creates of three kinds, two of
// them with custom_fields, asks Truto once per provider process for the account's capabilities, once
// per kind for its create schema and once per record type for its catalog; an apply (a plan and an
// apply process) twice that; a no-op plan nothing. A custom field the catalog lacks fails the plan
// with no request written.
func TestPlanChecksCost(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-checks"
	cfgFile := filepath.Join(t.TempDir(), "emulator.json")
	if err := os.WriteFile(cfgFile, []byte(`{"accounts": [{"id": "`+ia+`", "profile": {"integration": "pipedrive",
  "fields": {
    "account": [{"name": "region", "type": "enum", "options": [{"label": "EMEA", "value": "emea"}, {"label": "APAC", "value": "apac"}]}],
    "contact": [{"name": "nps", "type": "number"}]}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{"ia-unused"}, Seed: 21, Args: []string{"-config", cfgFile}})
	w := workdir(t, emu, ia)
	config := func(region string) string {
		return providerBlock + `
resource "truto_crm_account" "a" {
  count         = 20
  name          = "Account ${count.index}"
  custom_fields = { region = "` + region + `" }
}

resource "truto_crm_contact" "c" {
  count         = 20
  last_name     = "Contact ${count.index}"
  custom_fields = { nps = count.index }
}

resource "truto_crm_task" "t" {
  count   = 20
  subject = "Task ${count.index}"
}
`
	}
	count := func() (caps, meta, catalog, writes int) {
		t.Helper()
		reqs, err := emu.Requests(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			switch {
			case strings.HasPrefix(r.Path, "/integrated-account/"):
				caps++
			case strings.Contains(r.Path, "/meta/"):
				meta++
			case r.Path == "/unified/crm/fields":
				catalog++
			case r.Method != "GET":
				writes++
			}
		}
		if err := emu.ResetCounts(t.Context()); err != nil {
			t.Fatal(err)
		}
		return caps, meta, catalog, writes
	}
	expect := func(step string, wantCaps, wantMeta, wantCatalog, wantWrites int) {
		t.Helper()
		caps, meta, catalog, writes := count()
		t.Logf("%s: %d capabilities, %d meta, %d catalog requests, %d writes", step, caps, meta, catalog, writes)
		if caps != wantCaps || meta != wantMeta || catalog != wantCatalog || writes != wantWrites {
			t.Errorf("%s: %d capabilities, %d meta, %d catalog requests and %d writes; want %d, %d, %d and %d",
				step, caps, meta, catalog, writes, wantCaps, wantMeta, wantCatalog, wantWrites)
		}
	}

	if err := w.WriteConfig(config("amer")); err != nil {
		t.Fatal(err)
	}
	res := w.Run(t.Context(), "plan", "-no-color", "-input=false")
	if res.ExitCode == 0 || !strings.Contains(res.Stderr, `"amer" is not one of the field's options`) {
		t.Errorf("a region outside the catalog's options did not fail the plan (exit %d):\n%s", res.ExitCode, res.Stderr)
	}
	expect("failing plan", 1, 3, 2, 0)

	if err := w.WriteConfig(config("emea")); err != nil {
		t.Fatal(err)
	}
	if res := w.Run(t.Context(), "plan", "-no-color", "-input=false"); res.Err() != nil {
		t.Fatal(res.Err())
	}
	expect("plan of 60 creates", 1, 3, 2, 0)
	mustApply(t, w)
	expect("apply of 60 creates", 2, 6, 4, 60)
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("second plan not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	expect("no-op plan", 1, 0, 0, 0)
}
