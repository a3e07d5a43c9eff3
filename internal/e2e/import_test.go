package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

const providerBlock = `terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

provider "truto" {}
`

// An account created by one configuration is adopted by another, the ways a user would do it:
// `terraform import` under a hand-written configuration, and an import block with
// -generate-config-out. Either way the next plan is empty, and nothing is written to the CRM.
func TestImportThenPlanIsEmpty(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-import"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 5})

	source := workdir(t, emu, ia)
	if err := source.WriteConfig(providerBlock + `
resource "truto_crm_account" "src" {
  name                = "Initrode"
  website             = "https://initrode.example"
  number_of_employees = 40
  phone_numbers       = [{ number = "+1 555 0100", type = "work" }]
  addresses           = [{ street_1 = "1 Main St", city = "Austin" }]
  tags                = [{ name = "partner" }]
  custom_fields       = { tier = "gold", seats = 10 }
}
output "id" { value = truto_crm_account.src.id }
`); err != nil {
		t.Fatal(err)
	}
	mustApply(t, source)
	out := source.Run(t.Context(), "output", "-raw", "id")
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(out.Stdout)

	expectEmptyPlan := func(t *testing.T, w *harness.Workdir) {
		t.Helper()
		res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false")
		if res.ExitCode != 0 {
			t.Errorf("plan after import is not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	writesBefore := func() int {
		c, err := emu.Counts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return c["POST"] + c["PATCH"] + c["DELETE"]
	}

	t.Run("terraform import with a minimal configuration", func(t *testing.T) {
		w := workdir(t, emu, ia)
		if err := w.WriteConfig(providerBlock + `
resource "truto_crm_account" "adopted" {
  name = "Initrode"
}
`); err != nil {
			t.Fatal(err)
		}
		before := writesBefore()
		if res := w.Run(t.Context(), "import", "-no-color", "-input=false", "truto_crm_account.adopted", id); res.Err() != nil {
			t.Fatal(res.Err())
		}
		expectEmptyPlan(t, w)
		if after := writesBefore(); after != before {
			t.Errorf("import and plan sent %d write requests", after-before)
		}
	})

	t.Run("import block with generated configuration", func(t *testing.T) {
		w := workdir(t, emu, ia)
		if err := w.WriteConfig(providerBlock + fmt.Sprintf(`
import {
  to = truto_crm_account.generated
  id = "%s/%s"
}
`, ia, id)); err != nil {
			t.Fatal(err)
		}
		res := w.Run(t.Context(), "plan", "-generate-config-out=generated.tf", "-no-color", "-input=false")
		if err := res.Err(); err != nil {
			t.Fatal(err)
		}
		generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`name                  = "Initrode"`, `tier`, `seats`, `"+1 555 0100"`} {
			if !strings.Contains(string(generated), want) {
				t.Errorf("generated configuration lacks %s:\n%s", want, generated)
			}
		}
		mustApply(t, w) // performs the import
		expectEmptyPlan(t, w)
	})

	t.Run("terraform import with some of the custom fields configured", func(t *testing.T) {
		w := workdir(t, emu, ia)
		cfg := func(tier string) string {
			return providerBlock + fmt.Sprintf(`
resource "truto_crm_account" "adopted" {
  name          = "Initrode"
  custom_fields = { tier = %q }
}
`, tier)
		}
		if err := w.WriteConfig(cfg("gold")); err != nil {
			t.Fatal(err)
		}
		if res := w.Run(t.Context(), "import", "-no-color", "-input=false", "truto_crm_account.adopted", id); res.Err() != nil {
			t.Fatal(res.Err())
		}
		// The CRM's own fields (and seats, set by the first configuration) were adopted, not
		// configured: no diff.
		expectEmptyPlan(t, w)

		// Changing a configured field leaves the adopted ones alone in the CRM, with a warning.
		if err := w.WriteConfig(cfg("platinum")); err != nil {
			t.Fatal(err)
		}
		res := mustApply(t, w)
		if !strings.Contains(res.Stdout+res.Stderr, "Adopted custom fields left unmanaged") {
			t.Errorf("no warning about the adopted custom fields:\n%s\n%s", res.Stdout, res.Stderr)
		}
		recs, err := emu.Records(t.Context(), ia)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r["id"] != id {
				continue
			}
			cf, _ := r["custom_fields"].(map[string]any)
			if cf["tier"] != "platinum" || cf["seats"] == nil || cf["hs_object_source"] == nil {
				t.Errorf("custom fields after the update: %v (tier changed, the adopted ones kept)", cf)
			}
		}
		expectEmptyPlan(t, w)
	})
}
