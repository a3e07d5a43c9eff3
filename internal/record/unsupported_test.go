package record

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// An attribute the integration cannot write is an error on it under "error", one warning per kind
// and attribute under "skip" (however many writes), nothing under "send"; an update that does not
// change it sends nothing and is not checked; a write that skips it says so at apply.
func TestPlanChecks_unwritableFields(t *testing.T) {
	emu := emulator.New(emulator.Options{
		Token: testToken,
		Accounts: []emulator.IntegratedAccount{{ID: testIA, Profile: emulator.Profile{
			Collections: map[string]emulator.CollectionProfile{"contacts": {
				UnwritableFields: map[string][]string{"create": {"title"}, "update": {"title"}},
			}},
		}}},
		AccountRateLimit: emulator.RateLimit{Requests: -1},
		TokenRateLimit:   emulator.RateLimit{Requests: -1},
	})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	config := map[string]tftypes.Value{"last_name": str("Doe"), "title": str("CTO")}
	write := func(method, mode string, prior map[string]tftypes.Value) plannedWrite {
		return plannedWrite{k: contactKind, ia: testIA, method: method, config: config, plan: config, prior: prior, unsupported: mode}
	}
	ctx := context.Background()

	checks := newPlanChecks(client)
	var diags diag.Diagnostics
	checks.check(ctx, write("create", UnsupportedError, nil), &diags)
	if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Summary(), "HubSpot cannot write title on contacts (create)") {
		t.Fatalf("error mode: %v", diags)
	}
	if d, ok := diags.Errors()[0].(diag.DiagnosticWithPath); !ok || !d.Path().Equal(path.Root("title")) {
		t.Errorf("the error is not on title: %v", diags.Errors()[0])
	}

	warnings := 0
	for _, method := range []string{"create", "update", "create"} {
		var d diag.Diagnostics
		prior := map[string]tftypes.Value{"last_name": str("Doe"), "title": str("CEO")}
		checks.check(ctx, write(method, UnsupportedSkip, prior), &d)
		if d.HasError() {
			t.Errorf("skip mode: %v", d)
		}
		warnings += d.WarningsCount()
	}
	if warnings != 1 {
		t.Errorf("%d warnings for title under skip, want 1 per kind and attribute", warnings)
	}
	if got := checks.skipped(ctx, write("create", UnsupportedSkip, nil)); len(got) != 1 || got[0] != "title" {
		t.Errorf("skipped at apply = %v, want [title]", got)
	}

	diags = nil
	checks.check(ctx, write("create", UnsupportedSend, nil), &diags)
	checks.check(ctx, write("update", UnsupportedError, config), &diags) // title unchanged: not sent
	if len(diags) != 0 {
		t.Errorf("send mode or an unchanged attribute: %v", diags)
	}
	if got := checks.skipped(ctx, write("update", UnsupportedSkip, config)); len(got) != 0 {
		t.Errorf("an unchanged attribute skipped: %v", got)
	}
}
