package emulator

// Profile is how the CRM behind an integrated account behaves.
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
	// answers 405.
	Sandbox bool `json:"sandbox,omitempty"`
	// CustomFieldDefaults are custom fields the CRM sets itself on every
	// created record; they appear in custom_fields on every read.
	CustomFieldDefaults map[string]any `json:"custom_field_defaults,omitempty"`
	// CustomFieldsAsStrings makes the CRM store every custom-field value as
	// a string, as HubSpot does with its properties: 10 is answered as "10"
	// and true as "true" (objects and lists are kept).
	CustomFieldsAsStrings bool `json:"custom_fields_as_strings,omitempty"`
	// SupportedFilters are the list filters the CRM applies (name, website,
	// search_term, owner, created_at, updated_at, sort_by); others are
	// silently ignored, as Truto documents. nil = all; empty = none.
	SupportedFilters []string `json:"supported_filters"`
}

// collProfile is a Profile resolved for one collection.
type collProfile struct {
	integration string
	// methods are the unified methods the integration supports on the
	// collection (within what the collection supports at all).
	methods         map[string]bool
	required        []string // the profile's required create fields
	deleteNoContent bool
	filters         []string // supported filters; nil = all
	// customFieldDefaults are the custom fields the CRM sets on every
	// record it creates.
	customFieldDefaults map[string]any
}

// resolve returns the profile of collection c.
func (p Profile) resolve(c *collection) collProfile {
	cp := collProfile{integration: p.Integration, methods: map[string]bool{}}
	for _, op := range allOps {
		if c.supports(op) {
			cp.methods[op] = true
		}
	}
	if c == accountsCollection {
		cp.required = p.RequiredCreateFields
		cp.deleteNoContent = p.DeleteReturnsNoContent
		cp.filters = p.SupportedFilters
		cp.customFieldDefaults = p.CustomFieldDefaults
		if p.DeleteUnsupported {
			delete(cp.methods, opDelete)
		}
	}
	return cp
}

// filterSupported reports whether the CRM applies a list filter.
func (cp *collProfile) filterSupported(name string) bool {
	return cp.filters == nil || contains(cp.filters, name)
}
