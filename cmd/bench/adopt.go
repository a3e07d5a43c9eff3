package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// The adopt_by run: N adopting creates that match nothing in a CRM already holding M records, at
// Truto's limit, planned and applied as two processes (plan -out, apply of the plan). Their lookups
// must cost at most min(N, ceil(M/100)) + 2 list requests in each process, not a list each.

const adoptIA = "ia-adopt"

func adoptRuns(ctx context.Context, stdout io.Writer, bins *harness.Binaries, emu *harness.Emulator, o *options,
	dir string) ([]refreshResult, error) {
	n, holds := o.adopt[0], o.adopt[1]
	fmt.Fprintf(stdout, "adopt_by: seeding %d accounts ...\n", holds)
	for i := range holds {
		if _, err := emu.SeedIn(ctx, adoptIA, "accounts", map[string]any{"name": fmt.Sprintf("existing-%d", i)}); err != nil {
			return nil, err
		}
	}
	w, err := bins.NewWorkdir(filepath.Join(dir, adoptIA), emu, adoptIA, o.env...)
	if err != nil {
		return nil, err
	}
	if err := w.WriteConfig(adoptConfig(n)); err != nil {
		return nil, err
	}
	bound := min(n, (holds+99)/100) + 2
	target := fmt.Sprintf("<= %d list requests", bound)
	par := fmt.Sprintf("-parallelism=%d", o.parallelism)
	var out []refreshResult
	for _, step := range []struct {
		name string
		args []string
	}{
		{"adopt_by plan", []string{"plan", "-input=false", "-no-color", par, "-out=adopt.tfplan"}},
		{"adopt_by apply", []string{"apply", "-input=false", "-no-color", par, "adopt.tfplan"}},
	} {
		r, err := measure(ctx, stdout, bins, emu, w, adoptIA, step.args, refreshResult{Case: step.name, Managed: n,
			CRMHolds: holds, ListRefresh: true, Target: target})
		if err != nil {
			return nil, err
		}
		r.Met = r.Pages <= bound
		out = append(out, r)
	}
	return out, nil
}

// adoptConfig is n accounts adopted by name, none of which the CRM holds yet.
func adoptConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    truto = { source = "truto/truto" }
  }
}

provider "truto" {}

resource "truto_crm_account" "a" {
  count    = %d
  adopt_by = ["name"]
  name     = "adopt-${count.index}"
}
`, n)
}
