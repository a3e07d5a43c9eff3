package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// truto_crm_exclusive_records through the real CLI, on the emulator's default HubSpot profile (with
// batch-delete for contacts): strays = "report" warns and changes nothing; strays = "delete" plans
// an update that lists each stray, and the apply deletes exactly them in one batch-delete.
func TestExclusiveRecords(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-exclusive"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 20})
	var strays []string
	for i := range 3 {
		id, err := emu.SeedIn(t.Context(), ia, "contacts", map[string]any{"first_name": fmt.Sprint("Leftover", i),
			"custom_fields": map[string]any{"tier": "bronze"}})
		if err != nil {
			t.Fatal(err)
		}
		strays = append(strays, id)
	}
	other, err := emu.SeedIn(t.Context(), ia, "contacts", map[string]any{"first_name": "Someone", "custom_fields": map[string]any{"tier": "gold"}})
	if err != nil {
		t.Fatal(err)
	}
	config := func(mode string) string {
		return fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

resource "truto_crm_contact" "fixture" {
  first_name    = "Fixture"
  custom_fields = { tier = "bronze" }
}

resource "truto_crm_exclusive_records" "set" {
  kind   = "contact"
  match  = { custom_fields = { tier = "bronze" } }
  ids    = [truto_crm_contact.fixture.id]
  strays = %q
}
`, mode)
	}
	w := workdir(t, emu, ia)
	if err := w.WriteConfig(config("report")); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout+res.Stderr, "Warning: 3 stray contacts") {
		t.Errorf("report: exit %d, want 0 with a warning:\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	if err := w.WriteConfig(config("delete")); err != nil {
		t.Fatal(err)
	}
	res = w.Run(t.Context(), "plan", "-no-color", "-input=false")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range append([]string{"truto_crm_exclusive_records.set will be updated in-place", "Plan: 0 to add, 1 to change, 0 to destroy"}, strays...) {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("the plan lacks %q:\n%s", want, res.Stdout)
		}
	}
	if err := emu.ResetCounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	reqs, err := emu.Requests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	batches, deletes := 0, 0
	for _, r := range reqs {
		switch {
		case r.Method == "POST" && r.Path == "/unified/crm/contacts/batch-delete":
			batches++
		case r.Method == "DELETE":
			deletes++
		}
	}
	if batches != 1 || deletes != 0 {
		t.Errorf("%d batch-deletes and %d DELETEs, want 1 and 0", batches, deletes)
	}
	recs, err := emu.RecordsIn(t.Context(), ia, "contacts")
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, r := range recs {
		left = append(left, fmt.Sprint(r["id"]))
	}
	for _, id := range strays {
		if strings.Contains(strings.Join(left, ","), id) {
			t.Errorf("stray %s is still in the CRM", id)
		}
	}
	if len(left) != 2 || !strings.Contains(strings.Join(left, ","), other) {
		t.Errorf("contacts left: %v, want the fixture and %s", left, other)
	}
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Errorf("the plan after the apply is not empty (exit %d):\n%s", res.ExitCode, res.Stdout)
	}
	if res := w.Run(t.Context(), "destroy", "-auto-approve", "-no-color", "-input=false"); res.Err() != nil {
		t.Fatal(res.Err())
	}
	if recs, err := emu.RecordsIn(t.Context(), ia, "contacts"); err != nil || len(recs) != 1 {
		t.Errorf("after destroy: %d contacts (%v), want %s only: destroying the set deletes nothing", len(recs), err, other)
	}
}
