package e2e

import (
	"sync"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// Two Terraform runs (two provider processes, two states) apply at the same time to one
// integrated account whose rate limit is tight. Their client-side limiters do not know about each
// other, so the emulator answers some requests 429; the retries (Retry-After, shared back-off
// within each process) must absorb every one of them.
func TestTwoProvidersShareAnAccount(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const n, ia = 20, "ia-shared"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Rate: "10/1s", Seed: 3})
	works := []*harness.Workdir{workdir(t, emu, ia), workdir(t, emu, ia)}
	for i, w := range works {
		if err := w.WriteConfig(accountsConfig([]string{"left", "right"}[i], n, "")); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	results := make([]*harness.Result, len(works))
	var wg sync.WaitGroup
	for i, w := range works {
		wg.Go(func() {
			results[i] = w.Run(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false")
		})
	}
	wg.Wait()
	for i, res := range results {
		if err := res.Err(); err != nil {
			t.Errorf("apply %d: %v", i, err)
		}
	}
	counts, err := emu.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("both applies done in %s; emulator counts %v (429s were retried)", time.Since(start).Round(time.Millisecond), counts)
	reqs, err := emu.Requests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	created := 0
	for _, r := range reqs {
		if r.Method == "POST" && r.Status/100 == 2 {
			created++
		}
	}
	if created != 2*n {
		t.Errorf("%d POSTs were accepted, want exactly %d (one per account)", created, 2*n)
	}
	checkConsistent(t, emu, ia, 2*n, works...)
}
