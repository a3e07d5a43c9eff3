package emulator

import (
	"fmt"
	"strings"
)

// Profile is how the CRM behind an integrated account behaves.
//
// The fields up to SupportedFilters describe the accounts collection (an
// entry for "accounts" in Collections extends them). Integration, Sandbox,
// CustomFieldsAsStrings and the quirks below apply to every collection.
type Profile struct {
	// Integration names the CRM, e.g. "hubspot" (the default) or
	// "salesforce"; it shapes messages, remote_data and vendor error bodies.
	Integration string `json:"integration,omitempty"`
	// RequiredCreateFields are body fields a create must have, e.g.
	// ["name","owner"]; a create without them answers 400 with
	// truto_error_insight.missing_required_body_fields.
	RequiredCreateFields []string `json:"required_create_fields,omitempty"`
	// DeleteUnsupported makes DELETE answer 405 (method not supported by
	// the integration).
	DeleteUnsupported bool `json:"delete_unsupported,omitempty"`
	// DeleteReturnsNoContent makes DELETE answer 204 with no body instead of
	// 200 {"id": ...}.
	DeleteReturnsNoContent bool `json:"delete_returns_no_content,omitempty"`
	// Sandbox makes the account read-only: every POST, PATCH and DELETE
	// answers 405 (in every collection).
	Sandbox bool `json:"sandbox,omitempty"`
	// CustomFieldDefaults are custom fields the CRM sets itself on every
	// created account; they appear in custom_fields on every read.
	CustomFieldDefaults map[string]any `json:"custom_field_defaults,omitempty"`
	// CustomFieldsAsStrings makes the CRM store every custom-field value as
	// a string, as HubSpot does with its properties: 10 is answered as "10"
	// and true as "true" (objects and lists are kept). Every collection.
	CustomFieldsAsStrings bool `json:"custom_fields_as_strings,omitempty"`
	// CustomFieldsReplace makes an update replace the record's whole
	// custom_fields object with the one it sends (keys it leaves out are
	// cleared) instead of merging it per key; the reference does not say
	// which a CRM does. Every collection.
	CustomFieldsReplace bool `json:"custom_fields_replace,omitempty"`
	// SupportedFilters are the list filters the CRM applies (name, website,
	// search_term, owner, created_at, updated_at, sort_by); others are
	// silently ignored, as Truto documents. nil = all; empty = none.
	SupportedFilters []string `json:"supported_filters"`

	// Collections tunes collections by name ("contacts", "engagements" ...).
	// An entry for "accounts" extends the fields above: its required fields
	// are added, its booleans or-ed, its methods and filters used when set.
	Collections map[string]CollectionProfile `json:"collections,omitempty"`

	// CRM quirks; each applies to every collection that has the field.
	// Quirks that change stored values apply to API writes; Seed and Mutate
	// store what they are given.

	// LowercaseEmails stores email addresses lowercased (the email of
	// email_addresses items).
	LowercaseEmails bool `json:"lowercase_emails,omitempty"`
	// DateOnly keeps only the date of close_date and due_date: any time of
	// 2026-03-31 (in the offset it is written in), and the date 2026-03-31,
	// are answered as 2026-03-31T00:00:00.000Z.
	DateOnly bool `json:"date_only,omitempty"`
	// E164Phones stores phone numbers (the number of phone_numbers items)
	// in E.164 form: "+1 (415) 555-0100" is answered as "+14155550100".
	E164Phones bool `json:"e164_phones,omitempty"`
	// NumbersAsStrings answers amount and position as JSON strings
	// ("1234.56").
	NumbersAsStrings bool `json:"numbers_as_strings,omitempty"`
	// ReorderLists answers every list of objects in reverse order (items
	// keep their ids).
	ReorderLists bool `json:"reorder_lists,omitempty"`
	// CheckReferences makes a create or update fail when an id it sends in
	// account, contact, opportunity, lead, stage or owner does not exist in
	// the integrated account's accounts, contacts, opportunities, leads,
	// stages or users: a CRM error (truto_is_remote_error) with status
	// ReferenceErrorStatus naming the field, e.g. "account.id 123 does not
	// exist" or "contact[1].id 9 does not exist".
	CheckReferences bool `json:"check_references,omitempty"`
	// ReferenceErrorStatus is the status of that error: 400 (the default)
	// or 404.
	ReferenceErrorStatus int `json:"reference_error_status,omitempty"`

	// Fields is the custom-field catalog served by GET /unified/crm/fields,
	// per entity (account, activity, contact, lead, note, opportunity, task). nil =
	// the integration serves no catalog: the fields methods answer 405.
	// Record custom_fields are never checked against it.
	Fields map[string][]FieldDef `json:"fields,omitempty"`

	// How the integration writes field definitions (POST, PATCH and DELETE
	// /unified/crm/fields, see fields.go); "collections": {"fields":
	// {"methods": [...]}} narrows the methods (no delete, say).

	// FieldNameRule is how a field create gets the field's name when the
	// body has none: "label" (the default) derives it from the label as
	// HubSpot does (lowercased, each run of characters other than a-z and
	// 0-9 one underscore, none at the ends: "Customer Tier!" is
	// customer_tier); "required" answers 400 naming name
	// (truto_error_insight.missing_required_body_fields).
	FieldNameRule string `json:"field_name_rule,omitempty"`
	// FieldNameSuffix is appended to a created field's name, given or
	// derived, unless it already ends with it: Salesforce stores a custom
	// field "tier" as tier__c.
	FieldNameSuffix string `json:"field_name_suffix,omitempty"`
	// FieldFlagsUnprefixed makes field create and update bodies take the
	// flags as required, unique and hidden (meta's request_body_schema says
	// so); is_required, is_unique and is_hidden are then ignored, like any
	// key the integration's mapping lacks. Responses use the unified is_*
	// names either way.
	FieldFlagsUnprefixed bool `json:"field_flags_unprefixed,omitempty"`
	// FieldOptionExtras answers every option of a written field with a
	// description (its label when none was sent) and is_hidden (false when
	// not sent), as CRMs that describe options do.
	FieldOptionExtras bool `json:"field_option_extras,omitempty"`

	// PartialLists are fields left out of every list item (not of get
	// responses), e.g. ["custom_fields", "remote_data"]; list pages then
	// answer "is_partial_response": true.
	PartialLists []string `json:"partial_lists,omitempty"`

	// The integrated account's state, as capabilities reports it.

	// Status is the account's status: active (the default), connecting,
	// post_install_error, validation_error or needs_reauth.
	Status string `json:"status,omitempty"`
	// Blocked marks the account blocked: capabilities says is_blocked and
	// every unified call of the account answers Truto's 503.
	Blocked bool `json:"blocked,omitempty"`
	// CapabilitiesUnavailable makes the capabilities and meta endpoints
	// answer 500.
	CapabilitiesUnavailable bool `json:"capabilities_unavailable,omitempty"`
}

// CollectionProfile is how the integration behaves for one collection.
type CollectionProfile struct {
	// RequiredCreateFields are body fields a create must have, beyond the
	// collection's own rule.
	RequiredCreateFields []string `json:"required_create_fields,omitempty"`
	// DeleteUnsupported makes DELETE answer 405.
	DeleteUnsupported bool `json:"delete_unsupported,omitempty"`
	// DeleteReturnsNoContent makes DELETE answer 204 with no body.
	DeleteReturnsNoContent bool `json:"delete_returns_no_content,omitempty"`
	// Methods are the unified methods (list, get, create, update, delete)
	// the integration supports; nil = all the collection has. Another
	// method answers 405 "<method>: method not supported by integration X".
	Methods []string `json:"methods,omitempty"`
	// Unrouted are unified methods whose route Truto does not serve for
	// the integration: they answer Truto's plain 404 "Not Found" (no
	// truto_is_remote_error, and not "Integrated account not found"),
	// whatever Methods says.
	Unrouted []string `json:"unrouted,omitempty"`
	// SupportedFilters are the list filters the CRM applies; others are
	// silently ignored. nil = all; empty = none.
	SupportedFilters []string `json:"supported_filters"`
	// NeverReturned are fields the integration accepts but never returns
	// in responses (the vendor record in remote_data still has them).
	NeverReturned []string `json:"never_returned,omitempty"`
	// UnwritableFields are fields the integration cannot write, per
	// method: {"create": ["industry"], "update": ["industry"]} leaves
	// them out of that method's request_body_schema, and the CRM silently
	// drops them from that method's body (as CRMs drop what their mapping
	// lacks).
	UnwritableFields map[string][]string `json:"unwritable_fields,omitempty"`
	// AdditionalProperties sets additionalProperties on a write method's
	// request_body_schema: {"create": true} says the create body may hold
	// properties the schema does not list (what the CRM does with them is
	// unchanged: unwritable_fields are still dropped). A method left out
	// has no additionalProperties in its schema.
	AdditionalProperties map[string]bool `json:"additional_properties,omitempty"`
	// RequiredQuery are query parameters a method requires, e.g.
	// {"update": ["contact"]} for notes (sent as contact[0][id]=...) or
	// {"update": ["engagement_type"], "delete": ["engagement_type"]} for
	// engagements. A missing one answers 400 with
	// truto_error_insight.missing_required_query_parameters; a parameter
	// named after a field of the record (engagement_type) must also equal
	// the record's value, else the CRM answers 404.
	RequiredQuery map[string][]string `json:"required_query,omitempty"`
	// EngagementTypes are the engagement_type values the integration
	// accepts (default call, meeting, email, note, chat, task); another is
	// a CRM 422.
	EngagementTypes []string `json:"engagement_types,omitempty"`
	// BatchDelete gives the collection Truto's custom batch-delete method
	// (contacts and accounts only) and says where it takes the ids: "body"
	// (HubSpot) or "query" (Salesforce, contacts); "" = the integration
	// lacks it. See batchdelete.go.
	BatchDelete string `json:"batch_delete,omitempty"`
}

// FieldDef is one field of the custom-field catalog (GET /unified/crm/fields).
type FieldDef struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
	// Type is one of string, text, rich_text, number, boolean, date,
	// datetime, time, enum, array, file.
	Type          string        `json:"type"`
	Options       []FieldOption `json:"options,omitempty"`
	IsRequired    bool          `json:"is_required,omitempty"`
	IsUnique      bool          `json:"is_unique,omitempty"`
	IsHidden      bool          `json:"is_hidden,omitempty"`
	IsUserDefined bool          `json:"is_user_defined,omitempty"`
}

// FieldOption is a choice of an enum or array field.
type FieldOption struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	IsHidden    bool   `json:"is_hidden,omitempty"`
}

// fieldNameRules are the values of Profile.FieldNameRule ("" is "label").
var fieldNameRules = []string{"", "label", "required"}

// fieldTypes are the catalog's field types.
var fieldTypes = []string{"string", "text", "rich_text", "number", "boolean", "date", "datetime", "time", "enum", "array", "file"}

// fieldEntities are the entities a catalog may serve: the reference's record
// types with a resource (§11), activity being engagements' (Close).
var fieldEntities = []string{"account", "activity", "contact", "lead", "note", "opportunity", "task"}

// accountStatuses are the statuses of an integrated account.
var accountStatuses = []string{"active", "connecting", "post_install_error", "validation_error", "needs_reauth"}

// defaultEngagementTypes are the engagement_type values accepted unless a
// profile restricts them.
var defaultEngagementTypes = []string{"call", "meeting", "email", "note", "chat", "task"}

// Validate reports a profile that names an unknown collection, method,
// catalog entity or field type, or an unsupported reference error status.
// New panics on such a profile.
func (p Profile) Validate() error {
	for name, cp := range p.Collections {
		if lookupCollection(name) == nil {
			return fmt.Errorf("profile: collections: unknown collection %q (known: %s)", name, strings.Join(CollectionNames(), ", "))
		}
		for _, m := range cp.Methods {
			if !contains(allOps, m) {
				return fmt.Errorf("profile: collections.%s.methods: unknown method %q (known: %s)", name, m, strings.Join(allOps, ", "))
			}
		}
		for _, m := range cp.Unrouted {
			if !contains(allOps, m) {
				return fmt.Errorf("profile: collections.%s.unrouted: unknown method %q (known: %s)", name, m, strings.Join(allOps, ", "))
			}
		}
		if err := validateBatchDelete(name, cp.BatchDelete); err != nil {
			return err
		}
		for m := range cp.UnwritableFields {
			if m != opCreate && m != opUpdate {
				return fmt.Errorf("profile: collections.%s.unwritable_fields: unknown method %q (known: create, update)", name, m)
			}
		}
		for m := range cp.AdditionalProperties {
			if m != opCreate && m != opUpdate {
				return fmt.Errorf("profile: collections.%s.additional_properties: unknown method %q (known: create, update)", name, m)
			}
		}
		for m := range cp.RequiredQuery {
			if !contains(allOps, m) {
				return fmt.Errorf("profile: collections.%s.required_query: unknown method %q (known: %s)", name, m, strings.Join(allOps, ", "))
			}
		}
	}
	if p.Status != "" && !contains(accountStatuses, p.Status) {
		return fmt.Errorf("profile: status %q is not one of %s", p.Status, strings.Join(accountStatuses, ", "))
	}
	if !contains(fieldNameRules, p.FieldNameRule) {
		return fmt.Errorf("profile: field_name_rule %q is not label or required", p.FieldNameRule)
	}
	if s := p.ReferenceErrorStatus; s != 0 && s != 400 && s != 404 {
		return fmt.Errorf("profile: reference_error_status %d is not 400 or 404", s)
	}
	for entity, defs := range p.Fields {
		if !contains(fieldEntities, entity) {
			return fmt.Errorf("profile: fields: unknown entity %q (known: %s)", entity, strings.Join(fieldEntities, ", "))
		}
		for _, d := range defs {
			if d.Name == "" {
				return fmt.Errorf("profile: fields.%s: a field has no name", entity)
			}
			if !contains(fieldTypes, d.Type) {
				return fmt.Errorf("profile: fields.%s.%s: unknown type %q (known: %s)", entity, d.Name, d.Type, strings.Join(fieldTypes, ", "))
			}
		}
	}
	return nil
}

// collProfile is a Profile resolved for one collection.
type collProfile struct {
	integration string
	// methods are the unified methods the integration supports on the
	// collection (within what the collection has at all).
	methods         map[string]bool
	unrouted        []string // methods answering Truto's plain 404
	required        []string // the profile's required create fields
	deleteNoContent bool
	filters         []string // supported filters; nil = all
	neverReturned   []string
	unwritable      map[string][]string // fields each write method drops
	// additional is each write method's request_body_schema
	// additionalProperties (a method left out has none).
	additional map[string]bool
	// requiredQuery are the query parameters each method needs: the
	// collection's own and the profile's.
	requiredQuery map[string][]string
	// enums override the allowed values of fields (engagement_type).
	enums map[string][]string
	// customFieldDefaults are the custom fields the CRM sets on every
	// record it creates (accounts only).
	customFieldDefaults map[string]any
	// batchDelete is where batch-delete takes its ids ("" = no such method).
	batchDelete string
}

// resolve returns the profile of collection c.
func (p Profile) resolve(c *collection) collProfile {
	cp := collProfile{integration: p.Integration, methods: map[string]bool{}, requiredQuery: map[string][]string{}}
	entry := p.Collections[c.name]
	deleteUnsupported := entry.DeleteUnsupported
	cp.deleteNoContent = entry.DeleteReturnsNoContent
	cp.filters = entry.SupportedFilters
	if c == accountsCollection {
		cp.required = append(cp.required, p.RequiredCreateFields...)
		cp.customFieldDefaults = p.CustomFieldDefaults
		deleteUnsupported = deleteUnsupported || p.DeleteUnsupported
		cp.deleteNoContent = cp.deleteNoContent || p.DeleteReturnsNoContent
		if cp.filters == nil {
			cp.filters = p.SupportedFilters
		}
	}
	for _, k := range entry.RequiredCreateFields {
		if !contains(cp.required, k) {
			cp.required = append(cp.required, k)
		}
	}
	for _, op := range allOps {
		switch {
		case !c.supports(op):
		case entry.Methods != nil && !contains(entry.Methods, op):
		case op == opDelete && deleteUnsupported:
		case c.catalog && p.Fields == nil:
		default:
			cp.methods[op] = true
		}
	}
	if entry.BatchDelete != "" {
		cp.methods[opBatchDelete], cp.batchDelete = true, entry.BatchDelete
	}
	cp.neverReturned = entry.NeverReturned
	cp.unrouted = entry.Unrouted
	cp.unwritable = entry.UnwritableFields
	cp.additional = entry.AdditionalProperties
	for _, src := range []map[string][]string{c.requiredQuery, entry.RequiredQuery} {
		for op, params := range src {
			for _, q := range params {
				if !contains(cp.requiredQuery[op], q) {
					cp.requiredQuery[op] = append(cp.requiredQuery[op], q)
				}
			}
		}
	}
	if entry.EngagementTypes != nil && c.field("engagement_type") != nil {
		cp.enums = map[string][]string{"engagement_type": entry.EngagementTypes}
	}
	return cp
}

// filterSupported reports whether the CRM applies a list filter.
func (cp *collProfile) filterSupported(name string) bool {
	return cp.filters == nil || contains(cp.filters, name)
}

// enum returns the values the CRM accepts for a field (nil = any).
func (cp *collProfile) enum(f *field) []string {
	if e, ok := cp.enums[f.name]; ok {
		return e
	}
	return f.enum
}

// methodList returns the supported methods in Truto's order.
func (cp *collProfile) methodList() []string {
	out := []string{}
	for _, op := range allOps {
		if cp.methods[op] {
			out = append(out, op)
		}
	}
	return out
}

// referenceErrorStatus is the status of a CheckReferences error.
func (p Profile) referenceErrorStatus() int {
	if p.ReferenceErrorStatus == 0 {
		return 400
	}
	return p.ReferenceErrorStatus
}
