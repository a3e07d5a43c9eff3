package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAccExamples runs `terraform fmt -check` and `terraform validate` in every directory under
// examples/ that holds Terraform files, against a provider binary built from this tree and installed
// through a dev_overrides CLI configuration (no registry, no `terraform init`). It also checks that
// terraform itself prints the schema snapshot in testdata/schema.json.
func TestAccExamples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run terraform against the examples")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no terraform binary on PATH (or TF_ACC_TERRAFORM_PATH)")
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	pluginDir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-truto"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Examples that are snippets (no required_providers) use the implied hashicorp/truto address:
	// override it too, so they validate as they are; OpenTofu resolves both on its own registry.
	rc := filepath.Join(t.TempDir(), "terraformrc")
	rcText := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %[1]q = %[2]q
    "registry.terraform.io/hashicorp/truto" = %[2]q
    "registry.opentofu.org/truto/truto" = %[2]q
    "registry.opentofu.org/hashicorp/truto" = %[2]q
  }
  direct {}
}
`, Address, pluginDir)
	if err := os.WriteFile(rc, []byte(rcText), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	run := func(t *testing.T, dir string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
		}
		return stdout.Bytes()
	}

	dirs := exampleDirs(t, filepath.Join(root, "examples"))
	for _, want := range []string{"provider", "resources/truto_crm_account", "data-sources/truto_crm_account",
		"data-sources/truto_crm_accounts", "seed-from-csv", "gitops", "quickstart"} {
		if !slices.Contains(dirs, want) {
			t.Errorf("examples/%s is missing or holds no .tf file", want)
		}
	}
	for _, rel := range dirs {
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			// Work on a copy: validate may write into the directory, and the tree is shared.
			dir := t.TempDir()
			copyExample(t, filepath.Join(root, "examples", rel), dir)
			run(t, dir, "fmt", "-check", "-diff", "-no-color")
			run(t, dir, "validate", "-no-color")
		})
	}

	t.Run("schema snapshot", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		cfg := `terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}
`
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := normalizeJSON(run(t, dir, "providers", "schema", "-json"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(schemaSnapshotFile)
		if err != nil {
			t.Fatal(err)
		}
		if want, got, err = comparableSchemas(want, got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("terraform providers schema -json differs from %s:\n%s\n\nUpdate it with %s=1 go test ./internal/provider "+
				"-run TestSchemaSnapshot; if that does not help, providerSchemaJSON no longer renders what terraform prints.",
				schemaSnapshotFile, firstDifference(want, got), updateSnapshotEnv)
		}
	})
}

// exampleDirs lists the directories under root (relative, slash-separated) that hold .tf files.
func exampleDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".tf" {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// copyExample copies an example directory, leaving out Terraform's working files (.terraform,
// state, lock file) that a local run may have left there.
func copyExample(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		name := d.Name()
		switch {
		case d.IsDir() && name == ".terraform":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case !d.Type().IsRegular(), strings.Contains(name, ".tfstate"), name == ".terraform.lock.hcl":
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// comparableSchemas makes the snapshot and what a CLI printed comparable: OpenTofu names the provider by
// its own registry's address, and an older CLI does not print the newer sections (list resources
// before Terraform 1.14, identities before 1.12), so those are dropped from the snapshot.
func comparableSchemas(snapshot, printed []byte) ([]byte, []byte, error) {
	type doc struct {
		FormatVersion   string                    `json:"format_version"`
		ProviderSchemas map[string]map[string]any `json:"provider_schemas"`
	}
	var snap, cli doc
	if err := json.Unmarshal(snapshot, &snap); err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(printed, &cli); err != nil {
		return nil, nil, err
	}
	if tofu := strings.Replace(Address, "registry.terraform.io", "registry.opentofu.org", 1); cli.ProviderSchemas[tofu] != nil {
		cli.ProviderSchemas[Address] = cli.ProviderSchemas[tofu]
		delete(cli.ProviderSchemas, tofu)
	}
	for _, key := range newerSchemaKeys {
		if _, printedToo := cli.ProviderSchemas[Address][key]; !printedToo {
			delete(snap.ProviderSchemas[Address], key)
		}
	}
	var out [2][]byte
	for i, d := range []doc{snap, cli} {
		raw, err := json.Marshal(d)
		if err != nil {
			return nil, nil, err
		}
		if out[i], err = normalizeJSON(raw); err != nil {
			return nil, nil, err
		}
	}
	return out[0], out[1], nil
}
