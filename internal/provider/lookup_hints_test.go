package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A stages filter on a pipeline the CRM does not have warns, naming the pipelines it has; a
// pipeline that exists but whose stages other filters left out does not.
func TestWarnNoSuchPipeline(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	stages := env.emu.In("stages")
	for _, p := range []struct{ id, name string }{{"pipeline-sales", "Sales Pipeline"}, {"renewals", "Renewals"}} {
		stages.Seed(testIA, map[string]any{"name": "Proposal", "pipeline": map[string]any{"id": p.id, "name": p.name}})
	}
	client, err := truto.New(truto.Config{BaseURL: env.url, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	opts := truto.RequestOptions{IntegratedAccountID: testIA}

	var diags diag.Diagnostics
	warnNoSuchPipeline(context.Background(), client, opts, "default", &diags)
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	w := diags.Warnings()[0]
	for _, want := range []string{`pipeline "default"`, `"pipeline-sales" (Sales Pipeline)`, `"renewals" (Renewals)`} {
		if !strings.Contains(w.Detail(), want) {
			t.Errorf("warning %q: %q does not say %s", w.Summary(), w.Detail(), want)
		}
	}

	diags = nil
	warnNoSuchPipeline(context.Background(), client, opts, "renewals", &diags)
	if len(diags) != 0 {
		t.Errorf("an existing pipeline: %v, want no diagnostic", diags)
	}
}
