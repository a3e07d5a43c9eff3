package record

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// numberScalar is a decimal number, kept exactly (1234.56 round-trips as 1234.56). A CRM that
// answers "1234.56" reads the same.
type numberScalar struct{}

func (numberScalar) attrType() attr.Type { return types.NumberType }
func (numberScalar) null() attr.Value    { return types.NumberNull() }
func (numberScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	n, _ := v.(types.Number)
	return json.RawMessage(numberText(n.ValueBigFloat())), nil
}

func (numberScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	f, ok := truto.LooseNumber(raw)
	if !ok {
		return nil, false
	}
	return types.NumberValue(f), true
}

func (numberScalar) same(want, got attr.Value) bool {
	w, _ := want.(types.Number)
	g, _ := got.(types.Number)
	return w.ValueBigFloat().Cmp(g.ValueBigFloat()) == 0 || sameDouble(w.ValueBigFloat(), g.ValueBigFloat())
}

func (numberScalar) unmanagedNote() string { return shortUnmanagedNote }

func (numberScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.NumberAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Number{keepStateWhenUnset{}},
	}
}

func (numberScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.NumberAttribute{MarkdownDescription: desc, Computed: true}
}

func (numberScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.NumberAttribute{MarkdownDescription: desc, Computed: true}
}

// boolScalar is true or false ("true" and "false" from a CRM that stores text read the same).
type boolScalar struct{}

func (boolScalar) attrType() attr.Type { return types.BoolType }
func (boolScalar) null() attr.Value    { return types.BoolNull() }
func (boolScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	b, _ := v.(types.Bool)
	return json.RawMessage(strconv.FormatBool(b.ValueBool())), nil
}

func (boolScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	b, ok := truto.LooseBool(raw)
	if !ok {
		return nil, false
	}
	return types.BoolValue(b), true
}

func (boolScalar) same(attr.Value, attr.Value) bool { return false }
func (boolScalar) unmanagedNote() string            { return shortUnmanagedNote }

func (boolScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.BoolAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Bool{keepStateWhenUnset{}},
	}
}

func (boolScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
}

func (boolScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
}

// dateScalar is a day a record is due or expected (a deal's close date): a date (2026-03-31) or an
// RFC 3339 time. Many CRMs keep only the date, and answer 2026-03-31T00:00:00.000Z for 2026-03-31:
// such answers are the same value, so they never diff.
type dateScalar struct{}

const dateLayout = "2006-01-02"

func (dateScalar) attrType() attr.Type { return types.StringType }
func (dateScalar) null() attr.Value    { return types.StringNull() }
func (dateScalar) toJSON(v attr.Value) (json.RawMessage, error) {
	s, _ := v.(types.String)
	return json.Marshal(s.ValueString())
}

func (dateScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	s, ok := truto.StrictString(raw)
	if !ok || s == "" {
		return nil, false
	}
	return types.StringValue(s), true
}

func (dateScalar) same(want, got attr.Value) bool {
	w, _ := want.(types.String)
	g, _ := got.(types.String)
	return sameDay(w.ValueString(), g.ValueString())
}

// sameDay reports whether two spellings name the same day or instant: the same instant, or the same
// date where one of them carries no time of day (a bare date, or midnight UTC).
func sameDay(a, b string) bool {
	da, ta, dateOnlyA, okA := parseDay(a)
	db, tb, dateOnlyB, okB := parseDay(b)
	switch {
	case !okA || !okB:
		return false
	case !ta.IsZero() && !tb.IsZero() && ta.Equal(tb):
		return true
	case dateOnlyA || dateOnlyB:
		return da[0] == db[0] || da[0] == db[1] || da[1] == db[0] || da[1] == db[1]
	}
	return false
}

// parseDay reads a date or an RFC 3339 time: the dates it falls on (in its own offset and in UTC),
// the instant (zero for a bare date), and whether it carries no time of day.
func parseDay(s string) (dates [2]string, instant time.Time, dateOnly, ok bool) {
	s = strings.TrimSpace(s)
	if d, err := time.Parse(dateLayout, s); err == nil {
		day := d.Format(dateLayout)
		return [2]string{day, day}, time.Time{}, true, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return dates, instant, false, false
	}
	u := t.UTC()
	midnight := u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
	return [2]string{t.Format(dateLayout), u.Format(dateLayout)}, t, midnight, true
}

func (dateScalar) unmanagedNote() string { return shortUnmanagedNote }

func (d dateScalar) inputAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.String{keepStateWhenUnset{}, sameValueKeepsState{same: sameDay, what: "day"}},
		Validators:    []validator.String{dateOrTimeValidator{}},
	}
}

func (dateScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func (dateScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

// namedRefScalar is a read-only reference the CRM answers with the referenced record's name, such
// as a stage's pipeline { id, name }.
type namedRefScalar struct{ idDoc, nameDoc string }

var namedRefAttrTypes = map[string]attr.Type{"id": types.StringType, "name": types.StringType}

func (namedRefScalar) attrType() attr.Type { return types.ObjectType{AttrTypes: namedRefAttrTypes} }
func (namedRefScalar) null() attr.Value    { return types.ObjectNull(namedRefAttrTypes) }
func (namedRefScalar) toJSON(attr.Value) (json.RawMessage, error) {
	return nil, errReadOnly
}

func (namedRefScalar) fromJSON(raw json.RawMessage) (attr.Value, bool) {
	obj, ok := truto.Object(raw)
	if !ok {
		return nil, false
	}
	id, hasID := truto.MemberString(obj, "id")
	if !hasID || id == "" {
		return nil, false
	}
	name := types.StringNull()
	if n, ok := truto.MemberString(obj, "name"); ok {
		name = types.StringValue(n)
	}
	return types.ObjectValueMust(namedRefAttrTypes, map[string]attr.Value{"id": types.StringValue(id), "name": name}), true
}

func (namedRefScalar) same(attr.Value, attr.Value) bool { return false }
func (namedRefScalar) unmanagedNote() string            { return shortUnmanagedNote }

func (r namedRefScalar) inputAttribute(desc string) rschema.Attribute {
	return r.computedAttribute(desc)
}

func (r namedRefScalar) computedAttribute(desc string) rschema.Attribute {
	return rschema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: map[string]rschema.Attribute{
		"id":   rschema.StringAttribute{MarkdownDescription: r.idDoc, Computed: true},
		"name": rschema.StringAttribute{MarkdownDescription: r.nameDoc, Computed: true},
	}}
}

func (r namedRefScalar) dataAttribute(desc string) dschema.Attribute {
	return dschema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: map[string]dschema.Attribute{
		"id":   dschema.StringAttribute{MarkdownDescription: r.idDoc, Computed: true},
		"name": dschema.StringAttribute{MarkdownDescription: r.nameDoc, Computed: true},
	}}
}
