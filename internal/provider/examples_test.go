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
	"sync/atomic"
	"testing"
	"time"
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
	// Clipped: parallel subtests append their emulator's variables to env, and an append into
	// spare capacity would let one subtest's TRUTO_BASE_URL overwrite another's before it runs.
	env := slices.Clip(append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0"))
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
	emulatorBin := filepath.Join(t.TempDir(), "truto-emulator")
	build = exec.Command("go", "build", "-o", emulatorBin, "./cmd/truto-emulator")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// apply applies a configuration against its own `make emulator` (the default account, its
	// users, pipeline and custom-field catalog) and checks that a second plan is empty.
	apply := func(t *testing.T, dir string) {
		t.Helper()
		emu := startExampleEmulator(t, emulatorBin)
		if out, err := runTerraform(tf, dir, append(env, emu...), "apply", "-auto-approve", "-no-color", "-input=false"); err != nil {
			t.Fatalf("terraform apply: %v\n%s", err, out)
		}
		if out, err := runTerraform(tf, dir, append(env, emu...), "plan", "-detailed-exitcode", "-no-color", "-input=false"); err != nil {
			t.Fatalf("the plan after the apply is not empty (%v):\n%s", err, out)
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
			for file := range notApplied {
				if filepath.Dir(file) == rel {
					if err := os.Remove(filepath.Join(dir, filepath.Base(file))); err != nil {
						t.Fatal(err)
					}
				}
			}
			apply(t, dir)
		})
	}

	// The HCL blocks of the README and of docs/ (those not copied from examples/) apply as written,
	// configured from the TRUTO_* variables; a block followed by a text block of Terraform's
	// errors must fail its plan with them.
	blocks := markdownBlocks(t, filepath.Join(root, "README.md"))
	for _, b := range markdownDocs(t, filepath.Join(root, "docs")) {
		if !fromExamples(t, root, b.hcl) {
			blocks = append(blocks, b)
		}
	}
	for _, b := range blocks {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for prefix, why := range notAppliedBlocks {
				if strings.HasPrefix(b.hcl, prefix) {
					t.Skip(why)
				}
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.hcl), 0o600); err != nil {
				t.Fatal(err)
			}
			if b.fails == "" {
				apply(t, dir)
				return
			}
			out, err := runTerraform(tf, dir, append(env, startExampleEmulator(t, emulatorBin)...), "plan", "-no-color", "-input=false")
			if err == nil {
				t.Fatalf("the plan succeeded; the document shows it failing:\n%s", out)
			}
			// The document shows Terraform's words; OpenTofu names itself in the same sentences.
			got := collapse(strings.ReplaceAll(out, "OpenTofu", "Terraform"))
			for _, line := range strings.Split(b.fails, "\n") {
				if want := collapse(line); want != "" && !strings.Contains(got, want) {
					t.Errorf("the plan's output lacks %q:\n%s", want, out)
				}
			}
		})
	}

	// Lookups that find nothing say why, as Terraform shows it.
	t.Run("lookup hints", func(t *testing.T) {
		t.Parallel()
		emu := startExampleEmulator(t, emulatorBin)
		dir := t.TempDir()
		write := func(hcl string) {
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		write(`data "truto_crm_stages" "sales" { pipeline_id = "default" }`)
		out, err := runTerraform(tf, dir, append(env, emu...), "plan", "-no-color", "-input=false")
		if err != nil || !strings.Contains(collapse(out), `Warning: No stages in this pipeline`) ||
			!strings.Contains(collapse(out), `Its pipelines: "pipeline-sales" (Sales Pipeline).`) {
			t.Errorf("stages of a pipeline that does not exist (%v):\n%s", err, out)
		}
		write(`data "truto_crm_user" "sam" { email = "sam@acme.example" }`)
		out, err = runTerraform(tf, dir, append(env, emu...), "plan", "-no-color", "-input=false")
		if err == nil || !strings.Contains(collapse(out), "It has 3 users: the truto_crm_users data source lists them, with ids_by_email.") {
			t.Errorf("a user email nobody has (%v):\n%s", err, out)
		}
	})

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

// notApplied are example files left out when their directory is applied (they are still
// validated), with the reason.
var notApplied = map[string]string{
	"resources/truto_crm_account/import-by-string-id.tf": "imports an account by a literal CRM id, which only a CRM holding that record has",
}

// notAppliedBlocks are documentation blocks (by their first characters) that are not applied, with
// the reason.
var notAppliedBlocks = map[string]string{
	"# adopt.tfquery.hcl": "a query file for terraform query (Terraform 1.14+), not a configuration to apply",
	"# ~/.terraformrc, ~/.tofurc": "a CLI configuration (dev_overrides), not a module: every example here runs through " +
		"such a file (see rcText)",
	"import {\n  to       = truto_crm_account.partners_0": "shows what -generate-config-out writes: its ids are a CRM's",
}

// docBlock is one ```hcl or ```terraform block of a document; fails holds the ```text block that
// follows it, when there is one (the errors its plan must fail with).
type docBlock struct{ name, hcl, fails string }

// markdownBlocks extracts a Markdown file's HCL blocks.
func markdownBlocks(t *testing.T, file string) []docBlock {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []docBlock
	lines := strings.Split(string(data), "\n")
	fence := func(i int) (lang string, body string, end int) {
		lang = strings.TrimPrefix(strings.TrimSpace(lines[i]), "```")
		var b strings.Builder
		for end = i + 1; end < len(lines) && strings.TrimSpace(lines[end]) != "```"; end++ {
			b.WriteString(lines[end] + "\n")
		}
		return lang, b.String(), end
	}
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		lang, body, end := fence(i)
		if lang == "hcl" || lang == "terraform" {
			b := docBlock{name: fmt.Sprintf("%s:%d", filepath.Base(file), i+1), hcl: body}
			next := end + 1
			for next < len(lines) && strings.TrimSpace(lines[next]) == "" {
				next++
			}
			if next < len(lines) && strings.TrimSpace(lines[next]) == "```text" {
				_, b.fails, end = fence(next)
			}
			blocks = append(blocks, b)
		}
		i = end
	}
	return blocks
}

// markdownDocs extracts the HCL blocks of every Markdown file under dir.
func markdownDocs(t *testing.T, dir string) []docBlock {
	t.Helper()
	var blocks []docBlock
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".md" {
			for _, b := range markdownBlocks(t, path) {
				rel, _ := filepath.Rel(dir, path)
				b.name = "docs/" + filepath.ToSlash(filepath.Dir(rel)) + "/" + b.name
				blocks = append(blocks, b)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return blocks
}

// fromExamples reports whether a block is an examples/ file that tfplugindocs copied (and that is
// applied as an example).
func fromExamples(t *testing.T, root, hcl string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(filepath.Join(root, "examples"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && filepath.Ext(path) == ".tf" {
			b, rerr := os.ReadFile(path)
			found = found || (rerr == nil && strings.TrimSpace(string(b)) == strings.TrimSpace(hcl))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// startExampleEmulator runs the emulator as `make emulator` does (its default account, users,
// pipeline and catalog, Truto's rate limits) on a free loopback port until the test ends, and
// returns the TRUTO_* variables it prints. Each emulator has its own token, so a command that
// reached another test's emulator fails with a 401 instead of finding no records.
func startExampleEmulator(t *testing.T, bin string) []string {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready")
	token := fmt.Sprintf("examples-token-%d", exampleEmulators.Add(1))
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-token", token, "-ready-file", ready)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for range 300 {
		if url, err := os.ReadFile(ready); err == nil && len(url) > 0 {
			return []string{"TRUTO_BASE_URL=" + strings.TrimSpace(string(url)), "TRUTO_API_TOKEN=" + token,
				"TRUTO_INTEGRATED_ACCOUNT_ID=demo-account"}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the emulator did not start:\n%s", log.String())
	return nil
}

var exampleEmulators atomic.Int64

// runTerraform runs terraform in dir and returns what it printed.
func runTerraform(tf, dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command(tf, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// collapse makes text comparable across Terraform's line wrapping: one space for any run of
// whitespace and box-drawing margin.
func collapse(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)), " ")
}
