package emulator

import (
	"net/url"
	"sort"
	"strings"
	"time"
)

// This file defines what a collection is: a table entry (collections.go)
// that drives the generic routes, body validation, rendering, list filters,
// capabilities and meta schemas. A new collection is a new entry, not new
// handlers.

// Unified methods, as Truto names them (capabilities, meta,
// CollectionProfile.Methods and RequiredQuery).
const (
	opList   = "list"
	opGet    = "get"
	opCreate = "create"
	opUpdate = "update"
	opDelete = "delete"
)

// allOps are the standard unified methods in Truto's order.
var allOps = []string{opList, opGet, opCreate, opUpdate, opDelete}

// opHTTP is the HTTP method of each unified method.
var opHTTP = map[string]string{opList: "GET", opGet: "GET", opCreate: "POST", opUpdate: "PATCH", opDelete: "DELETE"}

// fieldKind is the JSON shape of a unified field.
type fieldKind int

const (
	kindString  fieldKind = iota // a string
	kindNumber                   // any JSON number (amount, position)
	kindCount                    // a non-negative integer; another value is a CRM 422 (number_of_employees)
	kindBool                     // true or false
	kindTime                     // an RFC 3339 date-time; a date YYYY-MM-DD is accepted
	kindRef                      // a reference {id}
	kindRefList                  // a list of references [{id}]
	kindList                     // a list of objects with string members (keys)
	kindObject                   // an object with string members (keys), e.g. a stage's pipeline {id, name}
	kindCustom                   // custom_fields: an object of any JSON values
)

// idMode says who owns the ids of a kindList field's items.
type idMode int

const (
	noIDs   idMode = iota // items carry no id
	crmIDs                // the CRM assigns ids: an item keeps an id only when it exists on the record
	keepIDs               // items name things that exist elsewhere (tags): a given id is kept
)

// field is one unified field of a collection.
type field struct {
	name     string
	kind     fieldKind
	readOnly bool     // ignored on write: the CRM fills it (or Seed / Mutate set it)
	keys     []string // kindList / kindObject: the members an item may carry
	ids      idMode   // kindList: who owns item ids
	// enum are the values the CRM accepts, another value is a CRM 422: of
	// the field itself (kindString) or of the member enumKey of each item
	// (kindList).
	enum    []string
	enumKey string
	// target is the collection a kindRef / kindRefList id refers to
	// (Profile.CheckReferences); withName makes responses add the
	// referenced record's name (an opportunity's stage).
	target   string
	withName bool
	dateOnly bool   // kindTime: Profile.DateOnly keeps only the date
	numeric  bool   // kindNumber: Profile.NumbersAsStrings answers a string
	email    bool   // Profile.LowercaseEmails: the value (kindString) or the items' "email" (kindList)
	phone    bool   // Profile.E164Phones: the items' "number" (kindList)
	desc     string // meta schema description; derived from the name when empty
}

// Field constructors, so that a table entry reads like the reference.
func text(name string) field         { return field{name: name, kind: kindString} }
func number(name string) field       { return field{name: name, kind: kindNumber} }
func count(name string) field        { return field{name: name, kind: kindCount} }
func boolean(name string) field      { return field{name: name, kind: kindBool} }
func datetime(name string) field     { return field{name: name, kind: kindTime} }
func ref(name, target string) field  { return field{name: name, kind: kindRef, target: target} }
func refs(name, target string) field { return field{name: name, kind: kindRefList, target: target} }
func object(name string, keys ...string) field {
	return field{name: name, kind: kindObject, keys: keys}
}
func customFields() field { return field{name: "custom_fields", kind: kindCustom} }
func list(name string, ids idMode, keys ...string) field {
	return field{name: name, kind: kindList, ids: ids, keys: keys}
}

// Field modifiers.
func (f field) ro() field                    { f.readOnly = true; return f }
func (f field) oneOf(values ...string) field { f.enum = values; return f }
func (f field) itemOneOf(key string, values ...string) field {
	f.enumKey, f.enum = key, values
	return f
}
func (f field) named() field            { f.withName = true; return f }
func (f field) dateOnlyQuirk() field    { f.dateOnly = true; return f }
func (f field) numericQuirk() field     { f.numeric = true; return f }
func (f field) emailQuirk() field       { f.email = true; return f }
func (f field) phoneQuirk() field       { f.phone = true; return f }
func (f field) describe(d string) field { f.desc = d; return f }

// addressKeys are the members of an address.
var addressKeys = []string{"id", "type", "street_1", "street_2", "city", "state", "postal_code", "country"}

// oneOfRule is a create rule "one of these fields is required".
type oneOfRule struct {
	fields  []string // any of them with a value satisfies the rule
	report  string   // the name reported in missing_required_body_fields
	message string   // the error message
}

// filter is a list filter.
type filter struct {
	name  string // its name in SupportedFilters, e.g. "owner"
	param string // its query parameter, e.g. "owner[id]"; "" = a date-time filter (name[gte] ...)
	// match reports whether a record matches the parameter's value.
	match func(c *collection, r *record, v string) bool
}

// collection is one unified CRM collection.
type collection struct {
	name        string // path segment and api_name, e.g. "contacts"
	noun        string // singular for messages, e.g. "contact"
	title       string // capabilities name, e.g. "Contacts"
	description string // capabilities description
	vendorNoun  string // how the vendor names a record in its errors; "" = noun
	fields      []field
	// methods the collection supports at all (nil = every standard method);
	// a profile can only narrow them.
	methods []string
	// createdAtWritable: a valid created_at in a create body is kept
	// (backdating), otherwise created_at is the CRM's.
	createdAtWritable bool
	// etag: records carry a read-only etag that changes on every write.
	etag bool
	// required are the fields a create needs; oneOf is a rule of the kind
	// "one of a, b or c is required".
	required []string
	oneOf    *oneOfRule
	// requiredQuery are query parameters the collection always needs, per
	// method (a profile can add more).
	requiredQuery map[string][]string
	filters       []filter
	sortBy        []string // sortable fields, in the order the error message names them
	// nameOf is the record's display name (the name filter, sort_by[name]);
	// nil = the name field.
	nameOf func(r *record) string
	// order puts records in the collection's default list order; nil =
	// creation order.
	order func(rs []*record)
	// derive updates fields the CRM computes after a write changed the
	// fields named in touched (nil = everything).
	derive func(fields map[string]any, touched map[string]bool, at time.Time)
	// scope narrows a list to what its query selects (the catalog's
	// entity); it may refuse the query.
	scope func(a *integratedAccount, q url.Values) (func(*record) bool, *response)
	// catalog: the collection is the custom-field catalog, served only when
	// the profile has one (Profile.Fields).
	catalog bool
	// vendor renders the vendor's raw record (remote_data); nil = a flat
	// generic record.
	vendor func(a *integratedAccount, r *record) map[string]any
}

// field returns the spec of a field (nil when the collection has none).
func (c *collection) field(name string) *field {
	for i := range c.fields {
		if c.fields[i].name == name {
			return &c.fields[i]
		}
	}
	return nil
}

// supports reports whether the collection has a method at all.
func (c *collection) supports(op string) bool {
	return c.methods == nil || contains(c.methods, op)
}

// displayName is the record's name for filters and sorting.
func (c *collection) displayName(r *record) string {
	if c.nameOf != nil {
		return c.nameOf(r)
	}
	return str(r.fields["name"])
}

// vendorName is how the vendor calls a record of the collection.
func (c *collection) vendorName() string {
	if c.vendorNoun != "" {
		return c.vendorNoun
	}
	return c.noun
}

// collectionsByName indexes the table.
var collectionsByName = func() map[string]*collection {
	m := map[string]*collection{}
	for _, c := range collections {
		m[c.name] = c
	}
	return m
}()

// lookupCollection returns the collection of a path segment or nil.
func lookupCollection(name string) *collection { return collectionsByName[name] }

// CollectionNames returns the names of the emulated collections, in the
// order capabilities lists them.
func CollectionNames() []string {
	out := make([]string, len(collections))
	for i, c := range collections {
		out[i] = c.name
	}
	return out
}

// Filter constructors.

// eqFilter matches get(r) against the value, case-insensitively.
func eqFilter(name string, get func(c *collection, r *record) string) filter {
	return filter{name: name, param: name, match: func(c *collection, r *record, v string) bool {
		return strings.EqualFold(get(c, r), v)
	}}
}

// fieldEq is eqFilter on a string field of the same name.
func fieldEq(name string) filter {
	return eqFilter(name, func(_ *collection, r *record) string { return str(r.fields[name]) })
}

// nameEq is eqFilter on the record's display name.
func nameEq() filter {
	return eqFilter("name", func(c *collection, r *record) string { return c.displayName(r) })
}

// refFilter matches name[id]=X against a reference, any item of a
// reference list or the id member of an object field.
func refFilter(name string) filter {
	return filter{name: name, param: name + "[id]", match: func(_ *collection, r *record, v string) bool {
		return contains(refIDs(r.fields[name]), v)
	}}
}

// emailFilter matches any email address of the record, case-insensitively.
func emailFilter() filter {
	return filter{name: "email", param: "email", match: func(_ *collection, r *record, v string) bool {
		for _, e := range emailsOf(r) {
			if strings.EqualFold(e, v) {
				return true
			}
		}
		return false
	}}
}

// searchFilter matches search_term as a case-insensitive substring of the
// display name or one of the fields (email_addresses: any address).
func searchFilter(fields ...string) filter {
	return filter{name: "search_term", param: "search_term", match: func(c *collection, r *record, v string) bool {
		needle := strings.ToLower(v)
		hay := []string{c.displayName(r)}
		for _, f := range fields {
			if f == "email_addresses" {
				hay = append(hay, emailsOf(r)...)
			} else {
				hay = append(hay, str(r.fields[f]))
			}
		}
		for _, h := range hay {
			if strings.Contains(strings.ToLower(h), needle) {
				return true
			}
		}
		return false
	}}
}

// timeFilters are created_at and updated_at with [gte] [gt] [lte] [lt].
func timeFilters() []filter {
	return []filter{{name: "created_at"}, {name: "updated_at"}}
}

// refIDs returns the ids of a reference, a reference list or an object
// with an id.
func refIDs(v any) []string {
	switch t := v.(type) {
	case map[string]any:
		if id := str(t["id"]); id != "" {
			return []string{id}
		}
	case []any:
		var out []string
		for _, it := range t {
			if m, ok := it.(map[string]any); ok {
				if id := str(m["id"]); id != "" {
					out = append(out, id)
				}
			}
		}
		return out
	}
	return nil
}

// emailsOf returns a record's email addresses: its email field and the
// email of each email_addresses item.
func emailsOf(r *record) []string {
	var out []string
	if e := str(r.fields["email"]); e != "" {
		out = append(out, e)
	}
	items, _ := r.fields["email_addresses"].([]any)
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			if e := str(m["email"]); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

// fullName is first_name and last_name, each trimmed, joined by a space
// ("" when both are empty).
func fullName(fields map[string]any) string {
	return strings.TrimSpace(strings.TrimSpace(str(fields["first_name"])) + " " + strings.TrimSpace(str(fields["last_name"])))
}

// sortRecords sorts by sort_by, ascending or descending, ties in the
// current order. Records without a value sort last.
func (c *collection) sortRecords(rs []*record, by string, desc bool) {
	if by == "" {
		return
	}
	key := func(r *record) (s string, n float64, isNum, ok bool) {
		switch by {
		case "created_at":
			return formatTime(r.createdAt), 0, false, true
		case "updated_at":
			return formatTime(r.updatedAt), 0, false, true
		case "name":
			s = strings.ToLower(c.displayName(r))
			return s, 0, false, s != ""
		}
		switch v := r.fields[by].(type) {
		case float64:
			return "", v, true, true
		case string:
			return strings.ToLower(v), 0, false, v != ""
		}
		return "", 0, false, false
	}
	sort.SliceStable(rs, func(i, j int) bool {
		as, an, anum, aok := key(rs[i])
		bs, bn, bnum, bok := key(rs[j])
		if aok != bok {
			return aok
		}
		if !aok {
			return false
		}
		if anum && bnum {
			return an < bn && !desc || an > bn && desc
		}
		return as < bs && !desc || as > bs && desc
	})
}
