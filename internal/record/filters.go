package record

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A filter is one argument of a kind's list data source: what it sends to Truto and, because Truto
// silently ignores a filter the CRM cannot apply, how the provider re-checks it on every result.
// Filter is a list data source filter, made by one of the constructors below; like Field, it is
// sealed to this package.
type Filter interface{ filter }

type filter interface {
	// attributes are the filter's arguments (a time range has two).
	attributes(k *Kind) map[string]dschema.Attribute
	// apply reads the configured arguments: the query parameters to send, in order, and the checks
	// a result must pass (none when the filter is the CRM's to interpret). Unset arguments give
	// nothing.
	apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error)
	// rechecked names the filter in the data source's description ("" when not re-checked).
	rechecked() string
	// notRechecked names a filter the provider leaves to the CRM ("" when re-checked).
	notRechecked() string
	// fieldNames are the kind's fields the filter reads, checked by Declare.
	fieldNames() []string
}

// recheckedNote is appended to the description of every filter the provider re-applies to the results.
const recheckedNote = " Re-checked on the results by the provider, because Truto silently ignores a filter the CRM " +
	"cannot apply."

func optionalFilter(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// configString reads a string attribute of a configuration, plan or state; "" when unset or unknown.
func configString(config map[string]tftypes.Value, name string) string {
	var s string
	if v, ok := config[name]; ok && v.IsKnown() && !v.IsNull() {
		_ = v.As(&s)
	}
	return s
}

// exactFilter matches a text field exactly, ignoring case (name, website, email).
type exactFilter struct{ field string }

func (f exactFilter) attributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.field: optionalFilter("Only " + k.plural + " with exactly this " +
		strings.ReplaceAll(f.field, "_", " ") + " (compared case-insensitively)." + recheckedNote)}
}

func (f exactFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	want := configString(config, f.field)
	if want == "" {
		return nil, nil, nil
	}
	return []truto.Param{{Name: f.field, Value: want}}, []func(*truto.Record) bool{func(r *truto.Record) bool {
		raw, ok := r.Value(f.field)
		got, isText := truto.LooseString(raw)
		return ok && isText && strings.EqualFold(got, want)
	}}, nil
}

func (f exactFilter) rechecked() string    { return "`" + f.field + "`" }
func (f exactFilter) notRechecked() string { return "" }
func (f exactFilter) fieldNames() []string { return []string{f.field} }

// fullNameFilter matches a person's full name, first and last name joined (leads have no name
// field of their own), ignoring case; sent as name=<value>.
type fullNameFilter struct{}

func (fullNameFilter) attributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{"name": optionalFilter("Only " + k.plural + " with exactly this full name, first " +
		"and last name joined by a space (compared case-insensitively)." + recheckedNote)}
}

func (fullNameFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	want := configString(config, "name")
	if want == "" {
		return nil, nil, nil
	}
	return []truto.Param{{Name: "name", Value: want}}, []func(*truto.Record) bool{func(r *truto.Record) bool {
		return strings.EqualFold(FullNameOf(r), want)
	}}, nil
}

func (fullNameFilter) rechecked() string    { return "`name`" }
func (fullNameFilter) notRechecked() string { return "" }
func (fullNameFilter) fieldNames() []string { return []string{"first_name", "last_name"} }

// FullNameOf joins a record's first and last name.
func FullNameOf(r *truto.Record) string {
	var parts []string
	for _, f := range []string{"first_name", "last_name"} {
		raw, _ := r.Value(f)
		if s, ok := truto.LooseString(raw); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return strings.Join(parts, " ")
}

// itemFilter matches records one of whose list items has the value (a contact's email among its
// email addresses), ignoring case; sent as <name>=<value>.
type itemFilter struct {
	name       string // the argument and query parameter, e.g. email
	list, item string // the list field and the item attribute compared, e.g. email_addresses, email
	what       string // "with this email address"
}

func (f itemFilter) attributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.name: optionalFilter("Only " + k.plural + " " + f.what +
		" (compared case-insensitively)." + recheckedNote)}
}

func (f itemFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	want := configString(config, f.name)
	if want == "" {
		return nil, nil, nil
	}
	return []truto.Param{{Name: f.name, Value: want}}, []func(*truto.Record) bool{func(r *truto.Record) bool {
		raw, _ := r.Value(f.list)
		items, _ := truto.ObjectList(raw)
		for _, it := range items {
			if got, ok := truto.MemberString(it, f.item); ok && strings.EqualFold(got, want) {
				return true
			}
		}
		return false
	}}, nil
}

func (f itemFilter) rechecked() string    { return "`" + f.name + "`" }
func (f itemFilter) notRechecked() string { return "" }
func (f itemFilter) fieldNames() []string { return []string{f.list} }

// refFilter matches a reference's id, sent as <field>[id] (owner_id: the records a user owns); for a
// list of references (a note's contacts), any of them.
type refFilter struct {
	field  string
	what   string // "owned by this CRM user id"
	many   bool
	parent bool // the record every listed one belongs to (ByParent)
}

func (f refFilter) attr() string { return f.field + "_id" }

func (f refFilter) attributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.attr(): optionalFilter("Only " + k.plural + " " + f.what + " (sent as `" +
		f.field + "[id]`)." + recheckedNote)}
}

func (f refFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	want := configString(config, f.attr())
	if want == "" {
		return nil, nil, nil
	}
	return []truto.Param{{Name: f.field + "[id]", Value: want}}, []func(*truto.Record) bool{func(r *truto.Record) bool {
		raw, _ := r.Value(f.field)
		if !f.many {
			id, ok := truto.RefID(raw)
			return ok && id == want
		}
		items, _ := truto.ObjectList(raw)
		for _, it := range items {
			if id, ok := truto.MemberString(it, "id"); ok && id == want {
				return true
			}
		}
		return false
	}}, nil
}

func (f refFilter) rechecked() string    { return "`" + f.attr() + "`" }
func (f refFilter) notRechecked() string { return "" }
func (f refFilter) fieldNames() []string { return []string{f.field} }

// timeRange bounds a timestamp field with <prefix>_after and <prefix>_before, sent as
// <field>[gte] and <field>[lte]: Truto documents the timestamps as filters but not how a range is
// encoded, and the operator form is the convention of its bracket encoding for objects.
type timeRange struct {
	field  string // the timestamp, e.g. created_at
	prefix string // "created"
	what   string // "created", "last updated"
}

func (f timeRange) attributes(k *Kind) map[string]dschema.Attribute {
	bound := func(edge string) dschema.StringAttribute {
		return dschema.StringAttribute{
			MarkdownDescription: "Only " + k.plural + " " + f.what + " at or " + edge + " this time. RFC 3339, e.g. " +
				"`2024-01-31T00:00:00Z`; the bound is inclusive. " + capitalize(article(k.noun)) + " " + k.noun +
				" without that timestamp does not match." + recheckedNote,
			CustomType: timetypes.RFC3339Type{},
			Optional:   true,
		}
	}
	return map[string]dschema.Attribute{f.prefix + "_after": bound("after"), f.prefix + "_before": bound("before")}
}

func (f timeRange) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	after, before := configString(config, f.prefix+"_after"), configString(config, f.prefix+"_before")
	if after == "" && before == "" {
		return nil, nil, nil
	}
	var lo, hi *time.Time
	for _, b := range []struct {
		raw string
		dst **time.Time
	}{{after, &lo}, {before, &hi}} {
		if b.raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, b.raw)
		if err != nil { // the attributes' RFC 3339 type validates at plan time; this is a safety net
			return nil, nil, err
		}
		*b.dst = &t
	}
	params := []truto.Param{{Name: f.field + "[gte]", Value: after}, {Name: f.field + "[lte]", Value: before}}
	return params, []func(*truto.Record) bool{func(r *truto.Record) bool {
		raw, _ := r.Value(f.field)
		s, ok := truto.StrictString(raw)
		t, err := time.Parse(time.RFC3339Nano, s)
		return ok && err == nil && (lo == nil || !t.Before(*lo)) && (hi == nil || !t.After(*hi))
	}}, nil
}

func (f timeRange) rechecked() string    { return "the date bounds" }
func (f timeRange) notRechecked() string { return "" }
func (f timeRange) fieldNames() []string { return []string{f.field} }

// passFilter is sent as it is and left to the CRM (search_term, sort_by). param, when set, turns
// the configured value into the parameter sent (sort_by's field goes into the parameter's name).
type passFilter struct {
	name  string
	doc   string
	param func(value string) truto.Param
}

func (f passFilter) attributes(*Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.name: optionalFilter(f.doc)}
}

func (f passFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	v := configString(config, f.name)
	if v != "" && f.param != nil {
		return []truto.Param{f.param(v)}, nil, nil
	}
	return []truto.Param{{Name: f.name, Value: v}}, nil, nil
}

func (f passFilter) rechecked() string    { return "" }
func (f passFilter) notRechecked() string { return "`" + f.name + "`" }
func (passFilter) fieldNames() []string   { return nil } // sort keys are the CRM's vocabulary

// SearchTerm is the CRM's free-text search; hint says what it typically matches.
func SearchTerm(noun, hint string) passFilter {
	return passFilter{name: "search_term", doc: "Free-text search, as the CRM implements it (typically " + hint + "). " +
		"Not re-checked: its meaning is the CRM's; a CRM that cannot search returns every " + noun + "."}
}

// SortBy lets the CRM order the results; examples are field names it typically sorts by. Truto's
// sort_by is an object {field: asc|desc}, sent in its query encoding as sort_by[<field>]=asc (the
// attribute names only the field, so the order is ascending). The bare sort_by=<field> is not
// Truto's form: a CRM would ignore it as a filter it cannot apply.
func SortBy(examples ...string) passFilter {
	return passFilter{name: "sort_by", doc: "Field to sort by, in the CRM's vocabulary (for example " + JoinOr(Backticked(examples)) +
		"), ascending: sent as `sort_by[<field>]=asc`. Unset, the order is the API's. " +
		"Not re-checked: a CRM that cannot sort keeps its own order.",
		param: func(field string) truto.Param { return truto.Param{Name: "sort_by[" + field + "]", Value: "asc"} }}
}

// ByRef filters by a reference's id; anyRef by the id of any reference of a list.
func ByRef(field, what string) refFilter  { return refFilter{field: field, what: what} }
func AnyRef(field, what string) refFilter { return refFilter{field: field, what: what, many: true} }

// selectorFilter is a required argument that selects what is listed (the catalog's entity), sent
// as a query parameter of that name. It is not a filter of the results, so nothing is re-checked.
// Its values are read when the schema is built, from a list that may be derived from the kinds.
type selectorFilter struct {
	name   string
	values func() []string
	doc    func(values []string) string
}

func (f selectorFilter) attributes(*Kind) map[string]dschema.Attribute {
	values := f.values()
	return map[string]dschema.Attribute{f.name: dschema.StringAttribute{
		MarkdownDescription: f.doc(values),
		Required:            true,
		Validators:          []validator.String{stringvalidator.OneOf(values...)},
	}}
}

func (f selectorFilter) apply(config map[string]tftypes.Value) ([]truto.Param, []func(*truto.Record) bool, error) {
	if v := configString(config, f.name); v != "" {
		return []truto.Param{{Name: f.name, Value: v}}, nil, nil
	}
	return nil, nil, nil
}

func (selectorFilter) rechecked() string    { return "" }
func (selectorFilter) notRechecked() string { return "" }
func (selectorFilter) fieldNames() []string { return nil }

// Exact filters by a field's value, re-checked exactly on the results.
func Exact(field string) Filter { return exactFilter{field} }

// FullName filters by a person's full name (first and last name), re-checked on the results.
func FullName() Filter { return fullNameFilter{} }

// AnyItem filters by the value of an item attribute of a list (list.item), ignoring case; the
// argument and query parameter are named name.
func AnyItem(name, list, item, what string) Filter {
	return itemFilter{name: name, list: list, item: item, what: what}
}

// TimeRange bounds a timestamp field with <prefix>_after and <prefix>_before.
func TimeRange(field, prefix, what string) Filter { return timeRange{field, prefix, what} }

// Selector is a required argument choosing what is listed, one of values (read when the schema is
// built, so they may derive from the kinds); doc describes it given the values.
func Selector(name string, values func() []string, doc func(values []string) string) Filter {
	return selectorFilter{name: name, values: values, doc: doc}
}

// findHint says how the list data source finds a record, from the first of the kind's own
// re-checked filters ("filtered by name, website or owner_id"), for a message that sends the user
// looking for one.
func (k *Kind) findHint() string {
	var names []string
	for _, f := range k.filters {
		if name, ok := strings.CutPrefix(f.rechecked(), "`"); ok && len(names) < 3 {
			names = append(names, strings.TrimSuffix(name, "`"))
		}
	}
	if len(names) == 0 {
		return "listing them"
	}
	return "filtered by " + JoinOr(names)
}
