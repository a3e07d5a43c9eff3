package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// handle dispatches a routed request of an existing integrated account.
func (s *Server) handle(r *http.Request, rt route, a *integratedAccount, q url.Values) *response {
	cs := a.in(rt.c)
	if rt.op != opList && rt.op != opGet && a.profile.Sandbox {
		return sandboxError(r.Method)
	}
	if contains(cs.prof.unrouted, rt.op) {
		return trutoError(http.StatusNotFound, "Not Found")
	}
	if !cs.prof.methods[rt.op] {
		return cs.errUnsupported(rt.op)
	}
	if resp := cs.checkQuery(rt.op, q); resp != nil {
		return resp
	}
	opt := renderOptionsFrom(q)
	if rt.c == fieldsCollection && rt.op != opList {
		return s.handleFieldDefinition(r, a, cs, rt, q, opt)
	}
	switch rt.op {
	case opList:
		return s.handleList(a, cs, q, opt)
	case opCreate:
		return s.handleCreate(r, a, cs, opt)
	case opGet:
		return s.handleGet(a, cs, rt.id, opt)
	case opUpdate:
		return s.handleUpdate(r, a, cs, rt.id, q, opt)
	case opBatchDelete:
		return s.handleBatchDelete(r, a, cs, q)
	default:
		return s.handleDelete(a, cs, rt.id, q)
	}
}

// errUnsupported is the 405 for a unified method the integration does not
// support on this collection.
func (cs *collState) errUnsupported(op string) *response {
	resp := trutoError(http.StatusMethodNotAllowed, op+": method not supported by integration "+cs.prof.integration)
	var allow []string
	for _, m := range []string{"GET", "POST", "PATCH", "DELETE"} {
		for _, o := range allOps {
			if opHTTP[o] == m && cs.prof.methods[o] && !contains(allow, m) {
				allow = append(allow, m)
			}
		}
	}
	resp.header.Set("Allow", strings.Join(allow, ", "))
	return resp
}

// renderOptionsFrom reads truto_ignore_remote_data=true and the bracket
// array truto_exclude_fields[]=a&truto_exclude_fields[]=b (indexed
// truto_exclude_fields[0]=a is accepted too). The unbracketed form is not
// Truto's encoding and is ignored.
func renderOptionsFrom(q url.Values) renderOptions {
	opt := renderOptions{ignoreRemoteData: q.Get("truto_ignore_remote_data") == "true"}
	for k, vs := range q {
		inner, ok := strings.CutPrefix(k, "truto_exclude_fields[")
		if !ok || !strings.HasSuffix(inner, "]") || !isIndex(strings.TrimSuffix(inner, "]")) {
			continue
		}
		for _, v := range vs {
			if opt.exclude == nil {
				opt.exclude = map[string]bool{}
			}
			opt.exclude[v] = true
		}
	}
	return opt
}

// isIndex reports "" or a decimal index (the inside of [] or [3]).
func isIndex(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// sandboxError is the 405 for a write to a read-only sandbox account.
func sandboxError(method string) *response {
	resp := trutoError(http.StatusMethodNotAllowed,
		"Integrated account is a sandbox account and is read-only: "+method+" is not allowed")
	resp.header.Set("Allow", "GET")
	return resp
}

// writeRules are the account's rules for written values of a collection.
func (a *integratedAccount) writeRules(cs *collState) writeRules {
	return writeRules{lowercaseEmails: a.profile.LowercaseEmails, dateOnly: a.profile.DateOnly, e164Phones: a.profile.E164Phones, enums: cs.prof.enums}
}

// checkQuery answers 400 when the request lacks a query parameter the
// method requires. A parameter counts as sent in any bracket form with a
// value: contact=1, contact[id]=1, contact[0][id]=1, contact[][id]=1.
func (cs *collState) checkQuery(op string, q url.Values) *response {
	var missing []string
	for _, name := range cs.prof.requiredQuery[op] {
		if !hasQueryParam(q, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	msg := "query parameter " + missing[0] + " is required"
	if len(missing) > 1 {
		msg = "query parameters " + strings.Join(missing, ", ") + " are required"
	}
	return insightError(msg, errorInsight{MissingQueryParams: missing})
}

func hasQueryParam(q url.Values, name string) bool {
	for k, vs := range q {
		if k != name && !strings.HasPrefix(k, name+"[") {
			continue
		}
		for _, v := range vs {
			if v != "" {
				return true
			}
		}
	}
	return false
}

// checkIdentity is the CRM's 404 when a required query parameter that names
// a field of the record (engagement_type) does not match it: type-split
// CRMs look the record up by it.
func (cs *collState) checkIdentity(op string, q url.Values, rec *record) *response {
	for _, name := range cs.prof.requiredQuery[op] {
		f := cs.c.field(name)
		if f == nil || f.kind != kindString {
			continue
		}
		if v := q.Get(name); !strings.EqualFold(v, str(rec.fields[name])) {
			msg := cs.c.noun + " not found"
			return remoteError(http.StatusNotFound, msg, vendorError(cs.prof.integration, "OBJECT_NOT_FOUND",
				fmt.Sprintf("%s %s with %s %s does not exist", cs.c.vendorName(), rec.id, name, v)))
		}
	}
	return nil
}

// checkReferences is the CRM's error for a reference to a record that does
// not exist (Profile.CheckReferences); only the fields in touched are
// checked (nil = all). Callers hold s.mu.
func checkReferences(a *integratedAccount, c *collection, fields map[string]any, touched map[string]bool) *response {
	if !a.profile.CheckReferences {
		return nil
	}
	status := a.profile.referenceErrorStatus()
	fail := func(msg string) *response {
		category := "VALIDATION_ERROR"
		if status == http.StatusNotFound {
			category = "OBJECT_NOT_FOUND"
		}
		return remoteError(status, msg, vendorError(a.profile.Integration, category, msg))
	}
	for _, f := range c.fields {
		if f.readOnly || f.target == "" || (touched != nil && !touched[f.name]) {
			continue
		}
		target := a.colls[f.target]
		switch f.kind {
		case kindRef:
			if id := str(asObject(fields[f.name])["id"]); id != "" && target.records[id] == nil {
				return fail(fmt.Sprintf("%s.id %s does not exist", f.name, id))
			}
		case kindRefList:
			items, _ := fields[f.name].([]any)
			for i, it := range items {
				if id := str(asObject(it)["id"]); id != "" && target.records[id] == nil {
					return fail(fmt.Sprintf("%s[%d].id %s does not exist", f.name, i, id))
				}
			}
		}
	}
	return nil
}

// derive updates what the CRM computes after a write: the collection's
// derived fields and the etag. Callers hold s.mu.
func (s *Server) derive(c *collection, fields map[string]any, touched map[string]bool, at time.Time) {
	if c.derive != nil {
		c.derive(fields, touched, at)
	}
	if c.etag {
		s.etags++
		fields["etag"] = strconv.FormatInt(s.etags, 10)
	}
}

// handleCreate serves POST /unified/crm/{collection}.
func (s *Server) handleCreate(r *http.Request, a *integratedAccount, cs *collState, opt renderOptions) *response {
	c := cs.c
	body, errResp := readJSONObject(r)
	if errResp != nil {
		return errResp
	}
	in, errResp := parseInput(c, body, a.writeRules(cs))
	if errResp != nil {
		return errResp
	}
	for _, k := range cs.prof.unwritable[opCreate] {
		delete(in.fields, k) // the integration's mapping lacks it: dropped
	}
	fields := map[string]any{}
	for k, v := range in.fields {
		if v != nil {
			fields[k] = v
		}
	}
	if missing, rule := c.missingRequired(fields, cs.prof.required, nil); len(missing) > 0 {
		return c.errMissingFields(missing, rule)
	}
	if in.crmError != "" {
		return errCRMValidation(a.profile.Integration, in.crmError)
	}

	// The CRM sets its own custom fields; the request's are merged over them
	// (a key sent as null clears the CRM's default).
	cf := copyMap(cs.prof.customFieldDefaults)
	if sent, ok := in.fields["custom_fields"].(map[string]any); ok {
		if cf == nil {
			cf = map[string]any{}
		}
		for k, v := range sent {
			if v == nil {
				delete(cf, k)
			} else {
				cf[k] = v
			}
		}
	}
	delete(fields, "custom_fields")
	if len(cf) > 0 {
		fields["custom_fields"] = cf
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if resp := checkReferences(a, c, fields, nil); resp != nil {
		return resp
	}
	t := now()
	created := t
	if in.createdAt != "" {
		created, _ = parseTime(in.createdAt)
	}
	s.derive(c, fields, nil, t)
	s.assignListIDs(c, fields, nil)
	s.seq++
	rec := &record{
		id:        s.newID(11),
		seq:       s.seq,
		createdAt: created,
		updatedAt: t,
		fields:    fields,
		vendor:    copyMap(in.remoteData),
	}
	cs.records[rec.id] = rec
	return jsonResponse(http.StatusCreated, render(a, cs, rec, opt))
}

// handleGet serves GET /unified/crm/{collection}/{id}.
func (s *Server) handleGet(a *integratedAccount, cs *collState, id string, opt renderOptions) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := cs.records[id]
	if rec == nil {
		return errRecordNotFound(a.profile.Integration, cs.c, id)
	}
	return jsonResponse(http.StatusOK, render(a, cs, rec, opt))
}

// handleUpdate serves PATCH /unified/crm/{collection}/{id}: fields present
// are replaced, absent ones left alone, null clears; lists are replaced
// whole (items keep ids that exist on the record, others get new ids);
// custom_fields merge per key (null clears that key), or replace the whole
// object under Profile.CustomFieldsReplace; remote_data merges into the
// vendor fields.
func (s *Server) handleUpdate(r *http.Request, a *integratedAccount, cs *collState, id string, q url.Values, opt renderOptions) *response {
	c := cs.c
	body, errResp := readJSONObject(r)
	if errResp != nil {
		return errResp
	}
	in, errResp := parseInput(c, body, a.writeRules(cs))
	if errResp != nil {
		return errResp
	}
	for _, k := range cs.prof.unwritable[opUpdate] {
		delete(in.fields, k) // the integration's mapping lacks it: dropped
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rec := cs.records[id]
	if rec == nil {
		return errRecordNotFound(a.profile.Integration, c, id)
	}
	if resp := cs.checkIdentity(opUpdate, q, rec); resp != nil {
		return resp
	}
	merged := copyMap(rec.fields)
	touched := map[string]bool{}
	for k, v := range in.fields {
		touched[k] = true
		switch {
		case v == nil:
			delete(merged, k)
		case k == "custom_fields":
			cf, _ := merged[k].(map[string]any)
			if cf == nil || a.profile.CustomFieldsReplace {
				cf = map[string]any{}
			}
			sent, _ := v.(map[string]any) // parseInput guarantees an object
			for ck, cv := range sent {
				if cv == nil {
					delete(cf, ck)
				} else {
					cf[ck] = cv
				}
			}
			if len(cf) == 0 {
				delete(merged, k)
			} else {
				merged[k] = cf
			}
		default:
			merged[k] = v
		}
	}
	if missing, rule := c.missingRequired(merged, cs.prof.required, touched); len(missing) > 0 {
		return c.errMissingFields(missing, rule)
	}
	if in.crmError != "" {
		return errCRMValidation(a.profile.Integration, in.crmError)
	}
	if resp := checkReferences(a, c, merged, touched); resp != nil {
		return resp
	}
	s.derive(c, merged, touched, now())
	s.assignListIDs(c, merged, rec.fields)
	rec.fields = merged
	if in.remoteData != nil {
		if rec.vendor == nil {
			rec.vendor = map[string]any{}
		}
		mergePatch(rec.vendor, in.remoteData)
	}
	rec.bump()
	return jsonResponse(http.StatusOK, render(a, cs, rec, opt))
}

// handleDelete serves DELETE /unified/crm/{collection}/{id}.
func (s *Server) handleDelete(a *integratedAccount, cs *collState, id string, q url.Values) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs.records[id] == nil {
		return errRecordNotFound(a.profile.Integration, cs.c, id)
	}
	if resp := cs.checkIdentity(opDelete, q, cs.records[id]); resp != nil {
		return resp
	}
	delete(cs.records, id)
	if cs.prof.deleteNoContent {
		return noContent()
	}
	return jsonResponse(http.StatusOK, map[string]any{"id": id})
}
