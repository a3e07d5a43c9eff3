package record

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// A field is one attribute of a record kind, declared once (see crm_account.go) as a value of a
// field kind: a string, a reference {id}, a nested list, custom fields ... The field kind holds
// every rule about the attribute, written once for all record kinds: its schema in the resource
// and the data sources (with one description), how it goes into a create or a PATCH, and how a
// response or a read turns into state.
type field interface {
	name() string

	// resourceAttribute is the attribute in the resource's schema.
	resourceAttribute(k *Kind) rschema.Attribute
	// dataAttribute is the attribute in the one-record data source; nil when the data source does
	// not show the field (settings such as deletion_policy, request-only values).
	dataAttribute(k *Kind) dschema.Attribute

	// create adds the planned value to a create body.
	create(plan attr.Value, body *truto.Record) error
	// update adds the planned value to a PATCH body when it differs from state.
	update(plan, state attr.Value, body *truto.Record, c *changeContext) error
	// applied is the state after a create or update: the planned value, with what was unknown
	// filled from the response (Terraform requires known planned values to stay as they are).
	applied(plan attr.Value, resp *truto.Record) attr.Value
	// read is the state after a read: the CRM's value (that is how drift shows), except where the
	// difference from prior is not drift. adoptAll is set on the read right after an import.
	read(prior attr.Value, resp *truto.Record, adoptAll bool) attr.Value
	// dataValue is the data source's value of the field for a record read from the CRM.
	dataValue(resp *truto.Record) attr.Value
}

// Field is a declared attribute, made by one of the constructors in declare.go. Its methods are
// the unexported field's, so only this package makes fields and a kind stays pure data.
type Field interface{ field }

// changeContext is what an update needs beyond plan and state.
type changeContext struct {
	// adopted are the custom fields an import adopted (never cleared when the plan leaves them out).
	adopted map[string]bool
}

// Optional capabilities of a field kind, used where only some kinds take part.
type (
	// sentField is stored in the CRM: an unknown planned value means the update sends something.
	sentField interface{ sent() bool }
	// queryField also sends its value as a query parameter of some writes.
	queryField interface {
		queryParams(v attr.Value, method string) []truto.Param
	}
	// replacingField replaces the resource when it changes (the framework's RequiresReplace, which
	// resource-level plan code cannot see).
	replacingField interface {
		replacedBy(plan, state attr.Value) bool
	}
	// requestOptionField contributes query parameters to writes (remote_query).
	requestOptionField interface {
		requestOptions(plan attr.Value, opts *truto.RequestOptions)
	}
	// updatePlanner plans the value of a CRM-maintained attribute on update; sendsNothing tells
	// whether the CRM receives a PATCH at all.
	updatePlanner interface {
		planUpdate(plan, state attr.Value, sendsNothing bool) attr.Value
	}
	// createChecker reports what a create response says about the planned value.
	createChecker interface {
		checkCreated(plan attr.Value, resp *truto.Record, diags *diag.Diagnostics)
	}
	// summarized fields appear in the list data source's elements.
	summarized interface {
		summaryAttributes(k *Kind) map[string]dschema.Attribute
		summaryValues(resp *truto.Record) map[string]attr.Value
	}
	// setChecker tells whether a configured value counts as set for a create rule (a non-empty
	// string, a list with items ...); unknown reports a value not known until apply.
	setChecker interface {
		isSet(config attr.Value) (set, unknown bool)
	}
	// completeIn reports whether a record a list page answered holds what a read of the field
	// needs, given the prior state: list responses may be partial, and a field the state holds
	// that a page leaves out is read with its own GET rather than taken as cleared.
	completeChecker interface {
		completeIn(prior attr.Value, rec *truto.Record) bool
	}
	// defaulted fields have a schema default.
	defaulted interface {
		// defaultValue is the schema default the framework fills in when the attribute is unset,
		// and others the other values the attribute can hold (the no-op plan shortcut relies on it).
		defaultValue() (value string, others []string)
	}
)

// base gives a field its name and the behaviour of a Terraform-side setting: nothing sent, the
// planned or prior value kept.
type base struct{ n string }

func (b base) name() string                                                     { return b.n }
func (base) dataAttribute(*Kind) dschema.Attribute                              { return nil }
func (base) create(attr.Value, *truto.Record) error                             { return nil }
func (base) update(attr.Value, attr.Value, *truto.Record, *changeContext) error { return nil }
func (base) applied(plan attr.Value, _ *truto.Record) attr.Value                { return plan }
func (base) read(prior attr.Value, _ *truto.Record, _ bool) attr.Value          { return prior }
func (base) dataValue(*truto.Record) attr.Value                                 { return nil }

// docs is a field's description: doc is shared by the resource and the data sources; inputDoc,
// when set, replaces it in the resource where the attribute is an input that needs more words
// (its allowed values, an example).
type docs struct{ doc, inputDoc string }

func (d docs) input() string {
	if d.inputDoc != "" {
		return d.inputDoc
	}
	return d.doc
}

// errReadOnly is what sending a value only the CRM sets would be.
var errReadOnly = errors.New("the CRM sets this value; it cannot be sent")

func known(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }
