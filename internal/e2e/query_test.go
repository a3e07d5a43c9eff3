package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// cliVersion is a terraform binary's version, as `version -json` reports it ("1.14.3").
func cliVersion(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	return v.TerraformVersion
}

// atLeast reports whether version (1.14.3) is at least major.minor.
func atLeast(version string, major, minor int) bool {
	var maj, mn int
	_, _ = fmt.Sscanf(version, "%d.%d", &maj, &mn)
	return maj > major || (maj == major && mn >= minor)
}

// isOpenTofu reports whether the binary is OpenTofu, which has identities but no list resources.
func isOpenTofu(t *testing.T, bin string) bool {
	t.Helper()
	out, _ := exec.Command(bin, "version").Output()
	return strings.Contains(string(out), "OpenTofu")
}

// 25 accounts that already exist are adopted in one command: terraform query writes a resource and
// an import block for each, the plan imports 25 and adds none, the apply writes nothing, and the
// next plan is empty. Terraform 1.14 and later.
func TestQueryGenerateConfigAdoptsACRM(t *testing.T) {
	requireE2E(t)
	if v := cliVersion(t, bins.Terraform); !atLeast(v, 1, 14) || isOpenTofu(t, bins.Terraform) {
		t.Skipf("terraform query needs Terraform 1.14 or later; %s is %s (make test-cli-matrix runs it with 1.14)", bins.Terraform, v)
	}
	t.Parallel()
	const ia = "ia-query"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 13})
	for i := range 25 {
		if _, err := emu.SeedIn(t.Context(), ia, "accounts", map[string]any{"name": fmt.Sprintf("Existing %02d", i),
			"website": fmt.Sprintf("https://existing-%02d.example", i), "custom_fields": map[string]any{"rank": i}}); err != nil {
			t.Fatal(err)
		}
	}
	w := workdir(t, emu, ia)
	if err := w.WriteConfig(providerBlock); err != nil {
		t.Fatal(err)
	}
	query := `list "truto_crm_account" "all" {
  provider         = truto
  include_resource = true
  limit            = 100
}
`
	if err := os.WriteFile(filepath.Join(w.Dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	res := w.Run(t.Context(), "query", "-generate-config-out=adopted.tf", "-no-color")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	generated, err := os.ReadFile(filepath.Join(w.Dir, "adopted.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != 25 {
		t.Fatalf("the generated configuration has %d import blocks, want 25:\n%s", n, generated)
	}
	res = w.Run(t.Context(), "plan", "-no-color", "-input=false")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Stdout, "25 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the plan does not import 25 and add none:\n%s", res.Stdout)
	}
	if err := emu.ResetCounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	mustApply(t, w)
	c, err := emu.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if writes := c["POST"] + c["PATCH"] + c["DELETE"]; writes != 0 {
		t.Errorf("adopting 25 accounts sent %d writes (%v)", writes, c)
	}
	if res := w.Run(t.Context(), "plan", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Errorf("the plan after the adoption is not empty (exit %d):\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	recs, err := emu.Records(t.Context(), ia)
	if err != nil || len(recs) != 25 {
		t.Errorf("%d accounts after the adoption, want 25 (%v)", len(recs), err)
	}
}

// A state written by a CLI without identities (Terraform 1.11) gains the identity at the next
// refresh by a CLI that has them. It needs both: the terraform on PATH older than 1.12, and the
// one the tests run newer.
func TestStateWithoutIdentityGainsIt(t *testing.T) {
	requireE2E(t)
	newer := bins.Terraform
	if v := cliVersion(t, newer); !atLeast(v, 1, 12) {
		t.Skipf("identities need Terraform 1.12 or OpenTofu 1.12; %s is %s (make test-cli-matrix runs it)", newer, v)
	}
	older, err := exec.LookPath("terraform")
	if err != nil || atLeast(cliVersion(t, older), 1, 12) {
		t.Skip("needs a terraform older than 1.12 on PATH to write a state without identities")
	}
	t.Parallel()
	const ia = "ia-identity"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Seed: 14})
	w := workdir(t, emu, ia)
	if err := w.WriteConfig(accountsConfig("identity", 2, "")); err != nil {
		t.Fatal(err)
	}
	old := *w
	old.Terraform = older
	if res := old.Run(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false"); res.Err() != nil {
		t.Fatal(res.Err())
	}
	if identities(t, w) != 0 {
		t.Fatal("the older CLI wrote identities")
	}
	if res := w.Run(t.Context(), "apply", "-refresh-only", "-auto-approve", "-no-color", "-input=false"); res.Err() != nil {
		t.Fatal(res.Err())
	}
	if n := identities(t, w); n != 2 {
		t.Errorf("%d of 2 resources have an identity after the refresh", n)
	}
}

// identities counts the resource instances in the state that carry an identity.
func identities(t *testing.T, w *harness.Workdir) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Instances []struct {
				Identity map[string]any `json:"identity"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			if in.Identity["id"] != nil && in.Identity["integrated_account_id"] != nil {
				n++
			}
		}
	}
	return n
}
