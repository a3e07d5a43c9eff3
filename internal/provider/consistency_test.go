package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// minTerraform is the oldest Terraform the provider supports: the one `make test` runs in CI.
const minTerraform = "1.11"

// TestDocsStateOneMinimumTerraform: the README, the docs, their templates and the examples name one
// minimum Terraform version, the same way: every example configuration requires ">= 1.11", and no
// text describes an older Terraform as usable.
func TestDocsStateOneMinimumTerraform(t *testing.T) {
	root := filepath.Join("..", "..")
	minMinor, _ := strconv.Atoi(strings.TrimPrefix(minTerraform, "1."))
	older := regexp.MustCompile(`(?i)terraform v?1\.(\d+)|from 1\.(\d+)|\(terraform 1\.(\d+)\+\)`)
	requiredVersion := regexp.MustCompile(`required_version\s*=\s*"([^"]*)"`)

	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Terraform " + minTerraform + " or later"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not state the minimum as %q", want)
	}

	var files []string
	files = append(files, filepath.Join(root, "README.md"))
	for _, dir := range []string{"docs", "templates", "examples"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".terraform") {
				return filepath.SkipDir
			}
			if ext := filepath.Ext(path); !d.IsDir() && (ext == ".md" || ext == ".tmpl" || ext == ".tf") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		rel, _ := filepath.Rel(root, path)
		if filepath.Base(rel) == "benchmarks.md" {
			continue // measurements name the CLI they ran under
		}
		for _, m := range older.FindAllStringSubmatch(text, -1) {
			for _, g := range m[1:] {
				if minor, err := strconv.Atoi(g); err == nil && minor < minMinor {
					t.Errorf("%s: %q describes a Terraform older than %s", rel, m[0], minTerraform)
				}
			}
		}
		for _, m := range requiredVersion.FindAllStringSubmatch(text, -1) {
			if m[1] != ">= "+minTerraform {
				t.Errorf("%s: required_version = %q, want \">= %s\"", rel, m[1], minTerraform)
			}
		}
		if strings.HasSuffix(rel, ".tf") && regexp.MustCompile(`(?m)^terraform \{`).MatchString(text) && !requiredVersion.MatchString(text) {
			t.Errorf("%s: the terraform block has no required_version = \">= %s\"", rel, minTerraform)
		}
	}
}

// TestDemoDescriptions: `make help` and the examples describe what `make demo` actually applies.
func TestDemoDescriptions(t *testing.T) {
	root := filepath.Join("..", "..")
	script, err := os.ReadFile(filepath.Join(root, "scripts", "demo.sh"))
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`examples/([a-z0-9-]+)`).FindAllStringSubmatch(string(script), -1) {
		used[m[1]] = true
	}
	if len(used) != 1 {
		t.Fatalf("scripts/demo.sh uses examples %v, want exactly one", used)
	}
	var demo string
	for name := range used {
		demo = name
	}

	makefile, err := os.ReadFile(filepath.Join(root, "GNUmakefile"))
	if err != nil {
		t.Fatal(err)
	}
	help := regexp.MustCompile(`(?m)^demo:.*## (.*)$`).FindStringSubmatch(string(makefile))
	if help == nil || !strings.Contains(help[1], "examples/"+demo) {
		t.Errorf("make help's demo line does not name examples/%s: %q", demo, help)
	}

	examples, _ := filepath.Glob(filepath.Join(root, "examples", "*", "*.tf"))
	for _, path := range examples {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(path))
		if strings.Contains(string(data), "`make demo` runs this") && name != demo {
			t.Errorf("examples/%s says `make demo` runs it, but make demo applies examples/%s", name, demo)
		}
	}
}

// TestSourcesCiteNoFilesOutsideTheRepository: comments cite Truto's public documentation, not the
// reference notes the provider was first written from, which are not in the repository.
func TestSourcesCiteNoFilesOutsideTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".go" || strings.HasSuffix(path, "consistency_test.go") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), "shared/reference/") {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s cites shared/reference/, which is not in the repository: cite https://truto.one/docs/... instead", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
