package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A kind is one CRM record collection of Truto's Unified CRM API (accounts, contacts, deals ...),
// declared once (crm_<noun>.go) and served by one generic resource (record_resource.go) and two
// generic data sources (record_data_source.go, records_data_source.go). Everything the three need
// is derived from the declaration.
type kind struct {
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
	onlyWith []onlyWith
	// filters are the list data source's filters, in the order they are sent.
	filters []filter
	// summaryFields are the fields of a list data source element, in the element; custom_fields
	// (as custom_fields_json) ends every element of a kind that has it.
	summaryFields []string
	// keyedBy is the field whose value keys the list data source's ids_by_<field> map ("" = none).
	keyedBy string
	// readOnly kinds (users, stages) have data sources only; listOnly ones only the list.
	readOnly, listOnly bool
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

	// Derived once from the resource schema.
	attrTypes     []attr.Type // by field index
	objType       tftypes.Type
	schemaVersion int64
	// defaults are the attributes with a schema default, for the no-op plan shortcut.
	defaults []defaultAttr
}

// kindSpec is a kind's declaration; see crm_account.go.
type kindSpec struct {
	noun, plural string
	summary      string
	fields       []field
	createRule   []string
	onlyWith     []onlyWith
	filters      []filter
	summaryOf    []string
	keyedBy      string
	readOnly     bool
	listOnly     bool
	lookupBy     string
	label        func(*truto.Record) string
	catalog      string
	indexBy      string
	about        string
}

// defaultAttr is a top-level attribute the framework fills with a default when it is unset.
type defaultAttr struct {
	name   string
	value  string   // the default
	others []string // every other value it may hold
}

// declare builds a kind: the declared fields between the attributes every kind has.
func declare(s kindSpec) *kind {
	k := &kind{
		noun:          s.noun,
		plural:        s.plural,
		coll:          truto.Collection{Path: "/unified/crm/" + s.plural, Noun: s.noun},
		typeName:      "truto_crm_" + s.noun,
		listTypeName:  "truto_crm_" + s.plural,
		summary:       s.summary,
		createRule:    s.createRule,
		onlyWith:      s.onlyWith,
		filters:       s.filters,
		summaryFields: s.summaryOf,
		keyedBy:       s.keyedBy,
		readOnly:      s.readOnly || s.listOnly,
		listOnly:      s.listOnly,
		lookupBy:      s.lookupBy,
		labelOf:       s.label,
		catalog:       s.catalog,
		indexBy:       s.indexBy,
		about:         s.about,
	}
	k.fields = append(k.fields, idField{base{idName}}, integratedAccountField{base{integratedAccountName}})
	k.fields = append(k.fields, s.fields...)
	if !k.readOnly {
		k.fields = append(k.fields, remoteDataField{base{remoteDataName}}, remoteQueryField{base{remoteQueryName}},
			deletionPolicyField{base{deletionPolicyName}}, timeoutsField{base{timeoutsName}})
	}
	k.index = make(map[string]int, len(k.fields))
	for i, f := range k.fields {
		if _, dup := k.index[f.name()]; dup {
			panic(fmt.Sprintf("kind %s: field %s declared twice", s.noun, f.name()))
		}
		k.index[f.name()] = i
	}
	if _, ok := k.index[customFieldsName]; ok && !slices.Contains(k.summaryFields, customFieldsName) {
		k.summaryFields = append(slices.Clip(k.summaryFields), customFieldsName)
	}
	for _, name := range append(append([]string{s.keyedBy, s.lookupBy, s.indexBy}, s.createRule...), s.summaryOf...) {
		if _, ok := k.index[name]; !ok && name != "" {
			panic(fmt.Sprintf("kind %s: %s is not a field", s.noun, name))
		}
	}
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
			k.defaults = append(k.defaults, defaultAttr{name: f.name(), value: v, others: others})
		}
	}
	return k
}

// resourceSchema is the schema of the kind's resource.
func (k *kind) resourceSchema() rschema.Schema {
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
func (k *kind) field(name string) field {
	if i, ok := k.index[name]; ok {
		return k.fields[i]
	}
	return nil
}

// sentAttribute reports whether a top-level attribute is one the CRM stores (an error's
// missing_required_body_fields can point at it).
func (k *kind) sentAttribute(name string) bool {
	s, ok := k.field(name).(sentField)
	return ok && s.sent()
}

// label is a record's human label: the kind's own, else its keyedBy field, else its id.
func (k *kind) label(rec *truto.Record) string {
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

// joinOr writes "a", "a or b", "a, b or c".
func joinOr(items []string) string { return joinWith(items, " or ") }

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string { return joinWith(items, " and ") }

func joinWith(items []string, last string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// kinds are the record kinds this provider serves.
var kinds = []*kind{accountKind, contactKind, opportunityKind, leadKind, noteKind, taskKind, engagementKind, userKind, stageKind,
	fieldKind}

// resourceKinds are the kinds with a resource, by resource type name.
var resourceKinds = func() map[string]*kind {
	m := map[string]*kind{}
	for _, k := range writableKinds() {
		m[k.typeName] = k
	}
	return m
}()

// kindByType finds the kind of a resource type name.
func kindByType(typeName string) *kind { return resourceKinds[typeName] }

// writableKinds are the kinds with a resource, in declaration order.
func writableKinds() []*kind {
	var out []*kind
	for _, k := range kinds {
		if !k.readOnly {
			out = append(out, k)
		}
	}
	return out
}
