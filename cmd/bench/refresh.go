package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// The rate-limited refresh: what a plan costs at Truto's own limit (50 requests per 10 s to one
// integrated account), enforced by the emulator exactly and strictly (a sliding log measured when
// requests arrive), with the provider's default pacing. For N records, with list-backed refresh and
// without; for a few records managed in a CRM holding many (the list must not be scanned); and a
// paced apply, which must draw no 429 from such a limiter.

const (
	trutoLimit  = 50
	trutoWindow = 10 * time.Second
)

type refreshResult struct {
	Case        string        `json:"case"`
	Managed     int           `json:"managed"`
	CRMHolds    int           `json:"crm_holds"`
	ListRefresh bool          `json:"list_refresh"`
	Pages       int           `json:"list_pages"`
	Gets        int           `json:"gets"`
	Writes      int           `json:"writes"`
	Rejected429 int           `json:"rejected_429"`
	Wall        time.Duration `json:"wall_ns"`
	PeakRSS     int64         `json:"provider_peak_rss_bytes"`
	Target      string        `json:"target,omitempty"`
	Met         bool          `json:"met"`
}

// refreshIAs are the integrated accounts of the refresh runs, one per case.
func refreshIAs(o *options) []string {
	ias := []string{"ia-strict-apply", "ia-sparse"}
	for _, n := range o.refreshNs {
		ias = append(ias, "ia-refresh-"+strconv.Itoa(n))
	}
	return ias
}

func refreshRuns(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string) ([]refreshResult, error) {
	var out []refreshResult
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	plan := []string{"plan", "-input=false", "-no-color", par}
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", par}
	fast := "  rate_limit_per_account = 1000000\n  rate_limit_per_token   = 1000000"

	// A paced apply against the strict limiter: 3 windows' worth of creates.
	{
		const ia, n = "ia-strict-apply", 3 * trutoLimit
		w, err := bins.NewWorkdir(filepath.Join(dir, ia), emu, ia, o.env...)
		if err != nil {
			return nil, err
		}
		if err := w.WriteConfig(trutoConfig(n, "")); err != nil {
			return nil, err
		}
		r, err := measure(ctx, stdout, bins, emu, w, ia, apply, refreshResult{Case: "paced apply", Managed: n, CRMHolds: n,
			ListRefresh: true, Target: "no 429"})
		if err != nil {
			return nil, err
		}
		r.Met = r.Rejected429 == 0
		out = append(out, r)
	}

	for _, n := range o.refreshNs {
		ia := "ia-refresh-" + strconv.Itoa(n)
		w, err := bins.NewWorkdir(filepath.Join(dir, ia), emu, ia, o.env...)
		if err != nil {
			return nil, err
		}
		// Create the records unpaced (the emulator does not limit this account yet), then plan
		// at Truto's limit with the provider's defaults.
		if err := w.WriteConfig(trutoConfig(n, fast)); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "refresh: creating %d accounts ...\n", n)
		if res := w.Run(ctx, apply...); res.Err() != nil {
			return nil, res.Err()
		}
		for _, listRefresh := range []bool{true, false} {
			if !listRefresh && !o.refreshCompare {
				continue
			}
			attrs := ""
			if !listRefresh {
				attrs = "  list_refresh = false"
			}
			if err := w.WriteConfig(trutoConfig(n, attrs)); err != nil {
				return nil, err
			}
			r, err := measure(ctx, stdout, bins, emu, w, ia, plan, refreshResult{Case: "plan", Managed: n, CRMHolds: n,
				ListRefresh: listRefresh})
			if err != nil {
				return nil, err
			}
			if listRefresh && n >= 1000 {
				r.Target = "<= 15 requests, < 10 s, < 100 MB"
				r.Met = r.Pages+r.Gets <= 15 && r.Wall < 10*time.Second && r.PeakRSS < 100<<20
			}
			out = append(out, r)
		}
	}

	// 10 records managed in a CRM of 5,000.
	{
		const ia = "ia-sparse"
		managed, holds := o.sparse[0], o.sparse[1]
		fmt.Fprintf(stdout, "refresh: seeding %d accounts ...\n", holds-managed)
		for i := range holds - managed {
			if _, err := emu.SeedIn(ctx, ia, "accounts", map[string]any{"name": fmt.Sprintf("unmanaged-%d", i)}); err != nil {
				return nil, err
			}
		}
		w, err := bins.NewWorkdir(filepath.Join(dir, ia), emu, ia, o.env...)
		if err != nil {
			return nil, err
		}
		if err := w.WriteConfig(trutoConfig(managed, fast)); err != nil {
			return nil, err
		}
		if res := w.Run(ctx, apply...); res.Err() != nil {
			return nil, res.Err()
		}
		if err := w.WriteConfig(trutoConfig(managed, "")); err != nil {
			return nil, err
		}
		r, err := measure(ctx, stdout, bins, emu, w, ia, plan, refreshResult{Case: "plan, sparse", Managed: managed,
			CRMHolds: holds, ListRefresh: true, Target: fmt.Sprintf("<= %d requests", managed+2)})
		if err != nil {
			return nil, err
		}
		r.Met = r.Pages+r.Gets <= managed+2
		out = append(out, r)
	}
	return out, nil
}

// measure runs one terraform command against ia limited like Truto, and counts its requests.
func measure(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, w *harness.Workdir,
	ia string, args []string, r refreshResult) (refreshResult, error) {
	if err := emu.SetSlidingRateLimit(ctx, ia, trutoLimit, trutoWindow); err != nil {
		return r, err
	}
	defer func() { _ = emu.SetRateLimit(ctx, ia, -1, trutoWindow) }()
	if err := emu.ResetCounts(ctx); err != nil {
		return r, err
	}
	fmt.Fprintf(stdout, "%s: %d managed, CRM holds %d, list_refresh %v ... ", r.Case, r.Managed, r.CRMHolds, r.ListRefresh)
	rss := harness.WatchRSS(bins.Provider, 20*time.Millisecond)
	res := w.Run(ctx, args...)
	r.PeakRSS, _ = rss.Stop()
	if err := res.Err(); err != nil {
		return r, err
	}
	r.Wall = res.Elapsed
	reqs, err := emu.Requests(ctx)
	if err != nil {
		return r, err
	}
	for _, q := range reqs {
		switch {
		case q.Status == 429:
			r.Rejected429++
		case q.Method == "GET" && strings.Count(q.Path, "/") == 3: // /unified/crm/accounts
			r.Pages++
		case q.Method == "GET":
			r.Gets++
		default:
			r.Writes++
		}
	}
	fmt.Fprintf(stdout, "%.2fs, %d pages + %d GETs (%d writes), %d answered 429, peak RSS %.1f MB\n",
		r.Wall.Seconds(), r.Pages, r.Gets, r.Writes, r.Rejected429, mb(r.PeakRSS))
	return r, nil
}

func renderRefresh(b *strings.Builder, rs []refreshResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(b, "\nAt Truto's limit: the emulator allows exactly %d requests in any %s (a sliding log measured on "+
		"arrival); the provider's default pacing\n\n", trutoLimit, trutoWindow)
	fmt.Fprintln(b, "| case | records managed | CRM holds | list_refresh | requests (list pages + GETs) | writes | 429 answers | wall | provider peak RSS | target |")
	fmt.Fprintln(b, "|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		target := "–"
		if r.Target != "" {
			verdict := "met"
			if !r.Met {
				verdict = "missed"
			}
			target = r.Target + " " + verdict
		}
		fmt.Fprintf(b, "| %s | %d | %d | %v | %d (%d + %d) | %d | %d | %.2f s | %.1f MB | %s |\n", r.Case, r.Managed,
			r.CRMHolds, r.ListRefresh, r.Pages+r.Gets, r.Pages, r.Gets, r.Writes, r.Rejected429, r.Wall.Seconds(),
			mb(r.PeakRSS), target)
	}
}
