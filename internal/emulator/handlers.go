package emulator

import (
	"net/http"
	"net/url"
	"strings"
)

// handle dispatches a routed request of an existing integrated account.
func (s *Server) handle(r *http.Request, rt route, a *account, q url.Values) *response {
	opt := renderOptionsFrom(q)
	switch {
	case rt.id == "" && r.Method == http.MethodGet:
		return s.handleList(a, q, opt)
	case rt.id == "" && r.Method == http.MethodPost:
		return s.handleCreate(r, a, opt)
	case r.Method == http.MethodGet:
		return s.handleGet(a, rt.id, opt)
	case r.Method == http.MethodPatch:
		return s.handleUpdate(r, a, rt.id, opt)
	case r.Method == http.MethodDelete:
		return s.handleDelete(a, rt.id)
	}
	return methodNotAllowed(r.Method, "GET, POST, PATCH, DELETE")
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

// handleCreate serves POST /unified/crm/accounts.
func (s *Server) handleCreate(r *http.Request, a *account, opt renderOptions) *response {
	if a.profile.Sandbox {
		return sandboxError(r.Method)
	}
	body, errResp := readJSONObject(r)
	if errResp != nil {
		return errResp
	}
	in, errResp := parseInput(body)
	if errResp != nil {
		return errResp
	}
	fields := map[string]any{}
	for k, v := range in.fields {
		if v != nil {
			fields[k] = v
		}
	}
	if missing, either := missingRequired(fields, a.profile.RequiredCreateFields, nil); len(missing) > 0 {
		return errMissingFields(missing, either)
	}
	if in.crmError != "" {
		return errCRMValidation(a.profile.Integration, in.crmError)
	}

	// The CRM sets its own custom fields; the request's are merged over them
	// (a key sent as null clears the CRM's default).
	cf := copyMap(a.profile.CustomFieldDefaults)
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
	t := now()
	created := t
	if in.createdAt != "" {
		created, _ = parseTime(in.createdAt)
	}
	s.assignListIDs(fields, nil)
	s.seq++
	rec := &record{
		id:        s.newID(11),
		seq:       s.seq,
		createdAt: created,
		updatedAt: t,
		fields:    fields,
		vendor:    copyMap(in.remoteData),
	}
	a.records[rec.id] = rec
	return jsonResponse(http.StatusCreated, render(a, rec, opt))
}

// handleGet serves GET /unified/crm/accounts/{id}.
func (s *Server) handleGet(a *account, id string, opt renderOptions) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := a.records[id]
	if rec == nil {
		return errRecordNotFound(a.profile.Integration, id)
	}
	return jsonResponse(http.StatusOK, render(a, rec, opt))
}

// handleUpdate serves PATCH /unified/crm/accounts/{id}: fields present are
// replaced, absent ones left alone, null clears; lists are replaced whole
// (items keep ids that exist on the record, others get new ids);
// custom_fields merge per key (null clears that key); remote_data merges
// into the vendor fields.
func (s *Server) handleUpdate(r *http.Request, a *account, id string, opt renderOptions) *response {
	if a.profile.Sandbox {
		return sandboxError(r.Method)
	}
	body, errResp := readJSONObject(r)
	if errResp != nil {
		return errResp
	}
	in, errResp := parseInput(body)
	if errResp != nil {
		return errResp
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rec := a.records[id]
	if rec == nil {
		return errRecordNotFound(a.profile.Integration, id)
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
			if cf == nil {
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
	if missing, either := missingRequired(merged, a.profile.RequiredCreateFields, touched); len(missing) > 0 {
		return errMissingFields(missing, either)
	}
	if in.crmError != "" {
		return errCRMValidation(a.profile.Integration, in.crmError)
	}
	s.assignListIDs(merged, rec.fields)
	rec.fields = merged
	if in.remoteData != nil {
		if rec.vendor == nil {
			rec.vendor = map[string]any{}
		}
		mergePatch(rec.vendor, in.remoteData)
	}
	rec.bump()
	return jsonResponse(http.StatusOK, render(a, rec, opt))
}

// handleDelete serves DELETE /unified/crm/accounts/{id}.
func (s *Server) handleDelete(a *account, id string) *response {
	if a.profile.Sandbox {
		return sandboxError(http.MethodDelete)
	}
	if a.profile.DeleteUnsupported {
		resp := trutoError(http.StatusMethodNotAllowed,
			"delete: method not supported by integration "+a.profile.Integration)
		resp.header.Set("Allow", "GET, POST, PATCH")
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.records[id] == nil {
		return errRecordNotFound(a.profile.Integration, id)
	}
	delete(a.records, id)
	if a.profile.DeleteReturnsNoContent {
		return noContent()
	}
	return jsonResponse(http.StatusOK, map[string]any{"id": id})
}
