package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// TestMakeInstallOwnConfiguration takes the README's "Use it in your own configuration" path:
// `make install` into a temporary home, then `init` and `plan` of examples copied to a directory
// outside the checkout, with no dev_overrides, no CLI configuration and no registry. It runs under
// the CLI being tested: terraform in `make test`, Terraform 1.14/1.15 and OpenTofu 1.12 in
// `make test-cli-matrix`.
func TestMakeInstallOwnConfiguration(t *testing.T) {
	requireE2E(t)
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not on PATH")
	}
	ctx := t.Context()
	root, err := harness.ModuleRoot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()

	// The user's environment with a fresh home: no CLI configuration, no TF_/TOFU_/TRUTO_ variables.
	// Go keeps its caches (they default to paths under $HOME) so the build is not a cold one.
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "HOME" || strings.HasPrefix(name, "XDG_") || strings.HasPrefix(name, "TF_") ||
			strings.HasPrefix(name, "TOFU_") || strings.HasPrefix(name, "TRUTO_") || strings.HasPrefix(name, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	goEnv, err := exec.CommandContext(ctx, "go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"} {
		env = append(env, name+"="+strings.Split(string(goEnv), "\n")[i])
	}
	env = append(env, "HOME="+home, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")

	install := exec.CommandContext(ctx, "make", "install")
	install.Dir = root
	install.Env = env
	out, err := install.CombinedOutput()
	if err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}

	// Both registry hosts hold the same single version for this platform.
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var version string
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		found, _ := filepath.Glob(filepath.Join(home, ".terraform.d", "plugins", host, "truto", "truto", "*", platform, "terraform-provider-truto_v*"))
		if len(found) != 1 {
			t.Fatalf("make install: want one provider binary for %s %s, found %q\n%s", host, platform, found, out)
		}
		v := filepath.Base(filepath.Dir(filepath.Dir(found[0])))
		if filepath.Base(found[0]) != "terraform-provider-truto_v"+v {
			t.Errorf("binary %s is not named after its version directory %s", found[0], v)
		}
		if version != "" && v != version {
			t.Errorf("%s holds version %s, the other host %s", host, v, version)
		}
		version = v
	}
	// A pre-release version would never be selected by init; a dev build carries build metadata.
	if strings.Contains(strings.SplitN(version, "+", 2)[0], "-") {
		t.Errorf("installed version %s is a pre-release", version)
	}

	host := "registry.terraform.io"
	if v, err := exec.CommandContext(ctx, bins.Terraform, "version").Output(); err == nil && strings.HasPrefix(string(v), "OpenTofu") {
		host = "registry.opentofu.org"
	}
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{"ia-own"}})
	runEnv := append(env[:len(env):len(env)],
		"TRUTO_BASE_URL="+emu.URL, "TRUTO_API_TOKEN="+emu.Token, "TRUTO_INTEGRATED_ACCOUNT_ID=ia-own")

	for _, example := range []string{"quickstart", "gitops"} {
		t.Run(example, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), example)
			copyExample(t, filepath.Join(root, "examples", example), dir)
			w := &harness.Workdir{Dir: dir, Terraform: bins.Terraform, Env: runEnv}

			res := w.Run(ctx, "init", "-no-color", "-input=false")
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			if want := "Installed truto/truto v" + version; !strings.Contains(res.Stdout, want) {
				t.Errorf("init output lacks %q:\n%s", want, res.Stdout)
			}
			lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`provider "` + host + `/truto/truto"`, `version = "` + version + `"`} {
				if !strings.Contains(strings.Join(strings.Fields(string(lock)), " "), want) {
					t.Errorf("lock file lacks %s:\n%s", want, lock)
				}
			}

			res = w.Run(ctx, "plan", "-no-color", "-input=false", "-detailed-exitcode")
			if res.ExitCode != 2 || !strings.Contains(res.Stdout, " to add, 0 to change, 0 to destroy") {
				t.Fatalf("plan: want exit code 2 and records to add\n%v\n%s", res.Err(), res.Stdout)
			}
		})
	}
}

// copyExample copies the files of an example directory (not its subdirectories) to dir.
func copyExample(t *testing.T, from, dir string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".terraform") || strings.Contains(e.Name(), ".tfstate") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
