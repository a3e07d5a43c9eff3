package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
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

// sampleStates are stored states of every kind: the account's above, and for every kind one with a
// value in every attribute, generated from its schema type.
func sampleStates(t *testing.T) map[string]struct {
	k     *kind
	state string
} {
	out := map[string]struct {
		k     *kind
		state string
	}{"truto_crm_account (stored)": {accountKind, aState}}
	for _, k := range writableKinds() {
		obj, ok := k.objType.(tftypes.Object)
		if !ok {
			t.Fatalf("%s: not an object type", k.typeName)
		}
		js := sampleJSON(obj)
		m, _ := js.(map[string]any)
		m["removed_attribute"] = "x"
		m[remoteDataName] = `{"vendor_field":1}` // a JSON string
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out[k.typeName+" (generated)"] = struct {
			k     *kind
			state string
		}{k, string(b)}
	}
	return out
}

// sampleJSON is a state JSON value of typ with every attribute set.
func sampleJSON(typ tftypes.Type) any {
	switch {
	case typ.Is(tftypes.String):
		return "2020-01-02T03:04:05Z" // a valid value of every string type (RFC 3339 included)
	case typ.Is(tftypes.Number):
		return 3
	case typ.Is(tftypes.Bool):
		return true
	case typ.Is(tftypes.DynamicPseudoType):
		return map[string]any{"value": map[string]any{"tier": "gold"}, "type": []any{"object", map[string]any{"tier": "string"}}}
	}
	switch t := typ.(type) {
	case tftypes.List:
		return []any{sampleJSON(t.ElementType)}
	case tftypes.Map:
		return map[string]any{"k": sampleJSON(t.ElementType)}
	case tftypes.Object:
		m := map[string]any{}
		for name, at := range t.AttributeTypes {
			m[name] = sampleJSON(at)
		}
		return m
	}
	panic(fmt.Sprintf("no sample for %s", typ))
}

func decodeState(t *testing.T, k *kind, js string) tftypes.Value {
	t.Helper()
	v, err := (&tfprotov6.RawState{JSON: []byte(js)}).UnmarshalWithOpts(k.objType,
		tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestUpgradeResourceStateFastPathMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	framework := providerserver.NewProtocol6(New("test")())()
	if _, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	for name, s := range sampleStates(t) {
		req := func() *tfprotov6.UpgradeResourceStateRequest {
			return &tfprotov6.UpgradeResourceStateRequest{TypeName: s.k.typeName, Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(s.state)}}
		}
		want, err := framework.UpgradeResourceState(ctx, req())
		if err != nil || len(want.Diagnostics) > 0 {
			t.Fatalf("%s: framework: %v %v", name, err, want.Diagnostics)
		}
		got, err := NewServer("test")().UpgradeResourceState(ctx, req())
		if err != nil || len(got.Diagnostics) > 0 {
			t.Fatalf("%s: fast path: %v %v", name, err, got.Diagnostics)
		}
		wv, _ := want.UpgradedState.Unmarshal(s.k.objType)
		gv, _ := got.UpgradedState.Unmarshal(s.k.objType)
		if !gv.Equal(wv) {
			t.Errorf("%s: fast path differs from the framework:\n got %s\nwant %s", name, gv, wv)
		}
	}
}

func TestNoOpPlanShortcut(t *testing.T) {
	for _, k := range writableKinds() {
		obj, _ := k.objType.(tftypes.Object)
		js, _ := json.Marshal(sampleJSON(obj))
		state := decodeState(t, k, string(js))
		prior, _ := tfprotov6.NewDynamicValue(k.objType, state)
		null, _ := tfprotov6.NewDynamicValue(k.objType, tftypes.NewValue(k.objType, nil))
		var attrs map[string]tftypes.Value
		_ = state.As(&attrs)
		attrs[idName] = tftypes.NewValue(tftypes.String, "changed")
		changed, _ := tfprotov6.NewDynamicValue(k.objType, tftypes.NewValue(k.objType, attrs))

		cases := []struct {
			name            string
			typeName        string
			prior, proposed *tfprotov6.DynamicValue
			want            bool
		}{
			{"unchanged", k.typeName, &prior, &prior, true},
			{"changed", k.typeName, &prior, &changed, false},
			{"create", k.typeName, &null, &prior, false},
			{"destroy", k.typeName, &prior, &null, false},
			{"another type", "truto_crm_other", &prior, &prior, false},
		}
		for _, c := range cases {
			req := &tfprotov6.PlanResourceChangeRequest{TypeName: c.typeName, PriorState: c.prior, ProposedNewState: c.proposed}
			if got := isNoOpPlan(req); got != c.want {
				t.Errorf("%s %s: isNoOpPlan = %v, want %v", k.typeName, c.name, got, c.want)
			}
		}
	}
}

// The model codec must agree with the framework's own conversion of every attribute, both ways.
func TestModelCodecConvertsLikeTheFramework(t *testing.T) {
	ctx := context.Background()
	for name, s := range sampleStates(t) {
		raw := decodeState(t, s.k, s.state)
		st := tfsdk.State{Schema: s.k.resourceSchema(), Raw: raw}
		m, err := s.k.decode(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		out := tfsdk.State{Schema: s.k.resourceSchema(), Raw: tftypes.NewValue(s.k.objType, nil)}
		for i, f := range s.k.fields {
			target := reflect.New(reflect.TypeOf(m.v[i]))
			if diags := st.GetAttribute(ctx, path.Root(f.name()), target.Interface()); diags.HasError() {
				t.Fatalf("%s.%s: %v", name, f.name(), diags)
			}
			viaFramework, _ := target.Elem().Interface().(attr.Value)
			if !m.v[i].Equal(viaFramework) {
				t.Errorf("%s.%s: codec %s, framework %s", name, f.name(), m.v[i], viaFramework)
			}
			if diags := out.SetAttribute(ctx, path.Root(f.name()), viaFramework); diags.HasError() {
				t.Fatalf("%s.%s: %v", name, f.name(), diags)
			}
		}
		back, err := m.encode(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(out.Raw) || !back.Equal(raw) {
			t.Errorf("%s: codec encodes differently from the framework:\n codec %s\n  fw   %s", name, back, out.Raw)
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
			_ = decodeState(t, s.k, s.state).As(&attrs)
			return attrs
		}
		encode := func(attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
			dv, err := tfprotov6.NewDynamicValue(s.k.objType, tftypes.NewValue(s.k.objType, attrs))
			if err != nil {
				t.Fatal(err)
			}
			return &dv
		}
		computedOnly := map[string]bool{}
		for n, a := range s.k.resourceSchema().Attributes {
			if a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
				computedOnly[n] = true
			}
		}
		if len(s.k.defaults) == 0 {
			t.Errorf("%s: no defaults to exercise", name)
		}
		for _, d := range s.k.defaults {
			for _, value := range append([]string{d.value}, d.others...) {
				for _, withIdentity := range []bool{false, true} {
					for _, configured := range []bool{true, false} {
						prior := decode()
						prior[d.name] = tftypes.NewValue(tftypes.String, value)
						prior[timeoutsName] = tftypes.NewValue(prior[timeoutsName].Type(), nil)
						config := decode()
						for n := range computedOnly {
							config[n] = tftypes.NewValue(config[n].Type(), nil)
						}
						config[timeoutsName] = tftypes.NewValue(config[timeoutsName].Type(), nil)
						config[d.name] = prior[d.name]
						if !configured {
							config[d.name] = tftypes.NewValue(tftypes.String, nil)
						}
						var identity *tfprotov6.ResourceIdentityData
						if withIdentity {
							dv, _ := tfprotov6.NewDynamicValue(identityType, identityValue("ia", "42"))
							identity = &tfprotov6.ResourceIdentityData{IdentityData: &dv}
						}
						req := func() *tfprotov6.PlanResourceChangeRequest {
							return &tfprotov6.PlanResourceChangeRequest{TypeName: s.k.typeName,
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
						wv, _ := want.PlannedState.Unmarshal(s.k.objType)
						gv, _ := got.PlannedState.Unmarshal(s.k.objType)
						if !gv.Equal(wv) {
							t.Errorf("%s, %s = %s, configured %v: shortcut plans\n%s\nframework plans\n%s", name, d.name, value, configured, gv, wv)
						}
						wi, _ := want.PlannedIdentity.IdentityData.Unmarshal(identityType)
						gi, _ := got.PlannedIdentity.IdentityData.Unmarshal(identityType)
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
	for _, k := range writableKinds() {
		known := map[string]bool{}
		for _, d := range k.defaults {
			known[d.name] = true
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
		walk(k.typeName+".", k.resourceSchema().Attributes, true)
		for name := range known {
			if !hasDefault(k.resourceSchema().Attributes[name]) {
				t.Errorf("%s.%s is declared defaulted but has no schema default", k.typeName, name)
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
