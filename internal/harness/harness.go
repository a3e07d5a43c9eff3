// Package harness runs the real terraform binary against the provider binary and the standalone
// Truto emulator (cmd/truto-emulator), each in its own process, the way a user runs them. The
// out-of-process tests (internal/e2e) and the benchmark (cmd/bench) share it.
//
// Terraform finds the provider through a dev_overrides CLI configuration, so no terraform init and
// no registry are involved. Everything listens on 127.0.0.1 only.
package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ProviderAddress is the provider's registry address (provider.Address), repeated here so this
// package does not link the provider.
const ProviderAddress = "registry.terraform.io/truto/truto"

// Binaries are the provider and emulator built once, plus the terraform binary and a CLI
// configuration that points Terraform at the provider build.
type Binaries struct {
	Dir       string // holds everything below
	Provider  string // Dir/plugins/terraform-provider-truto
	Emulator  string // Dir/truto-emulator
	Terraform string // from TF_ACC_TERRAFORM_PATH, TERRAFORM or PATH
	CLIConfig string // Dir/terraformrc: dev_overrides for ProviderAddress
}

// ModuleRoot returns the directory of the provider's go.mod.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the provider's Go module")
	}
	return filepath.Dir(gomod), nil
}

// FindTerraform returns the terraform binary: $TF_ACC_TERRAFORM_PATH, $TERRAFORM, or terraform on PATH.
func FindTerraform() (string, error) {
	for _, env := range []string{"TF_ACC_TERRAFORM_PATH", "TERRAFORM"} {
		if p := os.Getenv(env); p != "" {
			return p, nil
		}
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no terraform binary: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
	}
	return p, nil
}

// BuildOptions change how Build compiles the provider.
type BuildOptions struct {
	// ProviderPackage is the main package served as the provider; default "." (the provider).
	ProviderPackage string
	// GoFlags are extra go build flags for the provider, e.g. -trimpath.
	GoFlags []string
	// Extra are more providers to build and override, e.g. the benchmark's floor provider.
	Extra []ExtraProvider
}

// ExtraProvider is another provider main package, served to Terraform at Address.
type ExtraProvider struct {
	Address string // e.g. registry.terraform.io/bench/floor
	Package string // e.g. ./cmd/bench/floorprovider
}

// Build compiles the provider and the emulator into dir and writes the CLI configuration.
func Build(ctx context.Context, moduleRoot, dir string, o BuildOptions) (*Binaries, error) {
	tf, err := FindTerraform()
	if err != nil {
		return nil, err
	}
	b := &Binaries{
		Dir:       dir,
		Provider:  filepath.Join(dir, "plugins", "terraform-provider-truto"),
		Emulator:  filepath.Join(dir, "truto-emulator"),
		Terraform: tf,
		CLIConfig: filepath.Join(dir, "terraformrc"),
	}
	pkg := o.ProviderPackage
	if pkg == "" {
		pkg = "."
	}
	builds := [][]string{
		append(append([]string{"build"}, o.GoFlags...), "-ldflags", "-s -w -X main.version=0.0.0-harness", "-o", b.Provider, pkg),
		{"build", "-o", b.Emulator, "./cmd/truto-emulator"},
	}
	// OpenTofu resolves "truto/truto" on its own registry: the same build serves both addresses.
	overrides := fmt.Sprintf("    %q = %q\n    %q = %q\n", ProviderAddress, filepath.Dir(b.Provider),
		strings.Replace(ProviderAddress, "registry.terraform.io", "registry.opentofu.org", 1), filepath.Dir(b.Provider))
	for _, x := range o.Extra {
		typ := x.Address[strings.LastIndex(x.Address, "/")+1:]
		dir := filepath.Join(dir, "plugins-"+typ)
		builds = append(builds, append(append([]string{"build"}, o.GoFlags...), "-ldflags", "-s -w", "-o", filepath.Join(dir, "terraform-provider-"+typ), x.Package))
		overrides += fmt.Sprintf("    %q = %q\n", x.Address, dir)
	}
	for _, args := range builds {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = moduleRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	rc := "provider_installation {\n  dev_overrides {\n" + overrides + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(b.CLIConfig, []byte(rc), 0o600); err != nil {
		return nil, err
	}
	return b, nil
}

// Workdir is one Terraform working directory (configuration and local state).
type Workdir struct {
	Dir       string
	Terraform string
	// Env is the complete environment of every terraform command run here.
	Env []string
}

// NewWorkdir creates dir and returns a working directory whose terraform commands use the CLI
// configuration, talk to emu (when not nil) for integrated account ia, and carry extraEnv
// ("K=V") on top. TF_* and TRUTO_* variables of this process are not inherited.
func (b *Binaries) NewWorkdir(dir string, emu *Emulator, ia string, extraEnv ...string) (*Workdir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "TRUTO_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+b.CLIConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if emu != nil {
		env = append(env, "TRUTO_BASE_URL="+emu.URL, "TRUTO_API_TOKEN="+emu.Token)
	}
	if ia != "" {
		env = append(env, "TRUTO_INTEGRATED_ACCOUNT_ID="+ia)
	}
	env = append(env, extraEnv...)
	return &Workdir{Dir: dir, Terraform: b.Terraform, Env: env}, nil
}

// WriteConfig replaces the configuration with main.tf = hcl.
func (w *Workdir) WriteConfig(hcl string) error {
	return os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(hcl), 0o600)
}

// Result is the outcome of one terraform command.
type Result struct {
	Args     []string
	Stdout   string
	Stderr   string
	ExitCode int // -1 when it could not run or was killed
	Elapsed  time.Duration
	// CPU is the user+system CPU time of terraform and of the provider processes it waited for.
	CPU time.Duration
}

// Err is nil when the command exited 0, else an error with its output.
func (r *Result) Err() error {
	if r.ExitCode == 0 {
		return nil
	}
	return fmt.Errorf("terraform %s: exit code %d\nstdout:\n%s\nstderr:\n%s",
		strings.Join(r.Args, " "), r.ExitCode, tail(r.Stdout, 4000), tail(r.Stderr, 4000))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// Running is a terraform command in progress.
type Running struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	started        time.Time
	done           chan struct{}
	result         Result
}

// Start starts terraform with args, in its own process group (so Interrupt can reach the provider
// plugins too, as Ctrl-C in a terminal does). When ctx ends, the whole group is killed.
func (w *Workdir) Start(ctx context.Context, args ...string) (*Running, error) {
	r := &Running{done: make(chan struct{}), result: Result{Args: args, ExitCode: -1}}
	r.cmd = exec.Command(w.Terraform, args...)
	r.cmd.Dir = w.Dir
	r.cmd.Env = w.Env
	r.cmd.Stdout = &r.stdout
	r.cmd.Stderr = &r.stderr
	setProcessGroup(r.cmd)
	r.started = time.Now()
	if err := r.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		err := r.cmd.Wait()
		r.result.Elapsed = time.Since(r.started)
		if ps := r.cmd.ProcessState; ps != nil {
			r.result.CPU = ps.UserTime() + ps.SystemTime()
		}
		r.result.Stdout, r.result.Stderr = r.stdout.String(), r.stderr.String()
		var exit *exec.ExitError
		switch {
		case err == nil:
			r.result.ExitCode = 0
		case errors.As(err, &exit):
			r.result.ExitCode = exit.ExitCode()
		}
		close(r.done)
	}()
	go func() {
		select {
		case <-ctx.Done():
			killGroup(r.cmd)
		case <-r.done:
		}
	}()
	return r, nil
}

// Pid is terraform's process id.
func (r *Running) Pid() int { return r.cmd.Process.Pid }

// Interrupt sends SIGINT to terraform's process group, like Ctrl-C.
func (r *Running) Interrupt() error { return interruptGroup(r.cmd.Process.Pid) }

// Wait waits for terraform to exit.
func (r *Running) Wait() *Result {
	<-r.done
	return &r.result
}

// Done is closed when terraform has exited.
func (r *Running) Done() <-chan struct{} { return r.done }

// Run runs terraform with args and waits for it.
func (w *Workdir) Run(ctx context.Context, args ...string) *Result {
	r, err := w.Start(ctx, args...)
	if err != nil {
		return &Result{Args: args, ExitCode: -1, Stderr: err.Error()}
	}
	return r.Wait()
}
