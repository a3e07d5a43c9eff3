package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// The teardown: a destroy of N contacts at Truto's limit (50 requests per 10 s, the emulator's
// strict sliding log) on the emulator's default HubSpot profile, which has batch-delete for
// contacts: the provider groups the concurrent deletes into batch-delete calls of up to 100 ids.
// Terraform deletes at most -parallelism resources at a time, so the destroy runs with
// -parallelism=100, and with -refresh=false (a refresh costs N/100 list pages on its own; see the
// rate-limited refresh). The contacts are created first, unpaced.
//
// It runs once per kind of state storage, with Terraform's own floor (N terraform_data instances,
// the same flags) beside it, because the storage sets the floor: after each instance it destroys,
// Terraform hands the whole state to the backend (updateStateHook in node_resource_destroy.go). The
// local backend's statemgr.Filesystem copies, compares and rewrites the whole file each time
// (internal/states/statemgr/filesystem.go, writeState), so a destroy of N instances serializes
// about N²/2 of them, one after the other under the state lock; a remote backend's state
// (internal/states/remote/state.go, WriteState) only keeps an in-memory copy and persists it every
// 20 s. The remote run uses Terraform's http backend against a server the bench runs on 127.0.0.1,
// as S3, GCS or HCP Terraform state would be used from a pipeline.

const teardownIA = "ia-teardown"

type teardownResult struct {
	State        string        `json:"state"`
	Contacts     int           `json:"contacts"`
	Parallelism  int           `json:"parallelism"`
	BatchDeletes int           `json:"batch_deletes"`
	Deletes      int           `json:"deletes"`
	Others       int           `json:"other_requests"`
	Rejected429  int           `json:"rejected_429"`
	Wall         time.Duration `json:"wall_ns"`
	CPU          time.Duration `json:"cpu_ns"` // terraform's and the provider's
	FloorWall    time.Duration `json:"terraform_data_wall_ns"`
	Left         int           `json:"contacts_left"`
	Met          bool          `json:"met"`
}

// teardownState is where the teardown's working directories keep their state: backend is the
// terraform block's backend block ("" for the local file).
type teardownState struct {
	name, backend string
}

func teardownConfig(backend, providerAttrs string, n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
%s}

provider "truto" {
%s
}

resource "truto_crm_contact" "c" {
  count      = %d
  first_name = "teardown-${count.index}"
}
`, backend, providerAttrs, n)
}

func teardownFloorConfig(backend string, n int) string {
	return fmt.Sprintf(`terraform {
%s}

resource "terraform_data" "c" {
  count = %d
  input = "teardown-${count.index}"
}
`, backend, n)
}

func teardownRuns(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string) ([]teardownResult, error) {
	states := newStateServer()
	defer states.Close()
	var out []teardownResult
	for i, s := range []teardownState{
		{"local file (Terraform's default)", ""},
		{"remote (http backend)", states.backend("contacts")},
	} {
		r, err := teardownRun(ctx, stdout, bins, emu, o, filepath.Join(dir, strconv.Itoa(i)), s)
		if err != nil {
			return nil, err
		}
		floor := s
		if floor.backend != "" {
			floor.backend = states.backend("terraform_data")
		}
		if r.FloorWall, err = teardownFloor(ctx, stdout, bins, o, filepath.Join(dir, strconv.Itoa(i)+"-floor"), floor); err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	r, err := exclusiveTeardown(ctx, stdout, bins, emu, o, filepath.Join(dir, "exclusive"))
	if err != nil {
		return nil, err
	}
	return append(out, *r), nil
}

// exclusiveTeardown empties a sandbox of N contacts Terraform never created: one
// truto_crm_exclusive_records with strays = "delete" and no ids, applied at Truto's limit with the
// local state file (one resource: the state storage costs nothing here). The refresh lists the
// contacts, the plan lists them all as strays, and the apply re-checks and deletes them in
// batch-delete calls of up to 100 ids.
func exclusiveTeardown(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string) (*teardownResult, error) {
	w, err := bins.NewWorkdir(dir, emu, teardownIA, o.env...)
	if err != nil {
		return nil, err
	}
	config := fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

resource "truto_crm_exclusive_records" "sandbox" {
  kind          = "contact"
  ids           = []
  strays        = "delete"
  max_deletions = %d
}
`, o.teardownN)
	if err := w.WriteConfig(config); err != nil {
		return nil, err
	}
	// Created while the sandbox is empty: a create only reports, and the deletions are the update.
	if res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color"); res.Err() != nil {
		return nil, res.Err()
	}
	for i := range o.teardownN {
		if _, err := emu.SeedIn(ctx, teardownIA, "contacts", map[string]any{"first_name": fmt.Sprintf("leftover-%d", i)}); err != nil {
			return nil, err
		}
	}
	if err := emu.SetSlidingRateLimit(ctx, teardownIA, trutoLimit, trutoWindow); err != nil {
		return nil, err
	}
	defer func() { _ = emu.SetRateLimit(ctx, teardownIA, -1, trutoWindow) }()
	if err := emu.ResetCounts(ctx); err != nil {
		return nil, err
	}
	name := "one truto_crm_exclusive_records, strays = \"delete\" (local file)"
	fmt.Fprintf(stdout, "teardown, %s: apply deleting %d contacts at %d per %s ... ", name, o.teardownN, trutoLimit, trutoWindow)
	res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := res.Err(); err != nil {
		return nil, err
	}
	return teardownOutcome(ctx, stdout, emu, o, name, 0, res)
}

// prepare writes the configuration's backend alone and initializes it when it has one: terraform
// init with the full configuration would try to install the providers, which the CLI
// configuration's dev_overrides provide without it.
func prepare(ctx context.Context, w *harness.Workdir, s teardownState) error {
	if s.backend == "" {
		return nil
	}
	if err := w.WriteConfig("terraform {\n" + s.backend + "}\n"); err != nil {
		return err
	}
	return w.Run(ctx, "init", "-input=false", "-no-color").Err()
}

func teardownRun(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string, s teardownState) (*teardownResult, error) {
	const parallelism = 100
	w, err := bins.NewWorkdir(dir, emu, teardownIA, o.env...)
	if err != nil {
		return nil, err
	}
	if err := prepare(ctx, w, s); err != nil {
		return nil, err
	}
	if err := w.WriteConfig(teardownConfig(s.backend, "  rate_limit_per_account = 1000000\n  rate_limit_per_token   = 1000000", o.teardownN)); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "teardown, %s state: creating %d contacts ...\n", s.name, o.teardownN)
	if res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"); res.Err() != nil {
		return nil, res.Err()
	}
	if err := w.WriteConfig(teardownConfig(s.backend, "", o.teardownN)); err != nil {
		return nil, err
	}
	if err := emu.SetSlidingRateLimit(ctx, teardownIA, trutoLimit, trutoWindow); err != nil {
		return nil, err
	}
	defer func() { _ = emu.SetRateLimit(ctx, teardownIA, -1, trutoWindow) }()
	if err := emu.ResetCounts(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "teardown, %s state: destroy of %d contacts at %d per %s, -parallelism=%d ... ", s.name,
		o.teardownN, trutoLimit, trutoWindow, parallelism)
	if o.cpuprofile != "" {
		profiles := filepath.Join(o.cpuprofile, "teardown-"+strings.Fields(s.name)[0])
		if err := os.MkdirAll(profiles, 0o755); err != nil {
			return nil, err
		}
		w.Env = append(w.Env, "TRUTO_BENCH_CPUPROFILE_DIR="+profiles)
	}
	res := w.Run(ctx, "destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false",
		"-parallelism="+strconv.Itoa(parallelism))
	if err := res.Err(); err != nil {
		return nil, err
	}
	return teardownOutcome(ctx, stdout, emu, o, s.name, parallelism, res)
}

// teardownOutcome counts the requests of the run res and the contacts left.
func teardownOutcome(ctx context.Context, stdout io.Writer, emu *harness.Emulator, o *options, name string, parallelism int,
	res *harness.Result) (*teardownResult, error) {
	r := &teardownResult{State: name, Contacts: o.teardownN, Parallelism: parallelism, Wall: res.Elapsed, CPU: res.CPU}
	reqs, err := emu.Requests(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range reqs {
		switch {
		case q.Status == 429:
			r.Rejected429++
		case q.Method == "POST" && strings.HasSuffix(q.Path, "/batch-delete"):
			r.BatchDeletes++
		case q.Method == "DELETE":
			r.Deletes++
		default:
			r.Others++
		}
	}
	left, err := emu.RecordsIn(ctx, teardownIA, "contacts")
	if err != nil {
		return nil, err
	}
	r.Left = len(left)
	r.Met = r.Left == 0 && r.BatchDeletes+r.Deletes+r.Others <= 15 && r.Wall < 20*time.Second
	fmt.Fprintf(stdout, "%.2fs (CPU %.1fs), %d batch-deletes + %d DELETEs + %d other requests, %d answered 429, %d contacts left\n",
		r.Wall.Seconds(), r.CPU.Seconds(), r.BatchDeletes, r.Deletes, r.Others, r.Rejected429, r.Left)
	return r, nil
}

// teardownFloor destroys N terraform_data instances with the teardown's flags and state storage.
func teardownFloor(ctx context.Context, stdout io.Writer, bins *harness.Binaries, o *options, dir string,
	s teardownState) (time.Duration, error) {
	w, err := bins.NewWorkdir(dir, nil, "")
	if err != nil {
		return 0, err
	}
	if err := prepare(ctx, w, s); err != nil {
		return 0, err
	}
	if err := w.WriteConfig(teardownFloorConfig(s.backend, o.teardownN)); err != nil {
		return 0, err
	}
	if res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=100"); res.Err() != nil {
		return 0, res.Err()
	}
	fmt.Fprintf(stdout, "teardown, %s state: destroy of %d terraform_data ... ", s.name, o.teardownN)
	res := w.Run(ctx, "destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false", "-parallelism=100")
	if err := res.Err(); err != nil {
		return 0, err
	}
	fmt.Fprintf(stdout, "%.2fs\n", res.Elapsed.Seconds())
	return res.Elapsed, nil
}

// stateServer is the remote state store of Terraform's http backend: GET, POST and DELETE of one
// state per path, in memory, on 127.0.0.1.
type stateServer struct {
	*httptest.Server
	mu     sync.Mutex
	states map[string][]byte
}

func newStateServer() *stateServer {
	s := &stateServer{states: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func (s *stateServer) backend(name string) string {
	return fmt.Sprintf("  backend \"http\" {\n    address = %q\n  }\n", s.URL+"/"+name)
}

func (s *stateServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		b, ok := s.states[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write(b)
	case http.MethodPost:
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.states[r.URL.Path] = b
	case http.MethodDelete:
		delete(s.states, r.URL.Path)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func renderTeardown(b *strings.Builder, rs []teardownResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(b, "\nTeardown at Truto's limit (%d requests in any %s), default HubSpot profile with batch-delete\n\n",
		trutoLimit, trutoWindow)
	fmt.Fprintln(b, "| state | contacts | -parallelism | requests (batch-deletes + DELETEs + other) | 429 answers | wall | CPU (terraform + provider) | terraform_data, same flags | left | target |")
	fmt.Fprintln(b, "|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		// The exclusive set's apply is one resource: neither -parallelism nor terraform_data's floor
		// applies, and the target is the destroy's.
		parallelism, floor, verdict := "–", "–", "–"
		if r.Parallelism > 0 {
			parallelism, floor, verdict = strconv.Itoa(r.Parallelism), fmt.Sprintf("%.2f s", r.FloorWall.Seconds()), "met"
			if !r.Met {
				verdict = "missed"
			}
			verdict = "<= 15 requests, < 20 s " + verdict
		}
		fmt.Fprintf(b, "| %s | %d | %s | %d (%d + %d + %d) | %d | %.2f s | %.1f s | %s | %d | %s |\n",
			r.State, r.Contacts, parallelism, r.BatchDeletes+r.Deletes+r.Others, r.BatchDeletes, r.Deletes, r.Others,
			r.Rejected429, r.Wall.Seconds(), r.CPU.Seconds(), floor, r.Left, verdict)
	}
}
