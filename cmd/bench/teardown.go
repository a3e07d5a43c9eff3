package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// The teardown: a destroy of N contacts at Truto's limit (50 requests per 10 s, the emulator's
// strict sliding log) on the emulator's default HubSpot profile, which has batch-delete for
// contacts: the provider groups the concurrent deletes into batch-delete calls of up to 100 ids.
// Terraform deletes at most -parallelism resources at a time, so the destroy runs with
// -parallelism=100, and with -refresh=false (a refresh costs N/100 list pages on its own; see the
// rate-limited refresh). The contacts are created first, unpaced.

const teardownIA = "ia-teardown"

type teardownResult struct {
	Contacts     int           `json:"contacts"`
	Parallelism  int           `json:"parallelism"`
	BatchDeletes int           `json:"batch_deletes"`
	Deletes      int           `json:"deletes"`
	Others       int           `json:"other_requests"`
	Rejected429  int           `json:"rejected_429"`
	Wall         time.Duration `json:"wall_ns"`
	Left         int           `json:"contacts_left"`
	Met          bool          `json:"met"`
}

func teardownConfig(n int, providerAttrs string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

provider "truto" {
%s
}

resource "truto_crm_contact" "c" {
  count      = %d
  first_name = "teardown-${count.index}"
}
`, providerAttrs, n)
}

func teardownRun(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string) (*teardownResult, error) {
	const parallelism = 100
	w, err := bins.NewWorkdir(dir, emu, teardownIA, o.env...)
	if err != nil {
		return nil, err
	}
	if err := w.WriteConfig(teardownConfig(o.teardownN, "  rate_limit_per_account = 1000000\n  rate_limit_per_token   = 1000000")); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "teardown: creating %d contacts ...\n", o.teardownN)
	if res := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"); res.Err() != nil {
		return nil, res.Err()
	}
	if err := w.WriteConfig(teardownConfig(o.teardownN, "")); err != nil {
		return nil, err
	}
	if err := emu.SetSlidingRateLimit(ctx, teardownIA, trutoLimit, trutoWindow); err != nil {
		return nil, err
	}
	defer func() { _ = emu.SetRateLimit(ctx, teardownIA, -1, trutoWindow) }()
	if err := emu.ResetCounts(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "teardown: destroy of %d contacts at %d per %s, -parallelism=%d ... ", o.teardownN, trutoLimit,
		trutoWindow, parallelism)
	res := w.Run(ctx, "destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false",
		"-parallelism="+strconv.Itoa(parallelism))
	if err := res.Err(); err != nil {
		return nil, err
	}
	r := &teardownResult{Contacts: o.teardownN, Parallelism: parallelism, Wall: res.Elapsed}
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
	fmt.Fprintf(stdout, "%.2fs, %d batch-deletes + %d DELETEs + %d other requests, %d answered 429, %d contacts left\n",
		r.Wall.Seconds(), r.BatchDeletes, r.Deletes, r.Others, r.Rejected429, r.Left)
	return r, nil
}

func renderTeardown(b *strings.Builder, r *teardownResult) {
	if r == nil {
		return
	}
	verdict := "met"
	if !r.Met {
		verdict = "missed"
	}
	fmt.Fprintf(b, "\nTeardown at Truto's limit (%d requests in any %s), default HubSpot profile with batch-delete\n\n",
		trutoLimit, trutoWindow)
	fmt.Fprintln(b, "| contacts | -parallelism | requests (batch-deletes + DELETEs + other) | 429 answers | wall | left | target |")
	fmt.Fprintln(b, "|---|---|---|---|---|---|---|")
	fmt.Fprintf(b, "| %d | %d | %d (%d + %d + %d) | %d | %.2f s | %d | <= 15 requests, < 20 s %s |\n", r.Contacts,
		r.Parallelism, r.BatchDeletes+r.Deletes+r.Others, r.BatchDeletes, r.Deletes, r.Others, r.Rejected429,
		r.Wall.Seconds(), r.Left, verdict)
}
