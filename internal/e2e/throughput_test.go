package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// Under a rate limit the provider keeps the integrated account busy: at default parallelism it
// achieves at least 90% of the allowed rate, and no 429 reaches the user.
//
// Measurement: the emulator's counters are polled every 10 ms during the apply; the window runs
// from the first to the last accepted request, plus one rate-limit window. A client that fills every
// window exactly and starts the next one as soon as it opens sends k*R requests with k-1 windows
// between the first and the last, so it scores exactly R per window.
//
// Two shapes of limit:
//   - Truto's own, 50 requests per 10 s per integrated account: the provider's default
//     rate_limit_per_account (50 per 10 s) is exactly that limit, so nothing is configured.
//   - A CRM's per-second limit forwarded by Truto, 20 per 1 s: rate_limit_per_account counts per
//     10 s, so it is set to the same average (200) and never binds within a second; the pacing
//     comes from the ratelimit-remaining / ratelimit-reset headers the emulator sends.
func TestThroughputUnderRateLimit(t *testing.T) {
	requireE2E(t)
	cases := []struct {
		name          string
		r             int
		window        time.Duration
		n             int
		providerAttrs string
	}{
		// Both measure the pacing of writes, with the plan-time checks off: their two requests per
		// process would push N creates (N a multiple of R) into one more window, which this score
		// charges as a whole window. What the checks cost is measured in TestPlanChecksCost.
		{name: "truto_50_per_10s", r: 50, window: 10 * time.Second, n: 100, providerAttrs: "  capability_checks = false"},
		{name: "crm_20_per_1s", r: 20, window: time.Second, n: 200,
			providerAttrs: "  rate_limit_per_account = 200\n  capability_checks = false"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			const ia = "ia-throughput"
			emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia},
				Rate: fmt.Sprintf("%d/%s", tc.r, tc.window), Seed: 5})
			w := workdir(t, emu, ia)
			if err := w.WriteConfig(accountsConfig("rate", tc.n, tc.providerAttrs)); err != nil {
				t.Fatal(err)
			}
			watch := emu.WatchCounts(t.Context(), 10*time.Millisecond)
			res := w.Run(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false")
			samples := watch.Stop()
			if err := res.Err(); err != nil {
				t.Fatal(err) // a 429 that reached the user fails the apply
			}
			counts, err := emu.Counts(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			accepted := func(c map[string]int) int { return c["POST"] - c["429"] }
			first, last, ok := harness.Activity(samples, accepted)
			if !ok {
				t.Fatal("no request seen while polling")
			}
			span := last.Sub(first)
			perWindow := float64(accepted(counts)) / (span + tc.window).Seconds() * tc.window.Seconds()
			ratio := perWindow / float64(tc.r)
			t.Logf("apply %s: %d accepted POSTs, %d answered 429, first to last %s: %.2f per %s = %.1f%% of R=%d",
				res.Elapsed.Round(time.Millisecond), accepted(counts), counts["429"], span.Round(time.Millisecond),
				perWindow, tc.window, 100*ratio, tc.r)
			if accepted(counts) != tc.n {
				t.Errorf("%d accepted creates, want %d", accepted(counts), tc.n)
			}
			if ratio < 0.9 {
				t.Errorf("achieved %.1f%% of the rate limit, want >= 90%%", 100*ratio)
			}
			if counts["429"] > tc.n/20 {
				t.Errorf("%d requests answered 429, want at most %d (5%%): the client should pace itself", counts["429"], tc.n/20)
			}
		})
	}
}
