package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// An attribute the integration cannot write, through the real CLI: under the default "error" the
// plan fails naming it, with no write; under "skip" the apply leaves it out of the request (the
// emulator's request log), warns, and the next plan is empty.
func TestUnsupportedFields(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-unwritable"
	cfgFile := filepath.Join(t.TempDir(), "emulator.json")
	if err := os.WriteFile(cfgFile, []byte(`{"accounts": [{"id": "`+ia+`", "profile": {"integration": "pipedrive",
  "collections": {"accounts": {"unwritable_fields": {"create": ["industry"], "update": ["industry"]}}}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{"ia-unused"}, Seed: 22, Args: []string{"-config", cfgFile}})
	w := workdir(t, emu, ia)
	config := func(mode string) string {
		return providerBlock + `
resource "truto_crm_account" "a" {
  name               = "Acme"
  industry           = "Retail"
  unsupported_fields = "` + mode + `"
}
`
	}
	writes := func() (n int, sentIndustry bool) {
		t.Helper()
		reqs, err := emu.Requests(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			if r.Method != "GET" {
				n++
				sentIndustry = sentIndustry || slices.Contains(r.BodyKeys, "industry")
			}
		}
		return n, sentIndustry
	}

	if err := w.WriteConfig(config("error")); err != nil {
		t.Fatal(err)
	}
	res := w.Run(t.Context(), "plan", "-no-color", "-input=false")
	if res.ExitCode == 0 || !strings.Contains(strings.Join(strings.Fields(res.Stderr), " "), "Pipedrive cannot write industry on accounts (create)") {
		t.Errorf("an unwritable industry did not fail the plan (exit %d):\n%s", res.ExitCode, res.Stderr)
	}
	if n, _ := writes(); n != 0 {
		t.Errorf("%d writes after a failed plan", n)
	}

	if err := w.WriteConfig(config("skip")); err != nil {
		t.Fatal(err)
	}
	applied := mustApply(t, w)
	if !strings.Contains(applied.Stdout+applied.Stderr, "Pipedrive cannot write industry on accounts (create)") {
		t.Errorf("no warning about the skipped industry:\n%s\n%s", applied.Stdout, applied.Stderr)
	}
	if n, sent := writes(); n != 1 || sent {
		t.Errorf("%d writes, industry sent: %v; want one create without industry", n, sent)
	}
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("second plan not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}
