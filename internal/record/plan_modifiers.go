package record

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// keepStateWhenUnset is the plan modifier of every unmanaged-when-unset attribute (Optional and
// Computed). Left out of the configuration of an existing resource, the attribute plans to its state
// value, null included. UseStateForUnknown keeps only non-null state, so an attribute the CRM does
// not hold would show as "(known after apply)" on every update; this does not.
type keepStateWhenUnset struct{}

var (
	_ planmodifier.String  = keepStateWhenUnset{}
	_ planmodifier.Int64   = keepStateWhenUnset{}
	_ planmodifier.Object  = keepStateWhenUnset{}
	_ planmodifier.Dynamic = keepStateWhenUnset{}
	_ planmodifier.Number  = keepStateWhenUnset{}
	_ planmodifier.Bool    = keepStateWhenUnset{}
)

func (keepStateWhenUnset) Description(context.Context) string {
	return "Unset in configuration, the attribute is unmanaged and keeps its state value."
}

func (m keepStateWhenUnset) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepStateWhenUnset) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (keepStateWhenUnset) PlanModifyInt64(_ context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (keepStateWhenUnset) PlanModifyObject(_ context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (keepStateWhenUnset) PlanModifyNumber(_ context.Context, req planmodifier.NumberRequest, resp *planmodifier.NumberResponse) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (keepStateWhenUnset) PlanModifyBool(_ context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (keepStateWhenUnset) PlanModifyDynamic(_ context.Context, req planmodifier.DynamicRequest, resp *planmodifier.DynamicResponse) {
	if !req.State.Raw.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

// sameValueKeepsState plans the state's value when the configuration names the same value in
// another spelling (a timestamp with "Z" or "+00:00", with or without fractions; a date the CRM
// answers as midnight): after an import the CRM's spelling is in state, and it must not diff against
// the configuration's. Terraform accepts a planned value equal to the prior state in place of an
// equivalent configured one.
type sameValueKeepsState struct {
	same func(a, b string) bool
	what string // "instant", "day"
}

var _ planmodifier.String = sameValueKeepsState{}

func (m sameValueKeepsState) Description(context.Context) string {
	return "Keeps the state's spelling of a value when the configuration names the same " + m.what + "."
}

func (m sameValueKeepsState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m sameValueKeepsState) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if known(req.ConfigValue) && known(req.StateValue) && req.ConfigValue.ValueString() != req.StateValue.ValueString() &&
		m.same(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// sameInstantKeepsState keeps the state's spelling of the same instant.
var sameInstantKeepsState = sameValueKeepsState{same: sameInstant, what: "instant"}

// unknownWhenChanged plans an attribute the configuration leaves unset as unknown when one of the
// named attributes is configured to change, because the CRM derives it from them (a task's completed_at from its
// status): the state then gets the CRM's value from the update's response, not a refresh later.
type unknownWhenChanged struct{ attrs []string }

var _ planmodifier.String = unknownWhenChanged{}

func (m unknownWhenChanged) Description(context.Context) string {
	return "Unset, the attribute is known after apply when " + JoinOr(m.attrs) + " changes."
}

func (m unknownWhenChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m unknownWhenChanged) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.ConfigValue.IsNull() {
		return
	}
	// The configuration says what changes: the plan of another unset attribute is still unknown
	// here (the framework marks unset computed attributes unknown before their modifiers run).
	for _, a := range m.attrs {
		configured, errC := attributeOf(req.Config.Raw, a)
		prior, errS := attributeOf(req.State.Raw, a)
		if errC == nil && errS == nil && !configured.IsNull() && !configured.Equal(prior) {
			resp.PlanValue = types.StringUnknown()
			return
		}
	}
}

// attributeOf is a top-level attribute of an object value.
func attributeOf(obj tftypes.Value, name string) (tftypes.Value, error) {
	v, _, err := tftypes.WalkAttributePath(obj, tftypes.NewAttributePath().WithAttributeName(name))
	if err != nil {
		return tftypes.Value{}, err
	}
	tv, ok := v.(tftypes.Value)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("%s is not a value", name)
	}
	return tv, nil
}
