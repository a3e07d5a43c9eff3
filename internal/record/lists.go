package record

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// nestedList is a list of objects (addresses, phone numbers, a deal's contacts ...): sent whole when
// it changes, with the CRM's item ids and order never causing a diff (see nested_lists.go).
type nestedList struct {
	base
	docs
	spec    listSpec
	replace bool     // changing it replaces the resource
	query   []string // methods that also send its ids as query parameters
}

// queryParams are the list's ids as query parameters of a write: <name>[0][id]=... (Truto's
// bracket encoding of a list of objects).
func (f *nestedList) queryParams(v attr.Value, method string) []truto.Param {
	if !slices.Contains(f.query, method) || !known(v) {
		return nil
	}
	l, _ := v.(types.List)
	var out []truto.Param
	for i, it := range f.spec.items(l) {
		if id, ok := it["id"].(types.String); ok && known(id) {
			out = append(out, truto.Param{Name: fmt.Sprintf("%s[%d][id]", f.n, i), Value: id.ValueString()})
		}
	}
	return out
}

const listNote = " Sent whole on every change. `[]` clears the list; leaving the attribute out leaves it unmanaged."

func (f *nestedList) resourceAttribute(*Kind) rschema.Attribute {
	var objValidators []validator.Object
	if len(f.spec.needsOneOf) > 0 {
		objValidators = append(objValidators, objectNeedsOneOf(f.spec.needsOneOf))
	}
	return rschema.ListNestedAttribute{
		MarkdownDescription: f.input() + listNote,
		Optional:            true,
		Computed:            true,
		PlanModifiers:       f.planModifiers(),
		NestedObject:        rschema.NestedAttributeObject{Attributes: f.spec.resourceAttributes(), Validators: objValidators},
	}
}

func (f *nestedList) comparedWith(c comparing) field {
	bound := *f
	bound.spec = f.spec.comparedWith(c)
	return &bound
}

func (f *nestedList) replan(config, plan, state attr.Value) attr.Value {
	c, okC := config.(types.List)
	p, okP := plan.(types.List)
	s, okS := state.(types.List)
	if !okC || !okP || !okS {
		return plan
	}
	return f.spec.plan(c, s, p)
}

func (f *nestedList) replacedBy(plan, state attr.Value) bool { return f.replace && !plan.Equal(state) }

func (f *nestedList) planModifiers() []planmodifier.List {
	mods := []planmodifier.List{keepUnchangedList{spec: f.spec}}
	if f.replace {
		mods = append(mods, listplanmodifier.RequiresReplace())
	}
	return mods
}

func (f *nestedList) dataAttribute(*Kind) dschema.Attribute {
	return dschema.ListNestedAttribute{
		MarkdownDescription: f.doc,
		Computed:            true,
		NestedObject:        dschema.NestedAttributeObject{Attributes: f.spec.dataAttributes()},
	}
}

func (f *nestedList) sent() bool { return true }

func (f *nestedList) create(plan attr.Value, body *truto.Record) error {
	if !known(plan) {
		return nil
	}
	return f.send(plan, body)
}

func (f *nestedList) update(plan, state attr.Value, body *truto.Record, _ *changeContext) error {
	if !known(plan) || plan.Equal(state) {
		return nil
	}
	return f.send(plan, body)
}

func (f *nestedList) send(plan attr.Value, body *truto.Record) error {
	l, _ := plan.(types.List)
	raw, err := f.spec.toJSON(f.spec.items(l))
	if err != nil {
		return err
	}
	body.Set(f.n, raw)
	return nil
}

func (f *nestedList) fromResponse(resp *truto.Record) ([]item, bool) {
	raw, ok := resp.Value(f.n)
	return f.spec.fromJSON(raw, ok)
}

func (f *nestedList) applied(plan attr.Value, resp *truto.Record) attr.Value {
	l, _ := plan.(types.List)
	items, present := f.fromResponse(resp)
	return f.spec.afterApply(l, items, present)
}

func (f *nestedList) read(prior attr.Value, resp *truto.Record, _ bool) attr.Value {
	l, _ := prior.(types.List)
	items, present := f.fromResponse(resp)
	return f.spec.afterRead(l, items, present)
}

func (f *nestedList) dataValue(resp *truto.Record) attr.Value {
	items, present := f.fromResponse(resp)
	return f.spec.afterRead(types.ListNull(f.spec.objectType()), items, present)
}

// isSet counts a list with at least one item.
func (f *nestedList) isSet(config attr.Value) (set, unknown bool) {
	if config.IsUnknown() {
		return false, true
	}
	l, ok := config.(types.List)
	return ok && known(l) && len(l.Elements()) > 0, false
}

func (f *nestedList) summaryAttributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.n: f.dataAttribute(k)}
}

func (f *nestedList) summaryValues(resp *truto.Record) map[string]attr.Value {
	return map[string]attr.Value{f.n: f.dataValue(resp)}
}

func (f *nestedList) completeIn(prior attr.Value, rec *truto.Record) bool {
	return heldIn(f.n, prior, rec)
}
