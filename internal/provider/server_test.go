package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// aState is a stored truto_crm_account state as Terraform keeps it (JSON), with an attribute a
// previous schema had, which must be ignored.
const aState = `{"id":"42","integrated_account_id":"ia","name":"Acme","website":null,"description":"",
"industry":null,"number_of_employees":3,"owner":{"id":"u1"},"addresses":null,
"phone_numbers":[{"id":"p1","number":"+1","extension":null,"type":"work"}],"urls":[],"tags":null,
"custom_fields":{"value":{"tier":"gold","seats":10},"type":["object",{"tier":"string","seats":"number"}]},
"remote_data":null,"remote_query":null,"created_at":"2020-01-01T00:00:00Z","updated_at":null,
"last_activity_at":null,"deletion_policy":"delete","timeouts":null,"removed_attribute":"x"}`

func TestUpgradeResourceStateFastPathMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	req := func() *tfprotov6.UpgradeResourceStateRequest {
		return &tfprotov6.UpgradeResourceStateRequest{TypeName: crmAccountTypeName, Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(aState)}}
	}
	framework := providerserver.NewProtocol6(New("test")())()
	if _, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	want, err := framework.UpgradeResourceState(ctx, req())
	if err != nil || len(want.Diagnostics) > 0 {
		t.Fatalf("framework: %v %v", err, want.Diagnostics)
	}
	got, err := NewServer("test")().UpgradeResourceState(ctx, req())
	if err != nil || len(got.Diagnostics) > 0 {
		t.Fatalf("fast path: %v %v", err, got.Diagnostics)
	}
	typ := accountSchema().objType
	wv, _ := want.UpgradedState.Unmarshal(typ)
	gv, _ := got.UpgradedState.Unmarshal(typ)
	if !gv.Equal(wv) {
		t.Errorf("fast path differs from the framework:\n got %s\nwant %s", gv, wv)
	}
}

func TestNoOpPlanShortcut(t *testing.T) {
	typ := accountSchema().objType
	state, err := (&tfprotov6.RawState{JSON: []byte(aState)}).UnmarshalWithOpts(typ,
		tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		t.Fatal(err)
	}
	prior, _ := tfprotov6.NewDynamicValue(typ, state)
	null, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	var attrs map[string]tftypes.Value
	_ = state.As(&attrs)
	attrs["name"] = tftypes.NewValue(tftypes.String, "Changed")
	changed, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))

	cases := []struct {
		name            string
		prior, proposed *tfprotov6.DynamicValue
		want            bool
	}{
		{"unchanged", &prior, &prior, true},
		{"changed", &prior, &changed, false},
		{"create", &null, &prior, false},
		{"destroy", &prior, &null, false},
	}
	for _, c := range cases {
		req := &tfprotov6.PlanResourceChangeRequest{TypeName: crmAccountTypeName, PriorState: c.prior, ProposedNewState: c.proposed}
		if got := isNoOpPlan(req); got != c.want {
			t.Errorf("%s: isNoOpPlan = %v, want %v", c.name, got, c.want)
		}
	}
}

// The explicit codec must agree with the framework's reflection-based Get and Set.
func TestAccountCodecRoundTripsLikeTheFramework(t *testing.T) {
	ctx := context.Background()
	typ := accountSchema().objType
	raw, err := (&tfprotov6.RawState{JSON: []byte(aState)}).UnmarshalWithOpts(typ,
		tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		t.Fatal(err)
	}
	var resp resource.SchemaResponse
	NewCRMAccountResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	st := tfsdk.State{Schema: resp.Schema, Raw: raw}
	var viaFramework accountModel
	if diags := st.Get(ctx, &viaFramework); diags.HasError() {
		t.Fatal(diags)
	}
	viaCodec, err := accountFromTerraform(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if !viaCodec.Name.Equal(viaFramework.Name) || !viaCodec.PhoneNumbers.Equal(viaFramework.PhoneNumbers) ||
		!viaCodec.CustomFields.Equal(viaFramework.CustomFields) || !viaCodec.CreatedAt.Equal(viaFramework.CreatedAt) ||
		!viaCodec.Timeouts.Equal(viaFramework.Timeouts) || !viaCodec.Owner.Equal(viaFramework.Owner) {
		t.Errorf("codec and framework decode differently:\n codec %+v\n  fw   %+v", viaCodec, viaFramework)
	}
	back, err := accountToTerraform(ctx, viaCodec)
	if err != nil {
		t.Fatal(err)
	}
	out := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(typ, nil)}
	if diags := out.Set(ctx, viaFramework); diags.HasError() {
		t.Fatal(diags)
	}
	if !back.Equal(out.Raw) || !back.Equal(raw) {
		t.Errorf("codec encodes differently from the framework:\n codec %s\n  fw   %s", back, out.Raw)
	}
}

// The no-op shortcut must answer exactly what the framework answers, including when a schema
// default would change a value the configuration no longer sets.
func TestNoOpPlanShortcutAgreesWithTheFramework(t *testing.T) {
	ctx := context.Background()
	typ := accountSchema().objType
	decode := func(js string) map[string]tftypes.Value {
		v, err := (&tfprotov6.RawState{JSON: []byte(js)}).UnmarshalWithOpts(typ,
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		return attrs
	}
	encode := func(attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	framework := providerserver.NewProtocol6(New("test")())()
	fast := NewServer("test")()
	for _, srv := range []tfprotov6.ProviderServer{framework, fast} {
		if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, policy := range []string{"delete", "abandon"} {
		for _, configured := range []bool{true, false} {
			prior := decode(aState)
			prior["deletion_policy"] = tftypes.NewValue(tftypes.String, policy)
			config := decode(aState)
			for _, computedOnly := range []string{"id", "updated_at", "last_activity_at"} {
				config[computedOnly] = tftypes.NewValue(config[computedOnly].Type(), nil)
			}
			if !configured {
				config["deletion_policy"] = tftypes.NewValue(tftypes.String, nil)
			}
			req := func() *tfprotov6.PlanResourceChangeRequest {
				return &tfprotov6.PlanResourceChangeRequest{TypeName: crmAccountTypeName,
					PriorState: encode(prior), ProposedNewState: encode(prior), Config: encode(config)}
			}
			want, err := framework.PlanResourceChange(ctx, req())
			if err != nil || len(want.Diagnostics) > 0 {
				t.Fatalf("framework: %v %v", err, want.Diagnostics)
			}
			got, err := fast.PlanResourceChange(ctx, req())
			if err != nil || len(got.Diagnostics) > 0 {
				t.Fatalf("fast: %v %v", err, got.Diagnostics)
			}
			wv, _ := want.PlannedState.Unmarshal(typ)
			gv, _ := got.PlannedState.Unmarshal(typ)
			if !gv.Equal(wv) {
				t.Errorf("policy %s, configured %v: shortcut plans\n%s\nframework plans\n%s", policy, configured, gv, wv)
			}
		}
	}
}
