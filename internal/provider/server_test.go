package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/kinds"

	"github.com/truto/terraform-provider-truto/internal/record"
	"github.com/truto/terraform-provider-truto/internal/statesample"
)

// aState is a stored truto_crm_account state as Terraform keeps it (JSON), with an attribute a
// previous schema had, which must be ignored.
const aState = `{"id":"42","integrated_account_id":"ia","name":"Acme","website":null,"description":"",
"industry":null,"number_of_employees":3,"owner":{"id":"u1"},"addresses":null,
"phone_numbers":[{"id":"p1","number":"+1","extension":null,"type":"work"}],"urls":[],"tags":null,
"custom_fields":{"value":{"tier":"gold","seats":10},"type":["object",{"tier":"string","seats":"number"}]},
"remote_data":null,"remote_query":null,"created_at":"2020-01-01T00:00:00Z","updated_at":null,
"last_activity_at":null,"deletion_policy":"delete","timeouts":null,"removed_attribute":"x"}`

// sampleStates are stored states of every kind: the account's above, and for every kind one with a
// value in every attribute, generated from its schema type.
func sampleStates(t *testing.T) map[string]struct {
	k     *record.Kind
	state string
} {
	out := map[string]struct {
		k     *record.Kind
		state string
	}{"truto_crm_account (stored)": {kinds.Account, aState}}
	for _, k := range kinds.Writable() {
		obj, ok := k.ObjectType().(tftypes.Object)
		if !ok {
			t.Fatalf("%s: not an object type", k.TypeName())
		}
		js := statesample.JSON(obj)
		m, _ := js.(map[string]any)
		m["removed_attribute"] = "x"
		m["remote_data"] = `{"vendor_field":1}` // a JSON string
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out[k.TypeName()+" (generated)"] = struct {
			k     *record.Kind
			state string
		}{k, string(b)}
	}
	return out
}

func TestUpgradeResourceStateFastPathMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	framework := providerserver.NewProtocol6(New("test")())()
	if _, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	for name, s := range sampleStates(t) {
		req := func() *tfprotov6.UpgradeResourceStateRequest {
			return &tfprotov6.UpgradeResourceStateRequest{TypeName: s.k.TypeName(), Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(s.state)}}
		}
		want, err := framework.UpgradeResourceState(ctx, req())
		if err != nil || len(want.Diagnostics) > 0 {
			t.Fatalf("%s: framework: %v %v", name, err, want.Diagnostics)
		}
		got, err := NewServer("test")().UpgradeResourceState(ctx, req())
		if err != nil || len(got.Diagnostics) > 0 {
			t.Fatalf("%s: fast path: %v %v", name, err, got.Diagnostics)
		}
		wv, _ := want.UpgradedState.Unmarshal(s.k.ObjectType())
		gv, _ := got.UpgradedState.Unmarshal(s.k.ObjectType())
		if !gv.Equal(wv) {
			t.Errorf("%s: fast path differs from the framework:\n got %s\nwant %s", name, gv, wv)
		}
	}
}

func TestNoOpPlanShortcut(t *testing.T) {
	for _, k := range kinds.Writable() {
		obj, _ := k.ObjectType().(tftypes.Object)
		js, _ := json.Marshal(statesample.JSON(obj))
		state := statesample.Decode(t, k.ObjectType(), string(js))
		prior, _ := tfprotov6.NewDynamicValue(k.ObjectType(), state)
		null, _ := tfprotov6.NewDynamicValue(k.ObjectType(), tftypes.NewValue(k.ObjectType(), nil))
		var attrs map[string]tftypes.Value
		_ = state.As(&attrs)
		attrs["id"] = tftypes.NewValue(tftypes.String, "changed")
		changed, _ := tfprotov6.NewDynamicValue(k.ObjectType(), tftypes.NewValue(k.ObjectType(), attrs))

		cases := []struct {
			name            string
			typeName        string
			prior, proposed *tfprotov6.DynamicValue
			want            bool
		}{
			{"unchanged", k.TypeName(), &prior, &prior, true},
			{"changed", k.TypeName(), &prior, &changed, false},
			{"create", k.TypeName(), &null, &prior, false},
			{"destroy", k.TypeName(), &prior, &null, false},
			{"another type", "truto_crm_other", &prior, &prior, false},
		}
		for _, c := range cases {
			req := &tfprotov6.PlanResourceChangeRequest{TypeName: c.typeName, PriorState: c.prior, ProposedNewState: c.proposed}
			if got := isNoOpPlan(req); got != c.want {
				t.Errorf("%s %s: isNoOpPlan = %v, want %v", k.TypeName(), c.name, got, c.want)
			}
		}
	}
}

// The no-op shortcut must answer exactly what the framework answers, for every kind, including
// when a schema default would change a value the configuration no longer sets.
func TestNoOpPlanShortcutAgreesWithTheFramework(t *testing.T) {
	ctx := context.Background()
	framework := providerserver.NewProtocol6(New("test")())()
	fast := NewServer("test")()
	for _, srv := range []tfprotov6.ProviderServer{framework, fast} {
		if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	for name, s := range sampleStates(t) {
		decode := func() map[string]tftypes.Value {
			var attrs map[string]tftypes.Value
			_ = statesample.Decode(t, s.k.ObjectType(), s.state).As(&attrs)
			return attrs
		}
		encode := func(attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
			dv, err := tfprotov6.NewDynamicValue(s.k.ObjectType(), tftypes.NewValue(s.k.ObjectType(), attrs))
			if err != nil {
				t.Fatal(err)
			}
			return &dv
		}
		computedOnly := map[string]bool{}
		for n, a := range s.k.ResourceSchema().Attributes {
			if a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
				computedOnly[n] = true
			}
		}
		if len(s.k.Defaults()) == 0 {
			t.Errorf("%s: no defaults to exercise", name)
		}
		for _, d := range s.k.Defaults() {
			for _, value := range append([]string{d.Value}, d.Others...) {
				for _, withIdentity := range []bool{false, true} {
					for _, configured := range []bool{true, false} {
						prior := decode()
						prior[d.Name] = tftypes.NewValue(tftypes.String, value)
						prior["timeouts"] = tftypes.NewValue(prior["timeouts"].Type(), nil)
						config := decode()
						for n := range computedOnly {
							config[n] = tftypes.NewValue(config[n].Type(), nil)
						}
						config["timeouts"] = tftypes.NewValue(config["timeouts"].Type(), nil)
						config[d.Name] = prior[d.Name]
						if !configured {
							config[d.Name] = tftypes.NewValue(tftypes.String, nil)
						}
						var identity *tfprotov6.ResourceIdentityData
						if withIdentity {
							dv, _ := tfprotov6.NewDynamicValue(record.IdentityType, tftypes.NewValue(record.IdentityType, map[string]tftypes.Value{
								"integrated_account_id": tftypes.NewValue(tftypes.String, "ia"), "id": tftypes.NewValue(tftypes.String, "42")}))
							identity = &tfprotov6.ResourceIdentityData{IdentityData: &dv}
						}
						req := func() *tfprotov6.PlanResourceChangeRequest {
							return &tfprotov6.PlanResourceChangeRequest{TypeName: s.k.TypeName(),
								PriorState: encode(prior), ProposedNewState: encode(prior), Config: encode(config), PriorIdentity: identity}
						}
						want, err := framework.PlanResourceChange(ctx, req())
						if err != nil || len(want.Diagnostics) > 0 {
							t.Fatalf("%s: framework: %v %v", name, err, want.Diagnostics)
						}
						got, err := fast.PlanResourceChange(ctx, req())
						if err != nil || len(got.Diagnostics) > 0 {
							t.Fatalf("%s: fast: %v %v", name, err, got.Diagnostics)
						}
						wv, _ := want.PlannedState.Unmarshal(s.k.ObjectType())
						gv, _ := got.PlannedState.Unmarshal(s.k.ObjectType())
						if !gv.Equal(wv) {
							t.Errorf("%s, %s = %s, configured %v: shortcut plans\n%s\nframework plans\n%s", name, d.Name, value, configured, gv, wv)
						}
						wi, _ := want.PlannedIdentity.IdentityData.Unmarshal(record.IdentityType)
						gi, _ := got.PlannedIdentity.IdentityData.Unmarshal(record.IdentityType)
						if !gi.Equal(wi) {
							t.Errorf("%s, identity sent %v: shortcut plans identity %s, framework %s", name, withIdentity, gi, wi)
						}
					}
				}
			}
		}
	}
}

// Every schema default of every kind must be known to the no-op shortcut: a default it does not
// know about would make it answer a plan the framework would change.
func TestEverySchemaDefaultIsKnownToTheNoOpShortcut(t *testing.T) {
	for _, k := range kinds.Writable() {
		known := map[string]bool{}
		for _, d := range k.Defaults() {
			known[d.Name] = true
		}
		var walk func(where string, attrs map[string]rschema.Attribute, top bool)
		walk = func(where string, attrs map[string]rschema.Attribute, top bool) {
			for name, a := range attrs {
				if hasDefault(a) && (!top || !known[name]) {
					t.Errorf("%s%s has a default the no-op plan shortcut does not know (declare the field as a defaulted field kind)", where, name)
				}
				if n, ok := a.(rschema.NestedAttribute); ok {
					walk(where+name+".", nestedAttrs(n), false)
				}
			}
		}
		walk(k.TypeName()+".", k.ResourceSchema().Attributes, true)
		for name := range known {
			if !hasDefault(k.ResourceSchema().Attributes[name]) {
				t.Errorf("%s.%s is declared defaulted but has no schema default", k.TypeName(), name)
			}
		}
	}
}

func nestedAttrs(n rschema.NestedAttribute) map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for name, a := range n.GetNestedObject().GetAttributes() {
		if ra, ok := a.(rschema.Attribute); ok {
			out[name] = ra
		}
	}
	return out
}

// hasDefault reports whether an attribute has a schema default of any type.
func hasDefault(a rschema.Attribute) bool {
	switch v := a.(type) {
	case rschema.StringAttribute:
		return v.Default != nil
	case rschema.BoolAttribute:
		return v.Default != nil
	case rschema.Int64Attribute:
		return v.Default != nil
	case rschema.NumberAttribute:
		return v.Default != nil
	case rschema.Float64Attribute:
		return v.Default != nil
	case rschema.ListAttribute:
		return v.Default != nil
	case rschema.MapAttribute:
		return v.Default != nil
	case rschema.ObjectAttribute:
		return v.Default != nil
	case rschema.DynamicAttribute:
		return v.Default != nil
	case rschema.ListNestedAttribute:
		return v.Default != nil
	case rschema.SingleNestedAttribute:
		return v.Default != nil
	case rschema.MapNestedAttribute:
		return v.Default != nil
	case rschema.SetNestedAttribute:
		return v.Default != nil
	case rschema.SetAttribute:
		return v.Default != nil
	}
	return false
}
