package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// This file serves what Truto knows about an integrated account without
// asking the CRM: GET /integrated-account/{id}/capabilities and
// GET /unified/crm/{collection}/meta/{method} (resources reference §12–13).
// Both are derived from the collection table and the account's profile.

// emulatorEnvironmentID is the environment every emulated account is in.
const emulatorEnvironmentID = "5e1f0c3a-7d2b-4c8e-9a41-e0e0e0e0e0e0"

// integrationNames are display names of well-known integrations.
var integrationNames = map[string]string{
	"hubspot": "HubSpot", "salesforce": "Salesforce", "pipedrive": "Pipedrive", "zoho": "Zoho CRM",
	"zohocrm": "Zoho CRM", "close": "Close", "highlevel": "HighLevel", "onepagecrm": "OnePageCRM",
	"dynamics365": "Dynamics 365 Sales", "freshsales": "Freshsales", "capsule": "Capsule", "copper": "Copper",
}

// uuidOf is a stable UUID-looking id derived from a name.
func uuidOf(name string) string {
	b := sha256.Sum256([]byte("truto-emulator:" + name))
	h := hex.EncodeToString(b[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// errCapabilitiesUnavailable is the 500 of Profile.CapabilitiesUnavailable.
func errCapabilitiesUnavailable() *response {
	return trutoError(http.StatusInternalServerError, "Internal server error: the integration's capabilities could not be loaded")
}

// capabilities serves GET /integrated-account/{id}/capabilities: the
// integration, the account's state and, per collection, the unified
// methods the integration supports (collections without any are left out).
func (s *Server) capabilities(a *integratedAccount) *response {
	p := a.profile
	if p.CapabilitiesUnavailable {
		return errCapabilitiesUnavailable()
	}
	slug := strings.ToLower(p.Integration)
	name := integrationNames[slug]
	if name == "" {
		name = strings.ToUpper(slug[:1]) + slug[1:]
	}
	status := p.Status
	if status == "" {
		status = "active"
	}
	resources := []map[string]any{}
	for _, c := range collections {
		methods := a.in(c).prof.methodList()
		if len(methods) == 0 {
			continue
		}
		resources = append(resources, map[string]any{
			"api_name": c.name, "name": c.title, "description": c.description,
			"docs_url": "https://truto.one/docs/api-reference/unified-crm-api/" + c.name,
			"methods":  methods,
		})
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"integration": map[string]any{"id": uuidOf("integration:" + slug), "slug": slug, "name": name},
		"account": map[string]any{
			"id": a.id, "slug": slug, "status": status, "authentication_method": "oauth2",
			"environment_id": emulatorEnvironmentID, "is_blocked": p.Blocked,
		},
		"unified": map[string]any{"resources": resources},
	})
}

// handleMeta serves GET /unified/crm/{collection}/meta/{method}: the
// schemas of that method for the account's integration. Each property
// carries Truto's boolean "required".
func (s *Server) handleMeta(a *integratedAccount, rt route) *response {
	if a.profile.CapabilitiesUnavailable {
		return errCapabilitiesUnavailable()
	}
	cs := a.in(rt.c)
	op := rt.meta
	if !cs.prof.methods[op] {
		return trutoError(http.StatusNotFound, fmt.Sprintf("no method %s on %s for integration %s", op, rt.c.name, a.profile.Integration))
	}
	ms := metaSchemas{c: rt.c, cp: &cs.prof, a: a}
	var body map[string]any
	query := ms.query(op)
	switch op {
	case opCreate, opUpdate:
		body = ms.requestBody(op)
	case opBatchDelete:
		body = ms.batchDeleteMeta(query)
	default:
		body = objectSchema(map[string]any{}, "")
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"method":              op,
		"schema":              ms.recordSchema(false),
		"response_schema":     ms.recordSchema(true),
		"query_schema":        query,
		"request_body_schema": body,
		"default_body":        nil,
		"default_query":       nil,
	})
}

// metaSchemas builds the schemas of one collection for one account.
type metaSchemas struct {
	c  *collection
	cp *collProfile
	a  *integratedAccount
}

func objectSchema(props map[string]any, desc string) map[string]any {
	m := map[string]any{"type": "object", "properties": props}
	if desc != "" {
		m["description"] = desc
	}
	return m
}

// prop is a property schema.
func prop(typ, desc string, required bool) map[string]any {
	return map[string]any{"type": typ, "description": desc, "required": required}
}

// timeProp is a date-time property schema.
func timeProp(desc string, required bool) map[string]any {
	p := prop("string", desc, required)
	p["format"] = "date-time"
	return p
}

// fieldDescriptions describe the fields many collections share.
var fieldDescriptions = map[string]string{
	"id":               "The record's id in the CRM.",
	"name":             "The name.",
	"owner":            "The user who owns the record.",
	"account":          "The account the record belongs to.",
	"contact":          "The contacts the record is linked to.",
	"opportunity":      "The opportunity the record is linked to.",
	"lead":             "The leads the record is linked to.",
	"stage":            "The pipeline stage.",
	"custom_fields":    "Custom fields, keyed by the name of a field from GET /unified/crm/fields.",
	"remote_data":      "On a request: vendor fields passed to the CRM as they are. On a response: the vendor's raw record.",
	"created_at":       "When the record was created.",
	"updated_at":       "When the record was last changed.",
	"last_activity_at": "When the record last had an activity.",
	"email_addresses":  "Email addresses.",
	"phone_numbers":    "Phone numbers.",
	"addresses":        "Postal addresses.",
	"urls":             "Web addresses.",
	"tags":             "Tags.",
}

// describe returns a field's description.
func (ms metaSchemas) describe(f *field) string {
	if f.desc != "" {
		return f.desc
	}
	if d := fieldDescriptions[f.name]; d != "" {
		return d
	}
	return "The " + ms.c.noun + "'s " + strings.ReplaceAll(f.name, "_", " ") + "."
}

// fieldSchema is the property schema of a field. required marks it and,
// for references, their id.
func (ms metaSchemas) fieldSchema(f *field, required, response bool) map[string]any {
	desc := ms.describe(f)
	idProp := func() map[string]any {
		props := map[string]any{"id": prop("string", "The referenced record's id.", required)}
		if response && f.withName {
			props["name"] = prop("string", "The referenced record's name.", false)
		}
		return objectSchema(props, "")
	}
	var p map[string]any
	switch f.kind {
	case kindString:
		p = prop("string", desc, required)
		if enum := ms.cp.enum(f); len(enum) > 0 {
			p["enum"] = enum
		}
	case kindNumber:
		p = prop("number", desc, required)
	case kindCount:
		p = prop("integer", desc, required)
	case kindBool:
		p = prop("boolean", desc, required)
	case kindTime:
		p = timeProp(desc, required)
	case kindRef:
		p = idProp()
		p["description"], p["required"] = desc, required
	case kindRefList:
		p = prop("array", desc, required)
		item := idProp()
		p["items"] = item
	case kindObject, kindList:
		props := map[string]any{}
		for _, k := range f.keys {
			kp := prop("string", "", false)
			kp["description"] = strings.ReplaceAll(k, "_", " ")
			if k == f.enumKey {
				kp["enum"] = ms.cp.enum(f)
			}
			props[k] = kp
		}
		item := objectSchema(props, "")
		if f.kind == kindObject {
			p = item
			p["description"], p["required"] = desc, required
		} else {
			p = prop("array", desc, required)
			p["items"] = item
		}
	case kindCustom:
		p = prop("object", desc, required)
	}
	return p
}

// recordSchema is the unified record: every field (schema) or the fields
// the integration returns (response_schema).
func (ms metaSchemas) recordSchema(response bool) map[string]any {
	props := map[string]any{
		"id":          prop("string", fieldDescriptions["id"], true),
		"created_at":  timeProp(fieldDescriptions["created_at"], false),
		"updated_at":  timeProp(fieldDescriptions["updated_at"], false),
		"remote_data": prop("object", fieldDescriptions["remote_data"], false),
	}
	for i := range ms.c.fields {
		f := &ms.c.fields[i]
		props[f.name] = ms.fieldSchema(f, false, response)
	}
	if response {
		for _, k := range ms.cp.neverReturned {
			delete(props, k)
		}
	}
	return objectSchema(props, ms.c.description)
}

// requestBody is the body of a create or an update: the writable fields;
// the collection's required fields are marked, and for a create the
// profile's too.
func (ms metaSchemas) requestBody(op string) map[string]any {
	if ms.c == fieldsCollection {
		return fieldRequestBody(ms.a, op)
	}
	required := append([]string{}, ms.c.required...)
	if op == opCreate {
		required = append(required, ms.cp.required...)
	}
	props := map[string]any{"remote_data": prop("object", fieldDescriptions["remote_data"], false)}
	if ms.c.createdAtWritable {
		props["created_at"] = timeProp("When the record was created (a CRM may accept a backdated value).", false)
	}
	for i := range ms.c.fields {
		f := &ms.c.fields[i]
		if !f.readOnly {
			props[f.name] = ms.fieldSchema(f, contains(required, f.name), false)
		}
	}
	for _, k := range ms.cp.unwritable[op] {
		delete(props, k)
	}
	desc := ""
	if rule := ms.c.oneOf; rule != nil && op == opCreate {
		desc = strings.ToUpper(rule.message[:1]) + rule.message[1:] + "."
	}
	body := objectSchema(props, desc)
	if allowed, ok := ms.cp.additional[op]; ok {
		body["additionalProperties"] = allowed
	}
	return body
}

// query is the query schema of a method: integrated_account_id, the
// parameters the method requires and, for a list, the filters the
// integration applies and the pagination parameters.
func (ms metaSchemas) query(op string) map[string]any {
	props := map[string]any{
		"integrated_account_id": prop("string", "The integrated account to call.", true),
	}
	for _, name := range ms.cp.requiredQuery[op] {
		if f := ms.c.field(name); f != nil {
			p := ms.fieldSchema(f, true, false)
			props[name] = p
			continue
		}
		p := prop("string", "Required by the integration.", true)
		if name == "entity" && ms.c.catalog {
			var served []string
			for e := range ms.a.profile.Fields {
				served = append(served, e)
			}
			sort.Strings(served)
			p["description"], p["enum"] = "The entity whose fields to list.", served
		}
		props[name] = p
	}
	if op == opList {
		props["limit"] = prop("number", "Page size (at most 100).", false)
		props["next_cursor"] = prop("string", "The cursor of the next page.", false)
		for _, f := range ms.c.filters {
			if !ms.cp.filterSupported(f.name) || props[f.name] != nil {
				continue
			}
			switch {
			case f.param == "":
				ops := map[string]any{}
				for _, o := range []string{"gt", "gte", "lt", "lte"} {
					ops[o] = timeProp("", false)
				}
				p := objectSchema(ops, "Filter on "+f.name+".")
				p["required"] = false
				props[f.name] = p
			case strings.HasSuffix(f.param, "[id]"):
				p := objectSchema(map[string]any{"id": prop("string", "", false)}, "Filter on "+f.name+".")
				p["required"] = false
				props[f.name] = p
			default:
				props[f.name] = prop("string", "Filter on "+f.name+".", false)
			}
		}
		if len(ms.c.sortBy) > 0 && ms.cp.filterSupported("sort_by") {
			props["sort_by"] = prop("object", "Sort by one of "+strings.Join(ms.c.sortBy, ", ")+
				": sort_by=name, or sort_by[name]=asc or desc.", false)
		}
	}
	return objectSchema(props, "")
}
