package record

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// pipelineConfig is a list configuration filtered on a pipeline.
func pipelineConfig(id string) map[string]tftypes.Value {
	return map[string]tftypes.Value{"pipeline_id": tftypes.NewValue(tftypes.String, id)}
}

// A stages filter (ByParent) on a pipeline the CRM does not have warns, naming the pipelines it
// has; a pipeline that exists but whose stages other filters left out does not.
func TestWarnNoSuchPipeline(t *testing.T) {
	emu := emulator.New(emulator.Options{Token: testToken, Accounts: []emulator.IntegratedAccount{{ID: testIA}},
		AccountRateLimit: emulator.RateLimit{Requests: -1}, TokenRateLimit: emulator.RateLimit{Requests: -1}})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	stageKind := Declare(Spec{Noun: "stage", Plural: "stages", ListOnly: true,
		Fields:  []Field{Text("name", "N."), NamedRef("pipeline", "P.", "Id.", "Name.")},
		Filters: []Filter{ByParent("pipeline", "of this pipeline id")}})
	stages := emu.In("stages")
	for _, p := range []struct{ id, name string }{{"pipeline-sales", "Sales Pipeline"}, {"renewals", "Renewals"}} {
		stages.Seed(testIA, map[string]any{"name": "Proposal", "pipeline": map[string]any{"id": p.id, "name": p.name}})
	}
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	opts := truto.RequestOptions{IntegratedAccountID: testIA}

	var diags diag.Diagnostics
	stageKind.warnNoSuchParent(context.Background(), client, opts, pipelineConfig("default"), &diags)
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
	stageKind.warnNoSuchParent(context.Background(), client, opts, pipelineConfig("renewals"), &diags)
	if len(diags) != 0 {
		t.Errorf("an existing pipeline: %v, want no diagnostic", diags)
	}
}
