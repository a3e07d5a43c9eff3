package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// For every record kind, a record that exists in the CRM is adopted with an import block and
// -generate-config-out: the generated configuration plans with no changes, the apply (the import)
// writes nothing, and the next plan is empty.
func TestImportBlockWithGeneratedConfigEveryKind(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-generate"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 11})
	cases := []struct {
		typeName, collection string
		record               map[string]any
		want                 []string // in the generated configuration
	}{
		{"truto_crm_account", "accounts", map[string]any{"name": "Initrode", "website": "https://initrode.example",
			"custom_fields": map[string]any{"tier": "gold"}}, []string{`"Initrode"`, "tier"}},
		{"truto_crm_contact", "contacts", map[string]any{"first_name": "Jane", "last_name": "Doe",
			"email_addresses": []any{map[string]any{"email": "jane@acme.example", "type": "work"}},
			"account":         map[string]any{"id": "acc-1"}, "custom_fields": map[string]any{"nps": 9}},
			[]string{`"Jane"`, `"jane@acme.example"`, `"acc-1"`, "nps"}},
		{"truto_crm_opportunity", "opportunities", map[string]any{"name": "Renewal", "amount": 1234.56,
			"close_date": "2026-03-31T00:00:00.000Z", "contact": []any{map[string]any{"id": "c-1"}, map[string]any{"id": "c-2"}},
			"stage": map[string]any{"id": "stage-proposal"}}, []string{`"Renewal"`, "1234.56", `"c-2"`, `"stage-proposal"`}},
		{"truto_crm_lead", "leads", map[string]any{"title": "Acme wants a demo", "last_name": "Coyote", "lead_source": "Web",
			"email_addresses":   []any{map[string]any{"email": "wile@acme.example", "type": "primary"}},
			"converted_contact": map[string]any{"id": "c-9"}},
			[]string{`"Acme wants a demo"`, `"wile@acme.example"`, `"Web"`}},
		{"truto_crm_note", "notes", map[string]any{"content": "Met at the fair", "account": map[string]any{"id": "acc-1"},
			"contact": []any{map[string]any{"id": "c-1"}}}, []string{`"Met at the fair"`, `"acc-1"`, `"c-1"`}},
		{"truto_crm_task", "tasks", map[string]any{"subject": "Call back", "status": "completed",
			"due_date": "2026-03-31T00:00:00.000Z"}, []string{`"Call back"`, `"completed"`, "completed_at"}},
		{"truto_crm_engagement", "engagements", map[string]any{"engagement_type": "call", "direction": "outbound",
			"subject": "Discovery", "start_time": "2026-03-01T10:00:00.000Z", "lead": []any{map[string]any{"id": "l-1"}}},
			[]string{`"call"`, `"outbound"`, `"l-1"`}},
	}
	for _, tc := range cases {
		t.Run(tc.typeName, func(t *testing.T) {
			id, err := emu.SeedIn(t.Context(), ia, tc.collection, tc.record)
			if err != nil {
				t.Fatal(err)
			}
			w := workdir(t, emu, ia)
			if err := w.WriteConfig(providerBlock + fmt.Sprintf("import {\n  to = %s.adopted\n  id = %q\n}\n", tc.typeName, id)); err != nil {
				t.Fatal(err)
			}
			if res := w.Run(t.Context(), "plan", "-generate-config-out=generated.tf", "-no-color", "-input=false"); res.Err() != nil {
				t.Fatal(res.Err())
			}
			generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !strings.Contains(string(generated), want) {
					t.Errorf("generated configuration lacks %s:\n%s", want, generated)
				}
			}
			before, err := emu.CollectionCounts(t.Context(), tc.collection)
			if err != nil {
				t.Fatal(err)
			}
			res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false")
			if !strings.Contains(res.Stdout, "1 to import, 0 to add, 0 to change, 0 to destroy") {
				t.Errorf("the generated configuration does not plan a bare import:\n%s\n%s", res.Stdout, res.Stderr)
			}
			mustApply(t, w)
			res = w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false")
			if res.ExitCode != 0 {
				t.Errorf("plan after the import is not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
			}
			after, err := emu.CollectionCounts(t.Context(), tc.collection)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []string{"POST", "PATCH", "DELETE"} {
				if after[m] != before[m] {
					t.Errorf("%d %s requests for an import", after[m]-before[m], m)
				}
			}
		})
	}
}

// examples/seed-crm, as `make demo` applies it: accounts, their contacts and the deals linked to
// both, each deal's stage found by name and its owner by email, a follow-up task per deal; the
// second plan is empty.
func TestSeedCRMExample(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-seed"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 12})
	w := workdir(t, emu, ia)
	root, err := harness.ModuleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-R", filepath.Join(root, "examples", "seed-crm")+"/.", w.Dir).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	mustApply(t, w)
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("second plan not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	// With its state lost, a second apply adopts every record (adopt_by) and creates none: Terraform
	// counts an adoption as "added", and the record counts below prove there is no second record.
	if err := os.Remove(filepath.Join(w.Dir, "terraform.tfstate")); err != nil {
		t.Fatal(err)
	}
	if res := w.Run(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false"); res.ExitCode != 0 ||
		!strings.Contains(res.Stdout+res.Stderr, "will adopt account") {
		t.Fatalf("apply without state (exit %d) did not adopt every record:\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("plan after adopting not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	get := func(collection string) []map[string]any {
		recs, err := emu.RecordsIn(t.Context(), ia, collection)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	accounts, contacts, deals, users, stages := get("accounts"), get("contacts"), get("opportunities"), get("users"), get("stages")
	if len(accounts) != 3 || len(contacts) != 4 || len(deals) != 3 {
		t.Fatalf("%d accounts, %d contacts, %d deals; want 3, 4, 3", len(accounts), len(contacts), len(deals))
	}
	byID := map[string]string{}
	for _, r := range append(append(append(append([]map[string]any{}, accounts...), contacts...), users...), stages...) {
		id, _ := r["id"].(string)
		label, _ := r["name"].(string)
		if email, ok := r["email"].(string); ok {
			label = email
		}
		byID[id] = label
	}
	ref := func(v any) string {
		m, _ := v.(map[string]any)
		id, _ := m["id"].(string)
		return byID[id]
	}
	for _, d := range deals {
		if d["name"] != "Acme renewal 2027" {
			continue
		}
		var people []string
		items, _ := d["contact"].([]any)
		for _, c := range items {
			people = append(people, ref(c))
		}
		got := fmt.Sprintf("%s | %s | %s | %s | %v", ref(d["account"]), ref(d["stage"]), ref(d["owner"]), strings.Join(people, ", "), d["amount"])
		if want := "Acme Corporation | Proposal | sam@demo.example | Jane Doe, Wile E. Coyote | 48000.5"; got != want {
			t.Errorf("the Acme deal is linked as %q, want %q", got, want)
		}
	}
	for _, c := range contacts {
		if c["first_name"] == "Hank" && ref(c["account"]) != "Globex Corporation" {
			t.Errorf("Hank's account is %q", ref(c["account"]))
		}
	}
	tasks := get("tasks")
	if len(tasks) != 3 {
		t.Fatalf("%d follow-up tasks, want 3", len(tasks))
	}
	for _, task := range tasks {
		if task["subject"] != "Follow up: Globex pilot" {
			continue
		}
		due, _ := task["due_date"].(string)
		if got := fmt.Sprintf("%s | %s | %s", ref(task["owner"]), ref(task["account"]), due); !strings.HasPrefix(got, "alex@demo.example | Globex Corporation | 2026-09-23") {
			t.Errorf("the Globex follow-up is %q", got)
		}
	}
	// The custom field the accounts use was created once (the apply without state adopted it), and
	// every account holds a value of it.
	segments := 0
	for _, f := range get("fields") {
		if f["name"] == "segment" {
			segments++
		}
	}
	for _, a := range accounts {
		if cf, _ := a["custom_fields"].(map[string]any); cf["segment"] == nil {
			t.Errorf("account %v has no segment: %v", a["name"], a["custom_fields"])
		}
	}
	if segments != 1 {
		t.Errorf("%d fields named segment, want 1", segments)
	}
}
