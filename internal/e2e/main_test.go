// Package e2e holds out-of-process tests: the real terraform CLI runs the provider binary (through a
// dev_overrides CLI configuration) against the standalone emulator, each in its own process, so
// signals, separate provider processes, logs and state files are the real ones.
//
// The tests run only with TF_ACC=1 and a terraform binary (PATH or TF_ACC_TERRAFORM_PATH);
// TestMain builds the provider and the emulator once.
package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// bins is nil when the tests are skipped.
var (
	bins       *harness.Binaries
	skipReason string
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if os.Getenv("TF_ACC") != "1" {
		skipReason = "out-of-process tests run only with TF_ACC=1"
		return m.Run()
	}
	if _, err := harness.FindTerraform(); err != nil {
		skipReason = err.Error()
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "truto-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := harness.ModuleRoot(ctx)
	if err == nil {
		bins, err = harness.Build(ctx, root, filepath.Join(dir, "bin"), harness.BuildOptions{})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the provider and the emulator:", err)
		return 1
	}
	return m.Run()
}

// requireE2E skips the test unless the binaries were built.
func requireE2E(t *testing.T) {
	t.Helper()
	if bins == nil {
		t.Skip(skipReason)
	}
}

// secret returns a random token with a recognisable prefix.
func secret(prefix string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// startEmulator starts an emulator for the test, stopped at cleanup.
func startEmulator(t *testing.T, o harness.EmulatorOptions) *harness.Emulator {
	t.Helper()
	if o.Token == "" {
		o.Token = secret("e2e-token-")
	}
	emu, err := bins.StartEmulator(t.Context(), filepath.Join(t.TempDir(), "emulator"), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Stop)
	return emu
}

// workdir returns a fresh working directory talking to emu for integrated account ia.
func workdir(t *testing.T, emu *harness.Emulator, ia string, extraEnv ...string) *harness.Workdir {
	t.Helper()
	w, err := bins.NewWorkdir(filepath.Join(t.TempDir(), "work"), emu, ia, extraEnv...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// accountsConfig declares n truto_crm_account resources "a" named prefix-0 .. prefix-(n-1). The
// provider is configured from the TRUTO_* environment plus providerAttrs.
func accountsConfig(prefix string, n int, providerAttrs string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

provider "truto" {
%s
}

resource "truto_crm_account" "a" {
  count = %d
  name  = "%s-${count.index}"
}
`, providerAttrs, n, prefix)
}

// mustApply runs terraform apply -auto-approve and fails the test on an error.
func mustApply(t *testing.T, w *harness.Workdir) *harness.Result {
	t.Helper()
	res := w.Run(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false")
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

// checkConsistent asserts that the emulator holds exactly want records for ia, with distinct names,
// and that the ids in the given states are exactly the emulator's ids.
func checkConsistent(t *testing.T, emu *harness.Emulator, ia string, want int, works ...*harness.Workdir) {
	t.Helper()
	recs, err := emu.Records(t.Context(), ia)
	if err != nil {
		t.Fatal(err)
	}
	emuIDs := map[string]string{}
	names := map[string]string{}
	for _, r := range recs {
		id, _ := r["id"].(string)
		name, _ := r["name"].(string)
		if other, dup := names[name]; dup {
			t.Errorf("duplicate record %q: ids %s and %s", name, other, id)
		}
		names[name] = id
		emuIDs[id] = name
	}
	if len(recs) != want {
		t.Errorf("emulator holds %d records, want %d", len(recs), want)
	}
	stateIDs := map[string]string{}
	for _, w := range works {
		insts, err := w.ReadState()
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range insts {
			if prev, dup := stateIDs[in.ID()]; dup {
				t.Errorf("id %s is in state twice: %s and %s", in.ID(), prev, in.Address)
			}
			stateIDs[in.ID()] = in.Address
			if _, ok := emuIDs[in.ID()]; !ok {
				t.Errorf("%s: id %s in state is not in the emulator", in.Address, in.ID())
			}
		}
	}
	var orphans []string
	for id, name := range emuIDs {
		if _, ok := stateIDs[id]; !ok {
			orphans = append(orphans, id+" ("+name+")")
		}
	}
	sort.Strings(orphans)
	if len(orphans) > 0 {
		t.Errorf("emulator records not in any state (orphans, would be duplicated by the next apply): %s",
			strings.Join(orphans, ", "))
	}
}
