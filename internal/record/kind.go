package record

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A kind is one CRM record collection of Truto's Unified CRM API (accounts, contacts, deals ...),
// declared once (crm_<noun>.go) and served by one generic resource (record_resource.go) and two
// generic data sources (record_data_source.go, records_data_source.go). Everything the three need
// is derived from the declaration.
type Kind struct {
	noun, plural string // "account", "accounts"
	coll         truto.Collection
	typeName     string // the resource's and the one-record data source's, "truto_crm_account"
	listTypeName string // the list data source's, "truto_crm_accounts"
	summary      string // the first words of the resource's description
	fields       []field
	index        map[string]int
	// createRule names attributes of which at least one must be set to a non-empty value (Truto's
	// "either name or website is required").
	createRule []string
	// onlyWith are attributes that may be set only when another has a given value.
	onlyWith []OnlyWith
	// filters are the list data source's filters, in the order they are sent.
	filters []Filter
	// summaryFields are the fields of a list data source element, in the element; custom_fields
	// (as custom_fields_json) ends every element of a kind that has it.
	summaryFields []string
	// keyedBy is the field whose value keys the list data source's ids_by_<field> map ("" = none).
	keyedBy string
	// readOnly kinds (users, stages) have data sources only; listOnly ones only the list.
	readOnly, listOnly bool
	// askBeforeRead: a refresh asks capabilities before reading a record (Spec.GetUndocumented).
	askBeforeRead bool
	// lookupBy is a field that also finds one record, instead of its id ("" = the id only).
	lookupBy string
	// labelOf is a record's human label, for terraform query's display names (default: keyedBy).
	labelOf func(*truto.Record) string
	// catalog is the kind's entity in the custom-field catalog ("" = none), for plan-time checks of
	// custom_fields.
	catalog string
	// indexBy is the field whose values the list data source also gives as <field>s and, whole
	// elements, by_<field> ("" = none).
	indexBy string
	// about ends the list data source's description.
	about string
	// adoptBy are the natural keys adopt_by may name (none: the kind has no adopt_by).
	adoptBy []AdoptKey
	// cmp are the provider settings its fields compare under (zero: the declared kind; see
	// comparedWith).
	cmp comparing

	// Derived once from the resource schema.
	attrTypes     []attr.Type // by field index
	objType       tftypes.Type
	schemaVersion int64
	// defaults are the attributes with a schema default, for the no-op plan shortcut.
	defaults []DefaultAttr
}

// Spec is a kind's declaration (see internal/kinds): data only, built from this package's
// vocabulary, so every rule about a field stays in its field kind.
type Spec struct {
	Noun, Plural string
	Summary      string // the first words of the resource's description
	Fields       []Field
	CreateRule   []string // at least one of these must be set, non-empty
	OnlyWith     []OnlyWith
	Filters      []Filter // the list data source's, in the order they are sent
	SortBy       []string // a writable kind's sort_by examples (its list's common filters)
	SummaryOf    []string // the fields of a list data source element
	KeyedBy      string   // the field keying ids_by_<field> ("" = none)
	ReadOnly     bool     // data sources only
	ListOnly     bool     // the list data source only
	LookupBy     string   // a field that also finds one record ("" = the id only)
	Label        func(*truto.Record) string
	Catalog      string     // the custom-field catalog's entity ("" = none)
	IndexBy      string     // the field the list data source also indexes by ("" = none)
	About        string     // ends the list data source's description
	AdoptBy      []AdoptKey // the natural keys adopt_by may name, in the order documented
	// GetUndocumented says Truto's reference documents no get for the kind (its §1): a refresh
	// asks the integrated account's capabilities before reading one, so no GET is sent where the
	// integration has none. Other kinds ask only when a GET is refused (or the plan asked already).
	GetUndocumented bool
}

// Declare builds a kind: the declared fields between the attributes every kind has.
func Declare(s Spec) *Kind {
	k := &Kind{
		noun:          s.Noun,
		plural:        s.Plural,
		coll:          truto.Collection{Path: "/unified/crm/" + s.Plural, Noun: s.Noun},
		typeName:      "truto_crm_" + s.Noun,
		listTypeName:  "truto_crm_" + s.Plural,
		summary:       s.Summary,
		createRule:    s.CreateRule,
		onlyWith:      s.OnlyWith,
		filters:       s.Filters,
		summaryFields: s.SummaryOf,
		keyedBy:       s.KeyedBy,
		readOnly:      s.ReadOnly || s.ListOnly,
		listOnly:      s.ListOnly,
		lookupBy:      s.LookupBy,
		labelOf:       s.Label,
		catalog:       s.Catalog,
		indexBy:       s.IndexBy,
		about:         s.About,
		adoptBy:       s.AdoptBy,
		askBeforeRead: s.GetUndocumented,
	}
	k.fields = append(k.fields, idField{base{idName}}, integratedAccountField{base{integratedAccountName}})
	for _, f := range s.Fields {
		k.fields = append(k.fields, f)
	}
	if !k.readOnly {
		k.addCommon(s)
	}
	if !k.readOnly && len(k.adoptBy) > 0 {
		k.fields = append(k.fields, adoptByField{base{adoptByName}}, adoptedField{base{adoptedName}})
	}
	if !k.readOnly {
		k.fields = append(k.fields, remoteDataField{base{remoteDataName}}, remoteQueryField{base{remoteQueryName}},
			unsupportedFieldsField{base{unsupportedFieldsName}}, deletionPolicyField{base{deletionPolicyName}}, timeoutsField{base{timeoutsName}})
	}
	k.index = make(map[string]int, len(k.fields))
	for i, f := range k.fields {
		if _, dup := k.index[f.name()]; dup {
			panic(fmt.Sprintf("kind %s: field %s declared twice", s.Noun, f.name()))
		}
		k.index[f.name()] = i
	}
	if _, ok := k.index[customFieldsName]; ok && !slices.Contains(k.summaryFields, customFieldsName) {
		k.summaryFields = append(slices.Clip(k.summaryFields), customFieldsName)
	}
	k.checkFieldNames(s)
	if k.readOnly {
		return k // no resource: nothing more to derive
	}

	ctx := context.Background()
	sch := k.resourceSchema()
	k.objType = sch.Type().TerraformType(ctx)
	k.schemaVersion = sch.Version
	for _, f := range k.fields {
		a := sch.Attributes[f.name()]
		k.attrTypes = append(k.attrTypes, a.GetType())
		if d, ok := f.(defaulted); ok {
			v, others := d.defaultValue()
			k.defaults = append(k.defaults, DefaultAttr{Name: f.name(), Value: v, Others: others})
		}
	}
	return k
}

// addCommon adds what every writable kind has: custom fields, its creation and last-change times
// (unless declared otherwise, as a task's computed created_at), a list sorted by the CRM and bounded
// by those times, and the times at the end of a list element.
func (k *Kind) addCommon(s Spec) {
	declared := map[string]bool{}
	for _, f := range s.Fields {
		declared[f.name()] = true
	}
	for _, f := range []field{
		CustomFields(),
		CreatedAt("When the " + s.Noun + " was created, RFC 3339."),
		Timestamp("updated_at", "When the "+s.Noun+" was last changed in the CRM, RFC 3339.", ChangesOnWrite),
	} {
		if !declared[f.name()] {
			k.fields = append(k.fields, f)
		}
	}
	k.filters = append(slices.Clip(k.filters), SortBy(s.SortBy...),
		TimeRange("created_at", "created", "created"), TimeRange("updated_at", "updated", "last updated"))
	k.summaryFields = append(slices.Clip(k.summaryFields), "created_at", "updated_at")
}

// checkFieldNames panics, when the kinds are declared, on a name in the declaration that is not one
// of the kind's fields: a typo in a filter, a create rule or an option would otherwise compile and
// fail only when a user hits it.
func (k *Kind) checkFieldNames(s Spec) {
	names := append([]string{s.KeyedBy, s.LookupBy, s.IndexBy}, s.CreateRule...)
	names = append(names, s.SummaryOf...)
	for _, f := range s.Filters {
		names = append(names, f.fieldNames()...)
	}
	for _, a := range s.AdoptBy {
		names = append(names, a.fields...)
	}
	for _, o := range s.OnlyWith {
		names = append(names, o.field, o.other)
	}
	for _, f := range k.fields {
		if o, ok := f.(*optional); ok {
			names = append(names, o.derivedFrom...)
		}
	}
	for _, name := range names {
		if _, ok := k.index[name]; !ok && name != "" {
			panic(fmt.Sprintf("kind %s: %s is not a field", s.Noun, name))
		}
	}
}

// Noun is the kind's noun, "account".
func (k *Kind) Noun() string { return k.noun }

// Plural is the kind's plural, "accounts": its collection's path segment.
func (k *Kind) Plural() string { return k.plural }

// TypeName is the resource's and the one-record data source's type name, "truto_crm_account".
func (k *Kind) TypeName() string { return k.typeName }

// ReadOnly kinds have data sources only; ListOnly ones only the list data source.
func (k *Kind) ReadOnly() bool { return k.readOnly }

// ListOnly kinds have the list data source only.
func (k *Kind) ListOnly() bool { return k.listOnly }

// Catalog is the kind's entity in the custom-field catalog ("" = none).
func (k *Kind) Catalog() string { return k.catalog }

// FieldNames are the names of the kind's top-level attributes, in declaration order.
func (k *Kind) FieldNames() []string {
	out := make([]string, len(k.fields))
	for i, f := range k.fields {
		out[i] = f.name()
	}
	return out
}

// ObjectType is the Terraform type of the resource's state (nil for read-only kinds).
func (k *Kind) ObjectType() tftypes.Type { return k.objType }

// SchemaVersion is the resource schema's version.
func (k *Kind) SchemaVersion() int64 { return k.schemaVersion }

// ResourceSchema is the schema of the kind's resource.
func (k *Kind) ResourceSchema() rschema.Schema { return k.resourceSchema() }

// DefaultAttr is a top-level attribute the framework fills with a default when it is unset.
type DefaultAttr struct {
	Name   string
	Value  string   // the default
	Others []string // every other value it may hold
}

// Defaults are the resource's attributes with a schema default, for the no-op plan shortcut.
func (k *Kind) Defaults() []DefaultAttr { return k.defaults }

// resourceSchema is the schema of the kind's resource.
func (k *Kind) resourceSchema() rschema.Schema {
	attrs := make(map[string]rschema.Attribute, len(k.fields))
	for _, f := range k.fields {
		attrs[f.name()] = f.resourceAttribute(k)
	}
	return rschema.Schema{
		MarkdownDescription: k.summary + " managed through Truto's Unified CRM API, in whichever CRM the integrated " +
			"account connects. Attribute names are Truto's unified field names.\n\n" +
			"Optional attributes left out of the configuration are **unmanaged**: read from the CRM into state, never " +
			"sent and never shown as drift. An explicit empty value (`\"\"`, `[]`) clears the field in the CRM, and " +
			"`custom_fields = {}` clears every custom field it managed. Removing an attribute from the configuration " +
			"therefore stops managing it rather than clearing it.",
		Attributes: attrs,
	}
}

// field returns the named field, or nil.
// listedApart is the field by which CRMs list the kind's records apart (ListedApart), or nil.
func (k *Kind) listedApart() *optional {
	for _, f := range k.fields {
		if o, ok := f.(*optional); ok && o.listedApart != nil {
			return o
		}
	}
	return nil
}

func (k *Kind) field(name string) field {
	if i, ok := k.index[name]; ok {
		return k.fields[i]
	}
	return nil
}

// sentAttribute reports whether a top-level attribute is one the CRM stores (an error's
// missing_required_body_fields can point at it).
func (k *Kind) sentAttribute(name string) bool {
	s, ok := k.field(name).(sentField)
	return ok && s.sent()
}

// label is a record's human label: the kind's own, else its keyedBy field, else its id.
func (k *Kind) label(rec *truto.Record) string {
	if k.labelOf != nil {
		if l := k.labelOf(rec); l != "" {
			return l
		}
	}
	if raw, ok := rec.Value(k.keyedBy); ok && k.keyedBy != "" {
		if s, ok := truto.LooseString(raw); ok && s != "" {
			return s
		}
	}
	return rec.ID
}
