package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// This file serves field definitions: create, get, update and delete on
// /unified/crm/fields (resources reference §11), in the JSON the reference
// documents. Written fields are records of the fields collection, so the
// catalog list shows them at once. The profile decides how a create gets
// the field's name (FieldNameRule, FieldNameSuffix), the flags' body names
// (FieldFlagsUnprefixed) and what options are answered with
// (FieldOptionExtras); the collection's methods decide whether fields can
// be deleted.

// entityCollections are the collections whose records a field's values
// live on, by catalog entity.
var entityCollections = map[string]string{
	"account": "accounts", "activity": "engagements", "contact": "contacts", "lead": "leads",
	"note": "notes", "opportunity": "opportunities", "task": "tasks",
}

// errEntityUnsupported is the 400 for an entity the integration serves no
// catalog for (nil when it serves one).
func errEntityUnsupported(a *integratedAccount, entity string) *response {
	if _, ok := a.profile.Fields[entity]; ok {
		return nil
	}
	return trutoError(http.StatusBadRequest, "entity "+entity+" is not supported by integration "+a.profile.Integration)
}

// fieldFlags maps the body name of each flag to its unified name.
func fieldFlags(p Profile) map[string]string {
	if p.FieldFlagsUnprefixed {
		return map[string]string{"required": "is_required", "unique": "is_unique", "hidden": "is_hidden"}
	}
	return map[string]string{"is_required": "is_required", "is_unique": "is_unique", "is_hidden": "is_hidden"}
}

// handleFieldDefinition serves a fields method other than list. ?entity=
// (checked present by the collection's required query) must be an entity
// the integration serves; get, update and delete find only a field of that
// entity, as CRMs that keep fields per object type do.
func (s *Server) handleFieldDefinition(r *http.Request, a *integratedAccount, cs *collState, rt route, q url.Values, opt renderOptions) *response {
	entity := q.Get("entity")
	if resp := errEntityUnsupported(a, entity); resp != nil {
		return resp
	}
	var body map[string]any
	if rt.op == opCreate || rt.op == opUpdate {
		var errResp *response
		if body, errResp = readJSONObject(r); errResp != nil {
			return errResp
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt.op == opCreate {
		return s.createField(a, cs, entity, body, opt)
	}
	rec := cs.records[rt.id]
	if rec == nil || str(rec.fields["entity_type"]) != entity {
		return errRecordNotFound(a.profile.Integration, cs.c, rt.id)
	}
	switch rt.op {
	case opGet:
		return jsonResponse(http.StatusOK, render(a, cs, rec, opt))
	case opUpdate:
		return updateField(a, cs, rec, body, opt)
	default:
		return deleteField(a, cs, rec)
	}
}

// createField stores a new field of entity. Callers hold s.mu.
func (s *Server) createField(a *integratedAccount, cs *collState, entity string, body map[string]any, opt renderOptions) *response {
	fields, errResp := parseFieldBody(a.profile, body)
	if errResp != nil {
		return errResp
	}
	var missing []string
	sentEntity, hasEntity := body["entity"].(string)
	if !hasEntity || sentEntity == "" {
		missing = append(missing, "entity")
	}
	for _, k := range []string{"label", "type"} {
		if isEmpty(fields[k]) {
			missing = append(missing, k)
		}
	}
	if isEmpty(fields["name"]) && a.profile.FieldNameRule == "required" {
		missing = append(missing, "name")
	}
	if len(missing) > 0 {
		return cs.c.errMissingFields(missing, false)
	}
	if sentEntity != entity {
		return trutoError(http.StatusBadRequest, fmt.Sprintf("entity %s in the body differs from entity %s in the query", sentEntity, entity))
	}
	if isEmpty(fields["name"]) {
		name := nameFromLabel(str(fields["label"]))
		if name == "" {
			return errCRMValidation(a.profile.Integration, fmt.Sprintf("cannot derive a field name from the label %q", fields["label"]))
		}
		fields["name"] = name
	}
	if sfx := a.profile.FieldNameSuffix; sfx != "" && !strings.HasSuffix(str(fields["name"]), sfx) {
		fields["name"] = str(fields["name"]) + sfx
	}
	typ := str(fields["type"])
	if !contains(fieldTypes, typ) {
		return errCRMValidation(a.profile.Integration, fmt.Sprintf("%q is not a field type (one of %s)", typ, strings.Join(fieldTypes, ", ")))
	}
	if resp := checkFieldOptions(a.profile, typ, fields["options"]); resp != nil {
		return resp
	}
	if resp := errNameTaken(a, cs, entity, str(fields["name"])); resp != nil {
		return resp
	}
	fields["entity_type"] = entity
	fields["is_user_defined"] = true
	for _, k := range []string{"is_required", "is_unique", "is_hidden"} {
		if _, ok := fields[k]; !ok {
			fields[k] = false
		}
	}
	dropNulls(fields)
	s.seq++
	t := now()
	rec := &record{id: s.newID(11), seq: s.seq, createdAt: t, updatedAt: t, fields: fields}
	cs.records[rec.id] = rec
	return jsonResponse(http.StatusCreated, render(a, cs, rec, opt))
}

// updateField changes a field: what the body has is replaced (options as a
// whole list), the rest left alone. The name and the type cannot change.
// Callers hold s.mu.
func updateField(a *integratedAccount, cs *collState, rec *record, body map[string]any, opt renderOptions) *response {
	fields, errResp := parseFieldBody(a.profile, body)
	if errResp != nil {
		return errResp
	}
	for _, k := range []string{"name", "type"} {
		if v, ok := fields[k]; ok && v != nil && str(v) != str(rec.fields[k]) {
			return errCRMValidation(a.profile.Integration, fmt.Sprintf("the %s of a field cannot be changed (%s)", k, str(rec.fields[k])))
		}
	}
	if v, ok := fields["label"]; ok && isEmpty(v) {
		return errCRMValidation(a.profile.Integration, "a field's label cannot be empty")
	}
	merged := copyMap(rec.fields)
	for k, v := range fields {
		merged[k] = v
	}
	dropNulls(merged)
	if _, ok := fields["options"]; ok {
		if resp := checkFieldOptions(a.profile, str(merged["type"]), merged["options"]); resp != nil {
			return resp
		}
	}
	rec.fields = merged
	rec.bump()
	return jsonResponse(http.StatusOK, render(a, cs, rec, opt))
}

// deleteField removes a field and, as a CRM does, its value from every
// record of its entity. Callers hold s.mu.
func deleteField(a *integratedAccount, cs *collState, rec *record) *response {
	delete(cs.records, rec.id)
	if target := a.colls[entityCollections[str(rec.fields["entity_type"])]]; target != nil {
		name := str(rec.fields["name"])
		for _, r := range target.records {
			if cf, ok := r.fields["custom_fields"].(map[string]any); ok {
				delete(cf, name)
				if len(cf) == 0 {
					delete(r.fields, "custom_fields")
				}
			}
		}
	}
	if cs.prof.deleteNoContent {
		return noContent()
	}
	return jsonResponse(http.StatusOK, map[string]any{"id": rec.id})
}

// parseFieldBody checks the types of a field create or update body and
// returns what it sets, by unified name (nil: description cleared). Keys
// the integration does not map (a flag under the other spelling, id,
// is_user_defined ...) are dropped; entity is checked by createField.
func parseFieldBody(p Profile, body map[string]any) (map[string]any, *response) {
	out := map[string]any{}
	bad := func(msg string) (map[string]any, *response) { return nil, trutoError(http.StatusBadRequest, msg) }
	for _, k := range []string{"name", "label", "type", "description"} {
		v, ok := body[k]
		if !ok {
			continue
		}
		if v == nil && k == "description" {
			out[k] = nil
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			return bad(k + " must be a string")
		}
		out[k] = s
	}
	flags := fieldFlags(p)
	names := make([]string, 0, len(flags))
	for k := range flags {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, ok := body[k]
		if !ok {
			continue
		}
		b, isBool := v.(bool)
		if !isBool {
			return bad(k + " must be a boolean")
		}
		out[flags[k]] = b
	}
	if v, ok := body["options"]; ok {
		items, isList := v.([]any)
		if !isList {
			return bad("options must be a list")
		}
		opts := make([]any, 0, len(items))
		for i, it := range items {
			o, resp := parseFieldOption(p, i, it)
			if resp != nil {
				return nil, resp
			}
			opts = append(opts, o)
		}
		out["options"] = opts
	}
	if v, ok := body["field_group"]; ok && v != nil {
		g, isObj := v.(map[string]any)
		id, idOK := g["id"].(string)
		if !isObj || !idOK || id == "" {
			return bad("field_group must be an object with an id")
		}
		item := map[string]any{"id": id}
		if name, ok := g["name"].(string); ok && name != "" {
			item["name"] = name
		}
		out["field_groups"] = []any{item}
	}
	return out, nil
}

// parseFieldOption checks one option {label, value[, description][,
// is_hidden]} and returns it as stored (FieldOptionExtras filled in).
func parseFieldOption(p Profile, i int, v any) (map[string]any, *response) {
	at := fmt.Sprintf("options[%d]", i)
	o, ok := v.(map[string]any)
	if !ok {
		return nil, trutoError(http.StatusBadRequest, at+" must be an object {label, value}")
	}
	out := map[string]any{}
	for _, k := range []string{"label", "value"} {
		s, ok := o[k].(string)
		if !ok || s == "" {
			return nil, trutoError(http.StatusBadRequest, at+"."+k+" must be a non-empty string")
		}
		out[k] = s
	}
	if d, ok := o["description"]; ok && d != nil {
		s, ok := d.(string)
		if !ok {
			return nil, trutoError(http.StatusBadRequest, at+".description must be a string")
		}
		out["description"] = s
	}
	if h, ok := o["is_hidden"]; ok && h != nil {
		b, ok := h.(bool)
		if !ok {
			return nil, trutoError(http.StatusBadRequest, at+".is_hidden must be a boolean")
		}
		out["is_hidden"] = b
	}
	if p.FieldOptionExtras {
		if str(out["description"]) == "" {
			out["description"] = out["label"]
		}
		if _, ok := out["is_hidden"]; !ok {
			out["is_hidden"] = false
		}
	}
	return out, nil
}

// checkFieldOptions is the CRM's 422 when options do not fit the type:
// enum and array fields need at least one, with distinct values; other
// types take none.
func checkFieldOptions(p Profile, typ string, v any) *response {
	opts, _ := v.([]any)
	choice := typ == "enum" || typ == "array"
	switch {
	case choice && len(opts) == 0:
		return errCRMValidation(p.Integration, "an "+typ+" field needs at least one option")
	case !choice && len(opts) > 0:
		return errCRMValidation(p.Integration, "options apply only to enum and array fields, not to "+typ)
	}
	seen := map[string]bool{}
	for _, o := range opts {
		value := str(asObject(o)["value"])
		if seen[value] {
			return errCRMValidation(p.Integration, "option value "+value+" is used twice")
		}
		seen[value] = true
	}
	return nil
}

// errNameTaken is the CRM's 409 when a field of the entity has the name.
// Callers hold s.mu.
func errNameTaken(a *integratedAccount, cs *collState, entity, name string) *response {
	for _, r := range cs.records {
		if str(r.fields["entity_type"]) == entity && str(r.fields["name"]) == name {
			msg := fmt.Sprintf("a %s field named %s already exists", entity, name)
			return remoteError(http.StatusConflict, msg, vendorError(a.profile.Integration, "CONFLICT", msg))
		}
	}
	return nil
}

// nameFromLabel derives a field name from its label as HubSpot does:
// lowercased, each run of characters other than a-z and 0-9 one
// underscore, none at the ends ("Customer Tier!" -> "customer_tier").
func nameFromLabel(label string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(label) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
		} else {
			gap = true
		}
	}
	return b.String()
}

// dropNulls removes the members set to null (cleared).
func dropNulls(m map[string]any) {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
}

// fieldRequestBody is the request_body_schema of a field create or update
// for the account's integration: the flags under its body names, name
// required where the profile requires it, entity and type on create only
// (a field's type cannot change).
func fieldRequestBody(a *integratedAccount, op string) map[string]any {
	p := a.profile
	create := op == opCreate
	option := objectSchema(map[string]any{
		"label":       prop("string", "The option's display label.", true),
		"value":       prop("string", "The value records store.", true),
		"description": prop("string", "The option's description.", false),
		"is_hidden":   prop("boolean", "Whether the option is hidden in the CRM's forms.", false),
	}, "")
	options := prop("array", "The choices of an enum or array field (required for them).", false)
	options["items"] = option
	group := objectSchema(map[string]any{"id": prop("string", "The field group's id.", true)}, "The group the field is shown in.")
	group["required"] = false
	props := map[string]any{
		"name":        prop("string", "The key of the field in a record's custom_fields.", create && p.FieldNameRule == "required"),
		"label":       prop("string", "The field's display label.", create),
		"description": prop("string", "The field's description.", false),
		"options":     options,
		"field_group": group,
	}
	for body, unified := range fieldFlags(p) {
		props[body] = prop("boolean", "Whether the field "+map[string]string{
			"is_required": "must have a value on every record.", "is_unique": "must differ on every record.", "is_hidden": "is hidden in the CRM's forms.",
		}[unified], false)
	}
	if create {
		var served []string
		for e := range p.Fields {
			served = append(served, e)
		}
		sort.Strings(served)
		entity := prop("string", "The entity the field belongs to.", true)
		entity["enum"] = served
		typ := prop("string", "The field's data type.", true)
		typ["enum"] = fieldTypes
		props["entity"], props["type"] = entity, typ
	}
	return objectSchema(props, "")
}
