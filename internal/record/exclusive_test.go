package record

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// exclusiveFixture is the resource over the test kinds, configured against an emulator holding
// n contacts marked source = "fixture".
func exclusiveFixture(t *testing.T, n int) (*exclusiveResource, *emulator.Server) {
	t.Helper()
	emu := emulator.New(emulator.Options{Token: testToken, Accounts: []emulator.IntegratedAccount{{ID: testIA}},
		AccountRateLimit: emulator.RateLimit{Requests: -1}, TokenRateLimit: emulator.RateLimit{Requests: -1}, Seed: 1})
	for i := range n {
		emu.In("contacts").Seed(testIA, map[string]any{"first_name": fmt.Sprint("Stray", i),
			"custom_fields": map[string]any{"source": "fixture"}})
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := NewExclusiveResource([]*Kind{accountKind, contactKind})().(*exclusiveResource)
	if !ok {
		t.Fatal("not an exclusiveResource")
	}
	r.data = NewProviderData(client, testIA, false)
	return r, emu
}

func (r *exclusiveResource) schema(t *testing.T) tfsdk.Plan {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return tfsdk.Plan{Schema: resp.Schema, Raw: tftypes.NewValue(resp.Schema.Type().TerraformType(context.Background()), nil)}
}

func exclusiveValue(t *testing.T, r *exclusiveResource, m exclusiveModel) tfsdk.Plan {
	t.Helper()
	p := r.schema(t)
	if d := p.Set(context.Background(), &m); d.HasError() {
		t.Fatal(d)
	}
	return p
}

func matchFixture(t *testing.T, r *exclusiveResource) types.Object {
	t.Helper()
	p := r.schema(t)
	typ, ok := p.Schema.GetAttributes()[exclMatch].GetType().(types.ObjectType)
	if !ok {
		t.Fatal("match is not an object")
	}
	vals := map[string]attr.Value{}
	for name, at := range typ.AttrTypes {
		switch name {
		case customFieldsName:
			vals[name] = types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"source": types.StringType},
				map[string]attr.Value{"source": types.StringValue("fixture")}))
		default:
			v, _ := at.ValueFromTerraform(context.Background(), tftypes.NewValue(at.TerraformType(context.Background()), nil))
			vals[name] = v
		}
	}
	return types.ObjectValueMust(typ.AttrTypes, vals)
}

// A plan with strays and strays = "report" gives one warning naming 20 of them, then counting the
// rest; a plan with strays = "delete" over a state that holds them plans stray_ids = [] and no
// warning (the plan lists them).
func TestExclusivePlan_reportWarningAndDeletePlan(t *testing.T) {
	r, _ := exclusiveFixture(t, 23)
	ctx := context.Background()
	m := exclusiveModel{ID: types.StringUnknown(), Kind: types.StringValue("contact"), IntegratedAccountID: types.StringNull(),
		Match: matchFixture(t, r), IDs: types.SetNull(types.StringType), Strays: types.StringValue(straysReport),
		MaxDeletions: types.Int64Value(25), StrayIDs: types.ListUnknown(strayType)}
	config := m
	config.Strays, config.MaxDeletions = types.StringNull(), types.Int64Null()
	plan := exclusiveValue(t, r, m)
	req := resource.ModifyPlanRequest{Plan: plan, Config: tfsdk.Config(exclusiveValue(t, r, config)),
		State: tfsdk.State{Schema: plan.Schema, Raw: tftypes.NewValue(plan.Raw.Type(), nil)}}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, req, &resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics: %v", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	if w.Summary() != "23 stray contacts" || !strings.Contains(w.Detail(), "23 contacts of integrated account \"ia-hubspot\" match and are not in ids:") ||
		strings.Count(w.Detail(), "\n  ") != 21 || !strings.Contains(w.Detail(), "\n  ... and 3 more\n") ||
		!strings.Contains(w.Detail(), `strays = "report": nothing is deleted.`) {
		t.Errorf("warning: %s\n%s", w.Summary(), w.Detail())
	}

	// strays = "delete" over a state holding the strays.
	var state exclusiveModel
	req.State = tfsdk.State(resp.Plan)
	if d := req.State.Get(ctx, &state); d.HasError() {
		t.Fatal(d)
	}
	recs, err := r.strays(ctx, contactKind, testIA, m.Match, nil)
	if err != nil {
		t.Fatal(err)
	}
	state.ID, state.StrayIDs, state.IntegratedAccountID = types.StringValue(testIA+"/contact"), contactKind.strayList(recs), types.StringValue(testIA)
	req.State = tfsdk.State(exclusiveValue(t, r, state))
	m.Strays = types.StringValue(straysDelete)
	config.Strays = m.Strays
	req.Plan, req.Config = exclusiveValue(t, r, m), tfsdk.Config(exclusiveValue(t, r, config))
	resp = resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, &resp)
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", resp.Diagnostics)
	}
	var got exclusiveModel
	if d := resp.Plan.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if got.StrayIDs.IsUnknown() || len(got.StrayIDs.Elements()) != 0 || got.IntegratedAccountID.ValueString() != testIA {
		t.Errorf("planned stray_ids %v, integrated_account_id %v", got.StrayIDs, got.IntegratedAccountID)
	}
}
