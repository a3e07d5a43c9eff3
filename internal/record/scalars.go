package record

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A scalar is how one single value is held in Terraform and spelled in JSON: text, an integer, a
// number, a boolean, a timestamp, a reference {id}. The field kinds below (optional, computed,
// write-once) are written once over every scalar.
type scalar interface {
	attrType() attr.Type
	null() attr.Value
	toJSON(v attr.Value) (json.RawMessage, error)
	// fromJSON reads a CRM value leniently; false when it does not fit (the field reads as unset).
	fromJSON(raw json.RawMessage) (attr.Value, bool)
	// same reports whether got (from the CRM) is the value want stands for, in another spelling:
	// then want is kept, so the spelling never shows as a diff.
	same(want, got attr.Value) bool
	// unmanagedNote ends the resource description of an optional attribute of this scalar.
	unmanagedNote() string
	// inputAttribute is the optional, unmanaged-when-unset attribute; withOptions applies the
	// declaration's options to it.
	inputAttribute(desc string) rschema.Attribute
	computedAttribute(desc string) rschema.Attribute
	dataAttribute(desc string) dschema.Attribute
}

// fromResponse reads a field of a response; absent, null or unfit give the scalar's null.
func fromResponse(s scalar, resp *truto.Record, name string) attr.Value {
	if raw, ok := resp.Value(name); ok {
		if v, ok := s.fromJSON(raw); ok {
			return v
		}
	}
	return s.null()
}

// optional is an unmanaged-when-unset attribute (Optional and Computed): set, it is sent and
// diffed; unset, it is read from the CRM into state but never sent or diffed. Required makes it a
// plain input that must be set.
type optional struct {
	base
	docs
	v        scalar
	required bool
	replace  bool     // changing it replaces the resource
	query    []string // methods that also send it as a query parameter
	// listedApart are the values under which an imported record is looked for (ListedApart).
	listedApart []string
	// derivedFrom are attributes from which the CRM derives the field when it is unset.
	derivedFrom []string
	validators  []any
}

// queryParams are the field's query parameters of a write (method "update", "delete" ...).
func (f *optional) queryParams(v attr.Value, method string) []truto.Param {
	if !slices.Contains(f.query, method) || !known(v) {
		return nil
	}
	s, ok := v.(types.String)
	if !ok {
		return nil
	}
	return []truto.Param{{Name: f.n, Value: s.ValueString()}}
}

func (f *optional) replacedBy(plan, state attr.Value) bool { return f.replace && !plan.Equal(state) }

func (f *optional) resourceAttribute(*Kind) rschema.Attribute {
	desc := f.input()
	if !f.required {
		desc += f.v.unmanagedNote()
	}
	return f.withOptions(f.v.inputAttribute(desc))
}

func (f *optional) dataAttribute(*Kind) dschema.Attribute { return f.v.dataAttribute(f.doc) }
func (f *optional) sent() bool                            { return true }

// create sends every known value; an empty string is left out (there is nothing to clear yet).
func (f *optional) create(plan attr.Value, body *truto.Record) error {
	if !known(plan) || isEmptyString(plan) {
		return nil
	}
	return setJSON(body, f.n, f.v, plan)
}

// update sends a known value that differs from state. A string set to "" is sent as "": it
// clears the field, and unlike null no CRM rejects it as the wrong type (a CRM that then answers
// null or leaves the field out is read back as "").
func (f *optional) update(plan, state attr.Value, body *truto.Record, _ *changeContext) error {
	if !known(plan) || plan.Equal(state) {
		return nil
	}
	return setJSON(body, f.n, f.v, plan)
}

func (f *optional) applied(plan attr.Value, resp *truto.Record) attr.Value {
	if plan.IsUnknown() {
		return fromResponse(f.v, resp, f.n)
	}
	return plan
}

// read takes the CRM's value, but keeps prior where the CRM only spells it differently, and a
// configured "" the CRM returns as null or leaves out.
func (f *optional) read(prior attr.Value, resp *truto.Record, _ bool) attr.Value {
	got := fromResponse(f.v, resp, f.n)
	switch {
	case got.IsNull() && known(prior) && isEmptyString(prior):
		return prior
	case known(prior) && known(got) && f.v.same(prior, got):
		return prior
	}
	return got
}

func (f *optional) dataValue(resp *truto.Record) attr.Value { return fromResponse(f.v, resp, f.n) }

func (f *optional) completeIn(prior attr.Value, rec *truto.Record) bool {
	return heldIn(f.n, prior, rec)
}

func (f *optional) isSet(config attr.Value) (set, unknown bool) {
	if config.IsUnknown() {
		return false, true
	}
	return known(config) && !isEmptyString(config), false
}

func setJSON(body *truto.Record, name string, s scalar, v attr.Value) error {
	raw, err := s.toJSON(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	body.Set(name, raw)
	return nil
}

func isEmptyString(v attr.Value) bool {
	s, ok := v.(basetypes.StringValuable)
	if !ok {
		return false
	}
	sv, _ := s.ToStringValue(context.Background())
	return known(sv) && sv.ValueString() == ""
}

// updateRule is how a CRM-maintained attribute is planned on update.
type updateRule int

const (
	// ChangesOnWrite: unknown when the update sends something (updated_at), else the state's.
	ChangesOnWrite updateRule = iota
	// KeptOnUpdate: an edit does not change it (last_activity_at: an edit is not an activity); the
	// next read brings any change.
	KeptOnUpdate
)

// computed is an attribute only the CRM sets.
type computed struct {
	base
	docs
	v  scalar
	on updateRule
}

func (f *computed) resourceAttribute(*Kind) rschema.Attribute { return f.v.computedAttribute(f.doc) }
func (f *computed) dataAttribute(*Kind) dschema.Attribute     { return f.v.dataAttribute(f.doc) }

func (f *computed) applied(plan attr.Value, resp *truto.Record) attr.Value {
	if plan.IsUnknown() {
		return fromResponse(f.v, resp, f.n)
	}
	return plan
}

func (f *computed) read(_ attr.Value, resp *truto.Record, _ bool) attr.Value {
	return fromResponse(f.v, resp, f.n)
}

func (f *computed) dataValue(resp *truto.Record) attr.Value { return fromResponse(f.v, resp, f.n) }

func (f *computed) completeIn(prior attr.Value, rec *truto.Record) bool {
	return heldIn(f.n, prior, rec)
}

func (f *computed) planUpdate(plan, state attr.Value, sendsNothing bool) attr.Value {
	if f.on == KeptOnUpdate || sendsNothing {
		return state
	}
	return plan
}

// writeOnce is a creation timestamp some CRMs let you set (backdating when seeding or migrating):
// sent on create only, kept as planned or imported, and a different instant replaces the resource.
type writeOnce struct {
	base
	docs
}

var rfc3339 = timeScalar{}

const writeOnceNote = " May be set to keep the original creation date when seeding or migrating (sent on create; " +
	"CRMs that do not support it ignore it). Unset, it is read from the CRM. Spellings of the same instant (`Z` or " +
	"`+00:00`, with or without fractions) are equal. Changing it replaces the resource: a creation date can only be " +
	"set by creating."

func (f *writeOnce) resourceAttribute(*Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: f.doc + writeOnceNote,
		CustomType:          timetypes.RFC3339Type{},
		Optional:            true,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{keepStateWhenUnset{}, sameInstantKeepsState, writeOnceRequiresReplace(f.n)},
	}
}

func (f *writeOnce) dataAttribute(*Kind) dschema.Attribute { return rfc3339.dataAttribute(f.doc) }

// replacedBy: the plan holds the state's spelling of the same instant (sameInstantKeepsState).
func (f *writeOnce) replacedBy(plan, state attr.Value) bool {
	return known(plan) && known(state) && !plan.Equal(state)
}
func (f *writeOnce) sent() bool { return true }

func (f *writeOnce) create(plan attr.Value, body *truto.Record) error {
	if !known(plan) {
		return nil
	}
	return setJSON(body, f.n, rfc3339, plan)
}

func (f *writeOnce) applied(plan attr.Value, resp *truto.Record) attr.Value {
	if plan.IsUnknown() {
		return fromResponse(rfc3339, resp, f.n)
	}
	return plan
}

// read keeps a known prior value: some CRMs ignore a supplied one, and another spelling of the
// same instant must not diff.
func (f *writeOnce) read(prior attr.Value, resp *truto.Record, _ bool) attr.Value {
	if known(prior) {
		return prior
	}
	return fromResponse(rfc3339, resp, f.n)
}

func (f *writeOnce) dataValue(resp *truto.Record) attr.Value { return fromResponse(rfc3339, resp, f.n) }

func (f *writeOnce) checkCreated(plan attr.Value, resp *truto.Record, diags *diag.Diagnostics) {
	got, ok := fromResponse(rfc3339, resp, f.n).(timetypes.RFC3339)
	want, _ := plan.(timetypes.RFC3339)
	if ok && known(got) && known(want) && !sameInstant(want.ValueString(), got.ValueString()) {
		diags.AddAttributeWarning(path.Root(f.n), "The CRM did not keep "+f.n,
			fmt.Sprintf("%s was sent as %s but the CRM reports %s; this integration probably ignores it. "+
				"State keeps the configured value.", f.n, want.ValueString(), got.ValueString()))
	}
}

// --- scalars ---

// textScalar is a string. fold compares case-insensitively (CRMs lowercase emails).
type textScalar struct{ fold bool }

func (textScalar) attrType() attr.Type { return types.StringType }
func (textScalar) null() attr.Value    { return types.StringNull() }
func (textScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	s, _ := v.(types.String)
	return json.Marshal(s.ValueString())
}

func (textScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	s, ok := truto.LooseString(raw)
	if !ok {
		return nil, false
	}
	return types.StringValue(s), true
}

func (t textScalar) same(want, got attr.Value) bool {
	w, _ := want.(types.String)
	g, _ := got.(types.String)
	return t.fold && strings.EqualFold(w.ValueString(), g.ValueString())
}

func (textScalar) unmanagedNote() string { return unmanagedNote }

func (textScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.String{keepStateWhenUnset{}}}
}

func (textScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func (textScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

const unmanagedNote = " Unset, the attribute is unmanaged: read from the CRM but never sent or diffed; `\"\"` clears it."

// shortUnmanagedNote ends the description of an optional attribute that is not text.
const shortUnmanagedNote = " Unset, it is unmanaged."

// intScalar is a whole number, held as a Number checked by wholeNumber (see whole_numbers.go).
type intScalar struct{}

func (intScalar) attrType() attr.Type { return types.NumberType }
func (intScalar) null() attr.Value    { return types.NumberNull() }
func (intScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	n, _ := v.(types.Number)
	return json.RawMessage(strconv.FormatInt(WholeNumberOr(n, 0), 10)), nil
}

func (intScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	n, ok := truto.LooseInt(raw)
	if !ok {
		return nil, false
	}
	return wholeNumberValue(n), true
}

func (intScalar) same(attr.Value, attr.Value) bool { return false }
func (intScalar) unmanagedNote() string            { return shortUnmanagedNote }

// inputAttribute checks that the value is whole; a declared wholeNumber with bounds replaces
// this one (withOptions).
func (intScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.NumberAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Number{keepStateWhenUnset{}},
		Validators:    []validator.Number{wholeNumber{}},
	}
}

func (intScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.NumberAttribute{MarkdownDescription: desc, Computed: true}
}

func (intScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.NumberAttribute{MarkdownDescription: desc, Computed: true}
}

// timeScalar is an RFC 3339 timestamp. The CRM's spelling is kept as it is: a CRM that answers
// something else must not fail a read.
type timeScalar struct{}

func (timeScalar) attrType() attr.Type { return timetypes.RFC3339Type{} }
func (timeScalar) null() attr.Value    { return timetypes.NewRFC3339Null() }
func (timeScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	t, _ := v.(timetypes.RFC3339)
	return json.Marshal(t.ValueString())
}

func (timeScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	s, ok := truto.StrictString(raw)
	if !ok || s == "" {
		return nil, false
	}
	return timetypes.RFC3339{StringValue: basetypes.NewStringValue(s)}, true
}

func (timeScalar) same(want, got attr.Value) bool {
	w, _ := want.(timetypes.RFC3339)
	g, _ := got.(timetypes.RFC3339)
	return sameInstant(w.ValueString(), g.ValueString())
}

func (timeScalar) unmanagedNote() string { return shortUnmanagedNote }

func (timeScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: desc, CustomType: timetypes.RFC3339Type{}, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.String{keepStateWhenUnset{}, sameInstantKeepsState},
	}
}

func (timeScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{MarkdownDescription: desc, CustomType: timetypes.RFC3339Type{}, Computed: true}
}

func (timeScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.StringAttribute{MarkdownDescription: desc, CustomType: timetypes.RFC3339Type{}, Computed: true}
}

// refScalar is a reference to another record, Truto's {id} object (owner = { id = "..." }).
// idDoc describes the id. A CRM's extra members (a name) are not kept.
type refScalar struct{ idDoc string }

var refAttrTypes = map[string]attr.Type{"id": types.StringType}

func (refScalar) attrType() attr.Type { return types.ObjectType{AttrTypes: refAttrTypes} }
func (refScalar) null() attr.Value    { return types.ObjectNull(refAttrTypes) }
func (refScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	id, _ := v.(types.Object).Attributes()["id"].(types.String)
	return json.Marshal(map[string]string{"id": id.ValueString()})
}

func (refScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	id, ok := truto.RefID(raw)
	if !ok {
		return nil, false
	}
	return types.ObjectValueMust(refAttrTypes, map[string]attr.Value{"id": types.StringValue(id)}), true
}

func (refScalar) same(attr.Value, attr.Value) bool { return false }
func (refScalar) unmanagedNote() string            { return shortUnmanagedNote }

func (r refScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.SingleNestedAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Object{keepStateWhenUnset{}},
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{
				MarkdownDescription: r.idDoc,
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r refScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.SingleNestedAttribute{
		MarkdownDescription: desc, Computed: true,
		Attributes: map[string]rschema.Attribute{"id": rschema.StringAttribute{MarkdownDescription: r.idDoc, Computed: true}},
	}
}

// dataAttribute says that a record without the reference reads as null.
func (r refScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.SingleNestedAttribute{
		MarkdownDescription: strings.TrimSuffix(desc, ".") + "; null when it has none.",
		Computed:            true,
		Attributes:          map[string]dschema.Attribute{"id": dschema.StringAttribute{MarkdownDescription: r.idDoc, Computed: true}},
	}
}

// scalarSummary is a scalar field in a list element: a reference as its id alone, <name>_id.
func scalarSummary(name, doc string, s scalar) map[string]dschema.Attribute {
	if r, ok := s.(refScalar); ok {
		return map[string]dschema.Attribute{name + "_id": dschema.StringAttribute{MarkdownDescription: r.idDoc, Computed: true}}
	}
	return map[string]dschema.Attribute{name: s.dataAttribute(doc)}
}

func scalarSummaryValue(name string, s scalar, v attr.Value) map[string]attr.Value {
	if _, ok := s.(refScalar); ok {
		id := types.StringNull()
		if o, ok := v.(types.Object); ok && !o.IsNull() {
			id, _ = o.Attributes()["id"].(types.String)
		}
		return map[string]attr.Value{name + "_id": id}
	}
	return map[string]attr.Value{name: v}
}

func (f *optional) summaryAttributes(*Kind) map[string]dschema.Attribute {
	return scalarSummary(f.n, f.doc, f.v)
}

func (f *optional) summaryValues(resp *truto.Record) map[string]attr.Value {
	return scalarSummaryValue(f.n, f.v, f.dataValue(resp))
}

func (f *computed) summaryAttributes(*Kind) map[string]dschema.Attribute {
	return scalarSummary(f.n, f.doc, f.v)
}

func (f *computed) summaryValues(resp *truto.Record) map[string]attr.Value {
	return scalarSummaryValue(f.n, f.v, f.dataValue(resp))
}

func (f *writeOnce) summaryAttributes(*Kind) map[string]dschema.Attribute {
	return scalarSummary(f.n, f.doc, rfc3339)
}

func (f *writeOnce) summaryValues(resp *truto.Record) map[string]attr.Value {
	return scalarSummaryValue(f.n, rfc3339, f.dataValue(resp))
}

// typedValidators asserts a declaration's validators to the field's type.
func typedValidators[T any](vs []any) []T {
	var out []T
	for _, v := range vs {
		tv, ok := v.(T)
		if !ok {
			panic(fmt.Sprintf("%T is not a %s", v, reflect.TypeFor[T]())) // a declaration error, caught by every test
		}
		out = append(out, tv)
	}
	return out
}
