// Command bench measures the provider against Terraform's built-in terraform_data resource, with
// the real terraform CLI, the provider binary and the standalone emulator on loopback
// (`make bench`).
//
// For N accounts it times apply, a no-op plan (with refresh) and destroy, records the provider's
// peak RSS and the API requests per method of each step, does the same with N terraform_data
// resources as the Terraform-core-only baseline, and then applies accounts against an integrated
// account the emulator rate-limits, reporting the request rate achieved against the limit. Last,
// at Truto's own limit enforced strictly (refresh.go): a paced apply, plans of many records with
// and without list-backed refresh, a plan of a few records in a large CRM, and adopt_by
// lookups of many new records in a large CRM (adopt.go). It prints a table
// and writes it, with the raw numbers as JSON, to -out.
//
//	go run ./cmd/bench -n 200 -repeat 3 -out bench-results
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	n           int
	repeat      int
	parallelism int
	out         string
	rlRequests  int
	rlWindow    time.Duration
	rlN         int
	rlProvider  string
	keep        bool
	cpuprofile  string
	env         envList
	skipMain    bool
	// the rate-limited refresh (refresh.go)
	refreshNs      []int
	refreshCompare bool
	sparse         [2]int // records managed, records the CRM holds
	skipRefresh    bool
	adopt          [2]int // adopting creates, records the CRM holds (adopt.go); 0/0 skips
	// the teardown (teardown.go)
	teardownN    int
	skipTeardown bool
}

// envList is a repeatable -env K=V flag.
type envList []string

func (e *envList) String() string { return strings.Join(*e, " ") }

func (e *envList) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("%q: want K=V", v)
	}
	*e = append(*e, v)
	return nil
}

func parseOptions(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defN := 200
	if v := os.Getenv("N"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("environment variable N=%q: want a positive number", v)
		}
		defN = n
	}
	fs.IntVar(&o.n, "n", defN, "resources per configuration (default from $N, else 200)")
	fs.IntVar(&o.repeat, "repeat", 3, "apply/plan/destroy cycles per configuration; times are medians")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.out, "out", "bench-results", "directory for results.md and results.json")
	fs.IntVar(&o.rlRequests, "rl-requests", 20, "rate-limited run: requests per window the emulator allows (R); 0 skips the run")
	fs.DurationVar(&o.rlWindow, "rl-window", time.Second, "rate-limited run: the emulator's window")
	fs.IntVar(&o.rlN, "rl-n", 0, "rate-limited run: accounts to create (default 10 windows' worth: 10*R)")
	fs.StringVar(&o.rlProvider, "rl-provider", "", "rate-limited run: provider attributes (default: rate_limit_per_account = R's average per 10 s)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write CPU profiles of the provider processes to DIR/<step>/ (builds ./cmd/bench/profiledprovider)")
	fs.BoolVar(&o.skipMain, "skip-main", false, "skip the apply/plan/destroy comparison (only the rate-limited run)")
	fs.Var(&o.env, "env", "extra environment variable K=V for the truto runs (repeatable), e.g. TF_LOG=trace")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (binaries, working directories, logs)")
	refreshNs := fs.String("refresh-n", "500,1000", "rate-limited refresh: records per plan at Truto's 50 / 10 s (comma-separated)")
	fs.BoolVar(&o.refreshCompare, "refresh-compare", true, "rate-limited refresh: also plan with list_refresh = false (N/5 seconds each)")
	sparse := fs.String("refresh-sparse", "10/5000", "rate-limited refresh: records managed / records the CRM holds")
	fs.BoolVar(&o.skipRefresh, "skip-refresh", false, "skip the rate-limited refresh runs")
	adopt := fs.String("adopt", "200/2000", "adopt_by at Truto's 50 / 10 s: adopting creates / records the CRM holds (0/0 skips)")
	fs.IntVar(&o.teardownN, "teardown-n", 1000, "teardown: contacts destroyed at Truto's 50 / 10 s through batch-delete")
	fs.BoolVar(&o.skipTeardown, "skip-teardown", false, "skip the teardown run")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if o.n <= 0 || o.repeat <= 0 || o.parallelism <= 0 || o.rlRequests < 0 || o.teardownN <= 0 {
		return nil, errors.New("-n, -repeat, -parallelism and -teardown-n must be positive, -rl-requests not negative")
	}
	if o.rlN == 0 {
		o.rlN = 10 * o.rlRequests
	}
	for _, f := range strings.Split(*refreshNs, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-refresh-n %q: want positive numbers", *refreshNs)
		}
		o.refreshNs = append(o.refreshNs, n)
	}
	if _, err := fmt.Sscanf(*sparse, "%d/%d", &o.sparse[0], &o.sparse[1]); err != nil || o.sparse[0] <= 0 || o.sparse[1] < o.sparse[0] {
		return nil, fmt.Errorf("-refresh-sparse %q: want managed/holds such as 10/5000", *sparse)
	}
	if _, err := fmt.Sscanf(*adopt, "%d/%d", &o.adopt[0], &o.adopt[1]); err != nil || o.adopt[0] < 0 || o.adopt[1] < 0 {
		return nil, fmt.Errorf("-adopt %q: want creates/holds such as 200/2000", *adopt)
	}
	if o.rlProvider == "" && o.rlRequests > 0 && o.rlWindow > 0 {
		// rate_limit_per_account counts per 10 s: the same average as R, which never binds within
		// one of the emulator's windows when they are shorter; the ratelimit-* headers pace those.
		// The plan-time checks are off: this measures the pacing of writes (see TestThroughputUnderRateLimit).
		o.rlProvider = fmt.Sprintf("  rate_limit_per_account = %d\n  capability_checks = false",
			int(float64(o.rlRequests)*float64(10*time.Second)/float64(o.rlWindow)))
	}
	return o, nil
}

// stepResult is one terraform command of one configuration.
type stepResult struct {
	Wall      time.Duration   `json:"wall_ns"`
	Walls     []time.Duration `json:"walls_ns"`
	CPU       time.Duration   `json:"cpu_ns"`
	CPUs      []time.Duration `json:"cpus_ns"`
	PeakRSS   int64           `json:"provider_peak_rss_bytes,omitempty"`
	Providers int             `json:"provider_processes,omitempty"`
	Requests  map[string]int  `json:"requests,omitempty"`
}

type rateResult struct {
	R           int           `json:"r"`
	Window      time.Duration `json:"window_ns"`
	Accounts    int           `json:"accounts"`
	Accepted    int           `json:"accepted_requests"`
	Rejected429 int           `json:"rejected_429"`
	Span        time.Duration `json:"first_to_last_request_ns"`
	Rate        float64       `json:"rate_per_window"`
	Ratio       float64       `json:"ratio"`
	ApplyWall   time.Duration `json:"apply_wall_ns"`
	Provider    string        `json:"provider_config"`
}

type report struct {
	When        time.Time              `json:"when"`
	N           int                    `json:"n"`
	Repeat      int                    `json:"repeat"`
	Parallelism int                    `json:"parallelism"`
	Terraform   string                 `json:"terraform"`
	GoVersion   string                 `json:"go"`
	CPUs        int                    `json:"cpus"`
	Truto       map[string]*stepResult `json:"truto"`
	Floor       map[string]*stepResult `json:"floor_provider"`
	Baseline    map[string]*stepResult `json:"terraform_data"`
	RateLimited *rateResult            `json:"rate_limited,omitempty"`
	Refresh     []refreshResult        `json:"rate_limited_refresh,omitempty"`
	Teardown    []teardownResult       `json:"teardown,omitempty"`
}

var steps = []string{"apply", "plan", "destroy"}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseOptions(args, os.Stderr)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "truto-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(stdout, "working files in", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	bins, tfVersion, err := build(ctx, stdout, o, tmp)
	if err != nil {
		return err
	}

	const ia, iaLimited = "ia-bench", "ia-bench-limited"
	tokenBytes := make([]byte, 12)
	_, _ = rand.Read(tokenBytes)
	emu, err := bins.StartEmulator(ctx, filepath.Join(tmp, "emulator"), harness.EmulatorOptions{
		Token: "bench-" + hex.EncodeToString(tokenBytes), IntegratedAccounts: append([]string{ia, iaLimited, adoptIA, teardownIA}, refreshIAs(o)...),
		Seed: 1,
	})
	if err != nil {
		return err
	}
	defer emu.Stop()

	rep := &report{When: time.Now().UTC(), N: o.n, Repeat: o.repeat, Parallelism: o.parallelism, Terraform: tfVersion,
		GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
		Truto: map[string]*stepResult{}, Floor: map[string]*stepResult{}, Baseline: map[string]*stepResult{}}
	if !o.skipMain {
		if err := mainRuns(ctx, stdout, o, bins, emu, ia, tmp, rep); err != nil {
			return err
		}
	}
	if o.rlRequests > 0 {
		rl, err := rateLimitedRun(ctx, stdout, bins, emu, iaLimited, o, filepath.Join(tmp, "limited"))
		if err != nil {
			return err
		}
		rep.RateLimited = rl
	}
	if !o.skipRefresh {
		rs, err := refreshRuns(ctx, stdout, bins, emu, o, filepath.Join(tmp, "refresh"))
		if err != nil {
			return err
		}
		rep.Refresh = rs
	}
	if o.adopt[0] > 0 {
		rs, err := adoptRuns(ctx, stdout, bins, emu, o, filepath.Join(tmp, "adopt"))
		if err != nil {
			return err
		}
		rep.Refresh = append(rep.Refresh, rs...)
	}
	if !o.skipTeardown {
		td, err := teardownRuns(ctx, stdout, bins, emu, o, filepath.Join(tmp, "teardown"))
		if err != nil {
			return err
		}
		rep.Teardown = td
	}
	return writeReport(stdout, o.out, rep)
}

// build builds the provider (profiled with -cpuprofile), the floor provider and the emulator, and
// names the terraform binary's version.
func build(ctx context.Context, stdout io.Writer, o *options, tmp string) (*harness.Binaries, string, error) {
	root, err := harness.ModuleRoot(ctx)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintln(stdout, "building the provider and the emulator ...")
	bopts := harness.BuildOptions{GoFlags: []string{"-trimpath"},
		Extra: []harness.ExtraProvider{{Address: floorAddress, Package: "./cmd/bench/floorprovider"}}}
	if o.cpuprofile != "" {
		bopts.ProviderPackage = "./cmd/bench/profiledprovider"
		if o.cpuprofile, err = filepath.Abs(o.cpuprofile); err != nil {
			return nil, "", err
		}
	}
	bins, err := harness.Build(ctx, root, filepath.Join(tmp, "bin"), bopts)
	if err != nil {
		return nil, "", err
	}
	tfVersion := "unknown"
	if out, err := runOutput(ctx, bins.Terraform, "version"); err == nil {
		tfVersion = strings.SplitN(out, "\n", 2)[0]
	}
	return bins, tfVersion, nil
}

// benchConfig is one configuration the main runs measure, and where its results go.
type benchConfig struct {
	name string
	w    *harness.Workdir
	into map[string]*stepResult
}

// mainRuns applies, plans and destroys o.n records with this provider, the floor provider and
// terraform_data, o.repeat times, keeping the median wall and CPU times.
func mainRuns(ctx context.Context, stdout io.Writer, o *options, bins *harness.Binaries, emu *harness.Emulator, ia, tmp string,
	rep *report) error {
	truto, err := bins.NewWorkdir(filepath.Join(tmp, "truto"), emu, ia, o.env...)
	if err != nil {
		return err
	}
	// The emulator does not rate-limit here, so the client's limiter (Truto's 50 requests / 10 s by
	// default) is raised out of the way: this part measures the provider, not the limit.
	if err := truto.WriteConfig(trutoConfig(o.n, "  rate_limit_per_account = 1000000\n  rate_limit_per_token   = 1000000")); err != nil {
		return err
	}
	floor, err := bins.NewWorkdir(filepath.Join(tmp, "floor"), nil, "")
	if err != nil {
		return err
	}
	if err := floor.WriteConfig(floorConfig(o.n)); err != nil {
		return err
	}
	baseline, err := bins.NewWorkdir(filepath.Join(tmp, "baseline"), nil, "")
	if err != nil {
		return err
	}
	if err := baseline.WriteConfig(baselineConfig(o.n)); err != nil {
		return err
	}
	for i := range o.repeat {
		for _, cfg := range []benchConfig{{"truto", truto, rep.Truto}, {"floor", floor, rep.Floor},
			{"terraform_data", baseline, rep.Baseline}} {
			for _, step := range steps {
				fmt.Fprintf(stdout, "run %d/%d: %-14s %-7s ", i+1, o.repeat, cfg.name, step)
				if err := runStep(ctx, stdout, o, bins, emu, cfg, step); err != nil {
					return err
				}
			}
		}
	}
	for _, m := range []map[string]*stepResult{rep.Truto, rep.Floor, rep.Baseline} {
		for _, sr := range m {
			sr.Wall = median(sr.Walls)
			sr.CPU = median(sr.CPUs)
		}
	}
	return nil
}

// runStep runs one terraform step of a configuration and adds its times, peak RSS and request
// counts to the configuration's results.
func runStep(ctx context.Context, stdout io.Writer, o *options, bins *harness.Binaries, emu *harness.Emulator, cfg benchConfig,
	step string) error {
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	stepArgs := map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false", "-no-color", par},
		"plan":    {"plan", "-detailed-exitcode", "-input=false", "-no-color", par},
		"destroy": {"destroy", "-auto-approve", "-input=false", "-no-color", par},
	}
	if err := emu.ResetCounts(ctx); err != nil {
		return err
	}
	w := cfg.w
	if o.cpuprofile != "" && cfg.name == "truto" {
		dir := filepath.Join(o.cpuprofile, step)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		profiled := *w
		profiled.Env = append(slices.Clone(w.Env), "TRUTO_BENCH_CPUPROFILE_DIR="+dir)
		w = &profiled
	}
	rss := harness.WatchRSS(bins.Provider, 20*time.Millisecond)
	res := w.Run(ctx, stepArgs[step]...)
	peak, procs := rss.Stop()
	if err := res.Err(); err != nil {
		return err
	}
	counts, err := emu.Counts(ctx)
	if err != nil {
		return err
	}
	sr := cfg.into[step]
	if sr == nil {
		sr = &stepResult{Requests: map[string]int{}}
		cfg.into[step] = sr
	}
	sr.Walls = append(sr.Walls, res.Elapsed)
	sr.CPUs = append(sr.CPUs, res.CPU)
	sr.PeakRSS = max(sr.PeakRSS, peak)
	sr.Providers = max(sr.Providers, procs)
	for k, v := range counts {
		if v > 0 {
			sr.Requests[k] = max(sr.Requests[k], v)
		}
	}
	fmt.Fprintf(stdout, "%6.2fs (CPU %6.2fs)  provider peak RSS %5.1f MB  requests %v\n",
		res.Elapsed.Seconds(), res.CPU.Seconds(), mb(peak), fmtCounts(counts))
	return nil
}

// writeReport prints the results table and writes it, and the results as JSON, under out.
func writeReport(stdout io.Writer, out string, rep *report) error {
	table := renderTable(rep)
	fmt.Fprintln(stdout)
	fmt.Fprint(stdout, table)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "results.md"), []byte(table), 0o644); err != nil {
		return err
	}
	js, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(filepath.Join(out, "results.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwritten to %s\n", filepath.Join(out, "results.md"))
	return nil
}

// rateLimitedRun applies o.rlN accounts to an integrated account limited to R requests per window
// and measures the rate of accepted requests.
//
// Measurement window: from the first to the last request the emulator accepted during the apply
// (seen by polling its counters every 10 ms), plus one rate-limit window. A client that fills every
// window exactly, with no gap between windows, sends k*R requests with k-1 windows between the
// first and the last, so it scores exactly R per window.
func rateLimitedRun(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, ia string,
	o *options, dir string) (*rateResult, error) {
	w, err := bins.NewWorkdir(dir, emu, ia, o.env...)
	if err != nil {
		return nil, err
	}
	if err := w.WriteConfig(trutoConfig(o.rlN, o.rlProvider)); err != nil {
		return nil, err
	}
	if err := emu.SetRateLimit(ctx, ia, o.rlRequests, o.rlWindow); err != nil {
		return nil, err
	}
	if err := emu.ResetCounts(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "rate-limited apply: %d accounts, emulator limit %d per %s ... ", o.rlN, o.rlRequests, o.rlWindow)
	watch := emu.WatchCounts(ctx, 10*time.Millisecond)
	res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism="+strconv.Itoa(o.parallelism))
	samples := watch.Stop()
	if err := res.Err(); err != nil {
		return nil, err
	}
	counts, err := emu.Counts(ctx)
	if err != nil {
		return nil, err
	}
	accepted := func(c map[string]int) int { return c["POST"] + c["GET"] + c["PATCH"] + c["DELETE"] - c["429"] }
	first, last, ok := harness.Activity(samples, accepted)
	if !ok {
		return nil, errors.New("rate-limited run: no request seen")
	}
	r := &rateResult{R: o.rlRequests, Window: o.rlWindow, Accounts: o.rlN, Accepted: accepted(counts),
		Rejected429: counts["429"], Span: last.Sub(first), ApplyWall: res.Elapsed, Provider: strings.TrimSpace(o.rlProvider)}
	r.Rate = float64(r.Accepted) / (r.Span + r.Window).Seconds() * r.Window.Seconds()
	r.Ratio = r.Rate / float64(r.R)
	fmt.Fprintf(stdout, "%.2fs, %d accepted, %d answered 429, %.1f per window (%.0f%% of R)\n",
		res.Elapsed.Seconds(), r.Accepted, r.Rejected429, r.Rate, 100*r.Ratio)
	return r, nil
}

func trutoConfig(n int, providerAttrs string) string {
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
  name  = "bench-${count.index}"
}
`, providerAttrs, n)
}

// floorAddress is the benchmark's minimal framework provider (cmd/bench/floorprovider).
const floorAddress = "registry.terraform.io/bench/floor"

func floorConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    floor = { source = "bench/floor" }
  }
}

resource "floor_item" "a" {
  count = %d
  name  = "bench-${count.index}"
}
`, n)
}

func baselineConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "a" {
  count = %d
  input = "bench-${count.index}"
}
`, n)
}

func renderTable(rep *report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s, %d CPUs; %s\n", rep.Terraform, rep.GoVersion, rep.CPUs, rep.When.Format(time.RFC3339))
	if len(rep.Truto) > 0 { // not -skip-main
		fmt.Fprintf(&b, "\nN=%d, -parallelism=%d, median of %d runs\n\n", rep.N, rep.Parallelism, rep.Repeat)
		fmt.Fprintln(&b, "| step | truto_crm_account | floor_item | terraform_data | truto / terraform_data | target | floor / terraform_data | truto provider peak RSS | API requests (per account) |")
		fmt.Fprintln(&b, "|---|---|---|---|---|---|---|---|---|")
	}
	targets := map[string]float64{"apply": 1.8, "plan": 4.5, "destroy": 1.8}
	for _, step := range steps {
		t, f, base := rep.Truto[step], rep.Floor[step], rep.Baseline[step]
		if t == nil || f == nil || base == nil {
			continue
		}
		ratio := t.Wall.Seconds() / base.Wall.Seconds()
		verdict := "met"
		if ratio > targets[step] {
			verdict = "missed"
		}
		name := step
		if step == "plan" {
			name = "no-op plan (refresh)"
		}
		fmt.Fprintf(&b, "| %s | %.2f s | %.2f s | %.2f s | %.2fx | <= %.1fx %s | %.2fx | %.1f MB | %s |\n", name,
			t.Wall.Seconds(), f.Wall.Seconds(), base.Wall.Seconds(), ratio, targets[step], verdict,
			f.Wall.Seconds()/base.Wall.Seconds(), mb(t.PeakRSS), perAccount(t.Requests, rep.N))
	}
	if rl := rep.RateLimited; rl != nil {
		fmt.Fprintf(&b, "\nRate-limited apply: %d accounts, emulator limit R = %d per %s, provider config %q\n\n",
			rl.Accounts, rl.R, rl.Window, orDefault(rl.Provider, "(defaults)"))
		fmt.Fprintln(&b, "| apply wall | accepted requests | 429 answers | first→last request | achieved per window | of R | target |")
		fmt.Fprintln(&b, "|---|---|---|---|---|---|---|")
		verdict := "met"
		if rl.Ratio < 0.9 {
			verdict = "missed"
		}
		fmt.Fprintf(&b, "| %.2f s | %d | %d | %.2f s | %.2f | %.1f%% | >= 90%% %s |\n", rl.ApplyWall.Seconds(), rl.Accepted,
			rl.Rejected429, rl.Span.Seconds(), rl.Rate, 100*rl.Ratio, verdict)
	}
	renderRefresh(&b, rep.Refresh)
	renderTeardown(&b, rep.Teardown)
	return b.String()
}

func perAccount(counts map[string]int, n int) string {
	var parts []string
	for _, k := range []string{"POST", "GET", "PATCH", "DELETE", "429", "dropped"} {
		if v := counts[k]; v > 0 {
			parts = append(parts, fmt.Sprintf("%s %d (%.2f)", k, v, float64(v)/float64(n)))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func fmtCounts(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k, v := range c {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, c[k])
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func runOutput(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.Output()
	return string(out), err
}
