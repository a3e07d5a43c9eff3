package truto

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// Schema is one (sub)schema of a meta answer. Truto marks required with a boolean on each property.
type Schema struct {
	Type, Format, Description string
	Required                  bool
	Enum                      []string // stringified; null entries are left out
	Properties                map[string]*Schema
	Items                     *Schema
	// AdditionalProperties is the schema's additionalProperties: whether an object may hold
	// properties it does not list. nil when absent (or neither a boolean nor a schema); a schema
	// object in its place (JSON Schema allows one) counts as true.
	AdditionalProperties *bool
}

// AllowsUnlisted reports whether the schema says, with additionalProperties: true, that an object
// may hold properties it does not list. Absent or false: it does not say so.
func (s *Schema) AllowsUnlisted() bool {
	return s != nil && s.AdditionalProperties != nil && *s.AdditionalProperties
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
	if raw, ok := obj["additionalProperties"]; ok && !IsNull(raw) {
		if b, ok := LooseBool(raw); ok {
			s.AdditionalProperties = &b
		} else if _, ok := Object(raw); ok {
			allowed := true
			s.AdditionalProperties = &allowed
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
