package truto

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Probes (Capabilities, Meta, Fields) run at plan time. A 429 is waited out like in every read
// (it was not processed, and says when to come back); other failures are retried once. The whole
// call, waits included, is bounded by the client's probeBudget (30 s), so an API that cannot answer
// costs a plan seconds, not minutes; each attempt by 15 s.
const (
	probeAttempts      = 2
	defaultProbeBudget = 30 * time.Second
	probeTimeout       = 15 * time.Second
	// maxFieldPages bounds Fields, so a server that keeps returning a cursor cannot loop forever.
	maxFieldPages = 50
)

func probe(r *request) {
	r.maxAttempts = probeAttempts
	r.probe = true
	r.timeout = probeTimeout
}

// Integration names the CRM behind an integrated account.
type Integration struct{ ID, Slug, Name string }

// AccountState is the account part of the capabilities answer. Status and Blocked change at any
// time (a remote 401 moves an account to needs_reauth): never cache it for long.
type AccountState struct {
	ID     string
	Status string // active, connecting, post_install_error, validation_error, needs_reauth ("" when not given)
	// Blocked is is_blocked: calls on the account answer 503.
	Blocked bool
}

// Capabilities is what Truto says an integrated account can do.
type Capabilities struct {
	Integration Integration
	Account     *AccountState // nil when the answer has no account object
	// resources maps a normalized unified CRM resource name to its lowercased methods.
	resources map[string]map[string]bool
}

// Supports reports whether the account supports method ("list", "get", "create", "update",
// "delete") on the unified CRM resource (the collection's last path segment, e.g. "notes"). known is
// false when the answer lists no unified resources at all (a shape we could not read): callers then
// must not conclude anything. When it lists some but not this one, supported is false and known true.
func (c *Capabilities) Supports(resource, method string) (supported, known bool) {
	if c == nil || len(c.resources) == 0 {
		return false, false
	}
	return c.resources[resourceKey(resource)][strings.ToLower(strings.TrimSpace(method))], true
}

// DisplayName is the integration's name for messages: Name, else Slug, else "the integration".
func (c *Capabilities) DisplayName() string {
	switch {
	case c == nil:
		return "the integration"
	case c.Integration.Name != "":
		return c.Integration.Name
	case c.Integration.Slug != "":
		return c.Integration.Slug
	}
	return "the integration"
}

// resourceKey normalizes a resource name so "Notes", "notes" and "phone calls"/"phone_calls" meet.
func resourceKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
}

// Capabilities reads GET /integrated-account/{id}/capabilities.
func (c *Client) Capabilities(ctx context.Context, integratedAccountID string) (*Capabilities, error) {
	accounts := Collection{Path: "/integrated-account", Noun: "integrated account"}
	p, err := accounts.itemPath(integratedAccountID)
	if err != nil {
		return nil, err
	}
	// No query string: the account is in the path (newRequest would add integrated_account_id).
	r := &request{coll: accounts, method: http.MethodGet, path: p + "/capabilities", integratedAccountID: integratedAccountID}
	probe(r)
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	caps, err := decodeCapabilities(resp.body)
	if err != nil {
		return nil, fmt.Errorf("truto: %s %s: %w", r.method, r.path, err)
	}
	return caps, nil
}

// decodeCapabilities reads both documented shapes: the current one (integration {id, slug, name},
// account {...}, unified {resources: [{api_name, name, methods}]}) and the older one (top-level
// environment_id, integration {id, name, label, category}, unified [{model, resource, methods}]).
func decodeCapabilities(body []byte) (*Capabilities, error) {
	top, ok := Object(body)
	if !ok {
		return nil, fmt.Errorf("the capabilities response is not a JSON object (%s)", snippet(body))
	}
	caps := &Capabilities{resources: map[string]map[string]bool{}}
	var entries []json.RawMessage
	older := false
	if raw, ok := top["unified"]; ok {
		if json.Unmarshal(raw, &entries) == nil {
			older = true
		} else if u, ok := Object(raw); ok {
			_ = json.Unmarshal(u["resources"], &entries) // unreadable: no resources, so Supports is unknown
		}
	}
	if _, ok := top["environment_id"]; ok {
		older = true
	}
	if integ, ok := Object(top["integration"]); ok {
		caps.Integration.ID, _ = MemberString(integ, "id")
		caps.Integration.Slug, _ = MemberString(integ, "slug")
		name, _ := MemberString(integ, "name")
		label, _ := MemberString(integ, "label")
		_, hasCategory := integ["category"]
		if older || label != "" || hasCategory {
			// Older shape: name is the slug-like name, label the display name.
			caps.Integration.Name = label
			if caps.Integration.Slug == "" {
				caps.Integration.Slug = name
			}
		} else {
			caps.Integration.Name = name
		}
	}
	if acct, ok := Object(top["account"]); ok {
		st := &AccountState{}
		st.ID, _ = MemberString(acct, "id")
		st.Status, _ = MemberString(acct, "status")
		st.Blocked, _ = LooseBool(acct["is_blocked"])
		caps.Account = st
	}
	for _, raw := range entries {
		e, ok := Object(raw)
		if !ok {
			continue
		}
		if model, ok := MemberString(e, "model"); ok && !strings.EqualFold(strings.TrimSpace(model), "crm") {
			continue // the older shape lists every unified model; only CRM resources are ours
		}
		methods := capabilityMethods(e["methods"])
		for _, k := range []string{"api_name", "resource", "name"} {
			name, ok := MemberString(e, k)
			if !ok || strings.TrimSpace(name) == "" {
				continue
			}
			key := resourceKey(name)
			if caps.resources[key] == nil {
				caps.resources[key] = map[string]bool{}
			}
			for m := range methods {
				caps.resources[key][m] = true
			}
		}
	}
	return caps, nil
}

// capabilityMethods reads a methods list whose entries are strings or objects {method} / {name}.
func capabilityMethods(raw json.RawMessage) map[string]bool {
	var items []json.RawMessage
	_ = json.Unmarshal(raw, &items)
	out := map[string]bool{}
	for _, it := range items {
		m, ok := LooseString(it)
		if !ok {
			if obj, isObj := Object(it); isObj {
				if m, ok = MemberString(obj, "method"); !ok {
					m, ok = MemberString(obj, "name")
				}
			}
		}
		if m = strings.ToLower(strings.TrimSpace(m)); ok && m != "" {
			out[m] = true
		}
	}
	return out
}

// Schema is one (sub)schema of a meta answer. Truto marks required with a boolean on each property.
type Schema struct {
	Type, Format, Description string
	Required                  bool
	Enum                      []string // stringified; null entries are left out
	Properties                map[string]*Schema
	Items                     *Schema
}

// RequiredPaths lists, sorted, the paths of required properties: "name", "account", "account.id",
// "email_addresses[].email" (recursing into properties and items). A property under a non-required
// parent is still listed (callers decide).
func (s *Schema) RequiredPaths() []string {
	var out []string
	s.collectRequired("", &out)
	slices.Sort(out)
	return out
}

func (s *Schema) collectRequired(prefix string, out *[]string) {
	if s == nil {
		return
	}
	for name, child := range s.Properties {
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		if child != nil && child.Required {
			*out = append(*out, p)
		}
		child.collectRequired(p, out)
	}
	s.Items.collectRequired(prefix+"[]", out)
}

// MethodMeta is the meta of one unified method for an integrated account's integration.
type MethodMeta struct {
	Method      string
	Schema      *Schema // "schema": the unified record
	Response    *Schema // "response_schema" (or "response_mapping" when it is an object schema): what the integration fills
	Query       *Schema // "query_schema"
	RequestBody *Schema // "request_body_schema"; nil when absent or null
}

// Meta reads GET {coll.Path}/meta/{method}?integrated_account_id=...: the schemas of one unified
// method for the account's integration.
func (c *Client) Meta(ctx context.Context, coll Collection, integratedAccountID, method string) (*MethodMeta, error) {
	if method == "" {
		return nil, fmt.Errorf("truto: reading the meta of %s: the method is required", coll.Path)
	}
	p, err := Collection{Path: coll.Path + "/meta", Noun: coll.Noun + " meta"}.itemPath(method)
	if err != nil {
		return nil, err
	}
	r, err := c.newRequest(coll, http.MethodGet, p, RequestOptions{IntegratedAccountID: integratedAccountID}, nil)
	if err != nil {
		return nil, err
	}
	probe(r)
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	top, ok := Object(resp.body)
	if !ok {
		return nil, fmt.Errorf("truto: %s %s: the meta response is not a JSON object (%s)", r.method, r.path, snippet(resp.body))
	}
	m := &MethodMeta{
		Schema:      parseSchema(top["schema"]),
		Response:    parseSchema(top["response_schema"]),
		Query:       parseSchema(top["query_schema"]),
		RequestBody: parseSchema(top["request_body_schema"]),
	}
	if m.Method, _ = MemberString(top, "method"); m.Method == "" {
		m.Method = method
	}
	if m.Response == nil {
		// response_mapping may also be a mapping expression (a string): only an object schema counts.
		if obj, ok := Object(top["response_mapping"]); ok && (obj["type"] != nil || obj["properties"] != nil) {
			m.Response = parseSchema(top["response_mapping"])
		}
	}
	return m, nil
}

// parseSchema reads a schema leniently; anything but an object is nil. required may be Truto's
// boolean on the property or a JSON-Schema array of child names on the parent.
func parseSchema(raw json.RawMessage) *Schema {
	obj, ok := Object(raw)
	if !ok {
		return nil
	}
	s := &Schema{Type: schemaType(obj["type"])}
	s.Format, _ = MemberString(obj, "format")
	s.Description, _ = MemberString(obj, "description")
	s.Required, _ = LooseBool(obj["required"])
	var enum []json.RawMessage
	if json.Unmarshal(obj["enum"], &enum) == nil {
		for _, v := range enum {
			if t, ok := jsonText(v); ok {
				s.Enum = append(s.Enum, t)
			}
		}
	}
	if props, ok := Object(obj["properties"]); ok {
		s.Properties = make(map[string]*Schema, len(props))
		for name, p := range props {
			if child := parseSchema(p); child != nil {
				s.Properties[name] = child
			}
		}
	}
	var names []json.RawMessage
	if json.Unmarshal(obj["required"], &names) == nil {
		for _, n := range names {
			name, ok := StrictString(n)
			if !ok || name == "" {
				continue
			}
			if s.Properties == nil {
				s.Properties = map[string]*Schema{}
			}
			if s.Properties[name] == nil {
				s.Properties[name] = &Schema{} // required although undescribed: still required
			}
			s.Properties[name].Required = true
		}
	}
	if items, ok := obj["items"]; ok {
		var tuple []json.RawMessage
		if json.Unmarshal(items, &tuple) == nil && len(tuple) > 0 {
			items = tuple[0]
		}
		s.Items = parseSchema(items)
	}
	return s
}

// schemaType reads "type": a string, or a list such as ["string", "null"] (its first non-null type).
func schemaType(raw json.RawMessage) string {
	if t, ok := StrictString(raw); ok {
		return t
	}
	var list []string
	_ = json.Unmarshal(raw, &list)
	for _, t := range list {
		if t != "null" {
			return t
		}
	}
	return ""
}

// jsonText stringifies any JSON value: a string as itself, a number as its literal, anything else
// (true, false, an object, an array) as compact JSON. Null (or nothing) gives false.
func jsonText(raw json.RawMessage) (string, bool) {
	if len(bytes.TrimSpace(raw)) == 0 || IsNull(raw) {
		return "", false
	}
	if s, ok := LooseString(raw); ok {
		return s, true
	}
	var buf bytes.Buffer // true, false, objects, arrays
	if json.Compact(&buf, raw) != nil {
		return "", false
	}
	return buf.String(), true
}

// FieldDefinition is one field of the custom-field catalog. Name is the key a record's
// custom_fields uses.
type FieldDefinition struct {
	ID, Name, Label, Description, Type, EntityType string
	Options                                        []FieldOption
	IsRequired, IsUserDefined, IsHidden            bool
}

// FieldOption is one choice of an enum or array field; Value is stringified (numbers, bools).
type FieldOption struct{ Label, Value string }

// fieldCatalog is the custom-field catalog: a list endpoint like the records'.
var fieldCatalog = Collection{Path: "/unified/crm/fields", Noun: "field"}

// Fields lists every field of the catalog for one entity (account, contact, lead, note,
// opportunity, task), following next_cursor across pages (at most 50 of them).
func (c *Client) Fields(ctx context.Context, integratedAccountID, entity string) ([]FieldDefinition, error) {
	if entity == "" {
		return nil, fmt.Errorf("truto: listing %s: the entity is required", fieldCatalog.Path)
	}
	opts := RequestOptions{IntegratedAccountID: integratedAccountID, Params: []Param{{"entity", entity}}}
	var out []FieldDefinition
	cursor := ""
	seen := map[string]bool{}
	for range maxFieldPages {
		page, err := c.listPage(ctx, fieldCatalog, opts, ListParams{}, cursor, probe)
		if err != nil {
			return nil, err
		}
		for i := range page.Result {
			out = append(out, decodeField(&page.Result[i]))
		}
		if page.NextCursor == "" {
			return out, nil
		}
		if seen[page.NextCursor] {
			return nil, fmt.Errorf("truto: GET %s: the API returned the same next_cursor twice; stopping to avoid an endless loop", fieldCatalog.Path)
		}
		seen[page.NextCursor] = true
		cursor = page.NextCursor
	}
	return nil, fmt.Errorf("truto: GET %s: still more pages after %d; stopping to avoid an endless loop", fieldCatalog.Path, maxFieldPages)
}

// decodeField reads one catalog entry; a member that does not fit is left empty.
func decodeField(rec *Record) FieldDefinition {
	text := func(name string) string {
		raw, _ := rec.Value(name)
		s, _ := LooseString(raw)
		return s
	}
	flag := func(name string) bool {
		raw, _ := rec.Value(name)
		b, _ := LooseBool(raw)
		return b
	}
	f := FieldDefinition{
		ID: rec.ID, Name: text("name"), Label: text("label"), Description: text("description"),
		Type: text("type"), EntityType: text("entity_type"),
		IsRequired: flag("is_required"), IsUserDefined: flag("is_user_defined"), IsHidden: flag("is_hidden"),
	}
	raw, _ := rec.Value("options")
	var opts []json.RawMessage
	_ = json.Unmarshal(raw, &opts)
	for _, o := range opts {
		if obj, ok := Object(o); ok {
			label, _ := jsonText(obj["label"])
			value, _ := jsonText(obj["value"])
			f.Options = append(f.Options, FieldOption{Label: label, Value: value})
		} else if v, ok := jsonText(o); ok { // a bare value is its own label
			f.Options = append(f.Options, FieldOption{Label: v, Value: v})
		}
	}
	return f
}
