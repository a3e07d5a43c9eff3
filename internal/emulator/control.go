package emulator

import (
	"net/http"
	"sort"
	"strings"
)

// This file is the Go control surface for tests: it looks at and changes the
// emulated CRM behind the API client's back. Every method is goroutine-safe.

// Collection is a handle on one collection of every integrated account,
// for looking behind the API (see Server.In).
type Collection struct {
	s *Server
	c *collection
}

// In returns the control handle of a collection ("accounts", "contacts",
// "users", "stages" ...; see CollectionNames). s.In("accounts") is the
// same as the account methods on Server. It panics for an unknown name: a
// programming error in a test.
func (s *Server) In(collection string) *Collection {
	c := lookupCollection(collection)
	if c == nil {
		panic("emulator: unknown collection " + collection + " (known: " + strings.Join(CollectionNames(), ", ") + ")")
	}
	return &Collection{s: s, c: c}
}

// Name is the collection's name.
func (h *Collection) Name() string { return h.c.name }

// Seed inserts a record as if it had been created in the CRM, without
// validation (read-only collections such as users and stages get their
// records this way) and returns its id; see Server.Seed. Fields the CRM
// computes (a contact's name from first_name and last_name, its etag, a
// done task's completed_at) are filled in; values are stored as given
// (profile quirks such as LowercaseEmails apply to API writes only).
func (h *Collection) Seed(integratedAccountID string, rec map[string]any) string {
	return h.s.seed(h.c, integratedAccountID, rec)
}

// Record returns what GET returns for the record; see Server.Record.
func (h *Collection) Record(integratedAccountID, id string) (map[string]any, bool) {
	return h.s.record(h.c, integratedAccountID, id)
}

// Records returns every record of the collection of the integrated
// account, in creation order; see Server.Records.
func (h *Collection) Records(integratedAccountID string) []map[string]any {
	return h.s.records(h.c, integratedAccountID)
}

// Mutate changes a record behind the client's back; see Server.Mutate.
// Read-only fields (a lead's converted_account ...) can be set this way.
func (h *Collection) Mutate(integratedAccountID, id string, patch map[string]any) bool {
	return h.s.mutate(h.c, integratedAccountID, id, patch)
}

// Remove deletes a record behind the client's back; see Server.Remove.
func (h *Collection) Remove(integratedAccountID, id string) bool {
	return h.s.remove(h.c, integratedAccountID, id)
}

// Seed inserts an account as if it had been created in the CRM (no
// validation, no request counted) and returns its id. The record uses the
// unified JSON shape: an "id" string is kept when it is free (else a new id
// is assigned), "created_at"/"updated_at" are kept when valid RFC 3339,
// list items without ids get ids, the profile's CustomFieldDefaults are set
// under the given custom_fields, and "remote_data" becomes vendor fields.
// It returns "" when the integrated account does not exist or the record is
// not JSON-encodable.
func (s *Server) Seed(integratedAccountID string, rec map[string]any) string {
	return s.seed(accountsCollection, integratedAccountID, rec)
}

// Record returns a deep copy of a stored account in the unified JSON shape —
// what GET returns without query options, remote_data included.
func (s *Server) Record(integratedAccountID, id string) (map[string]any, bool) {
	return s.record(accountsCollection, integratedAccountID, id)
}

// Records returns every account of the integrated account, in creation
// order (nil for an unknown integrated account).
func (s *Server) Records(integratedAccountID string) []map[string]any {
	return s.records(accountsCollection, integratedAccountID)
}

// Mutate changes an account behind the client's back, JSON merge-patch
// style (RFC 7396): null removes a field, objects such as custom_fields
// merge per key, lists are replaced (new items without ids get ids),
// "remote_data" merges into the vendor fields, "id" is ignored. updated_at
// is bumped, or set when the patch has a valid "updated_at" ("created_at"
// likewise). It reports whether the record exists.
func (s *Server) Mutate(integratedAccountID, id string, patch map[string]any) bool {
	return s.mutate(accountsCollection, integratedAccountID, id, patch)
}

// Remove deletes an account behind the client's back; it reports whether
// the record existed.
func (s *Server) Remove(integratedAccountID, id string) bool {
	return s.remove(accountsCollection, integratedAccountID, id)
}

// state returns an integrated account's collection, or nil. Callers hold s.mu.
func (s *Server) state(c *collection, integratedAccountID string) (*integratedAccount, *collState) {
	a := s.integratedAccounts[integratedAccountID]
	if a == nil {
		return nil, nil
	}
	return a, a.in(c)
}

func (s *Server) seed(c *collection, integratedAccountID string, rec map[string]any) string {
	v, err := normalize(rec)
	if err != nil {
		return ""
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, cs := s.state(c, integratedAccountID)
	if cs == nil {
		return ""
	}
	return s.insert(cs, m)
}

// insert stores a seeded record (see Seed). Callers hold s.mu.
func (s *Server) insert(cs *collState, m map[string]any) string {
	t := now()
	r := &record{createdAt: t, updatedAt: t, fields: map[string]any{}}
	if id, ok := m["id"].(string); ok && id != "" && !s.usedIDs[id] {
		s.usedIDs[id] = true
		r.id = id
	} else {
		r.id = s.newID(11)
	}
	if c, ok := parseTime(str(m["created_at"])); ok {
		r.createdAt = c
	}
	if u, ok := parseTime(str(m["updated_at"])); ok {
		r.updatedAt = u
	}
	if rd, ok := m["remote_data"].(map[string]any); ok {
		r.vendor = rd
	}
	for k, x := range m {
		switch k {
		case "id", "created_at", "updated_at", "remote_data":
		default:
			if x != nil {
				r.fields[k] = x
			}
		}
	}
	if defaults := copyMap(cs.prof.customFieldDefaults); len(defaults) > 0 {
		if cf, ok := r.fields["custom_fields"].(map[string]any); ok {
			mergePatch(defaults, cf)
		}
		r.fields["custom_fields"] = defaults
	}
	touched := map[string]bool{}
	for k := range r.fields {
		touched[k] = true
	}
	s.derive(cs.c, r.fields, touched, r.updatedAt)
	s.assignListIDs(cs.c, r.fields, r.fields)
	s.seq++
	r.seq = s.seq
	cs.records[r.id] = r
	return r.id
}

// seedCatalog stores the profile's custom-field catalog as records of the
// fields collection. Callers own s (New).
func (s *Server) seedCatalog(a *integratedAccount) {
	entities := make([]string, 0, len(a.profile.Fields))
	for e := range a.profile.Fields {
		entities = append(entities, e)
	}
	sort.Strings(entities)
	cs := a.in(fieldsCollection)
	for _, e := range entities {
		for _, d := range a.profile.Fields[e] {
			m, _ := normalize(map[string]any{
				"id": d.ID, "name": d.Name, "label": d.Label, "description": d.Description, "type": d.Type,
				"options": d.Options, "is_required": d.IsRequired, "is_unique": d.IsUnique, "is_hidden": d.IsHidden,
				"is_user_defined": d.IsUserDefined, "entity_type": e,
			})
			rec, _ := m.(map[string]any)
			s.insert(cs, rec)
		}
	}
}

func (s *Server) record(c *collection, integratedAccountID, id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, cs := s.state(c, integratedAccountID)
	if cs == nil || cs.records[id] == nil {
		return nil, false
	}
	return render(a, cs, cs.records[id], renderOptions{}), true
}

func (s *Server) records(c *collection, integratedAccountID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, cs := s.state(c, integratedAccountID)
	if cs == nil {
		return nil
	}
	out := []map[string]any{}
	for _, r := range cs.sortedRecords() {
		out = append(out, render(a, cs, r, renderOptions{}))
	}
	return out
}

func (s *Server) mutate(c *collection, integratedAccountID, id string, patch map[string]any) bool {
	v, err := normalize(patch)
	if err != nil {
		return false
	}
	p, _ := v.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, cs := s.state(c, integratedAccountID)
	if cs == nil || cs.records[id] == nil {
		return false
	}
	r := cs.records[id]
	updatedAt, explicit := parseTime(str(p["updated_at"]))
	if c, ok := parseTime(str(p["created_at"])); ok {
		r.createdAt = c
	}
	if rd, ok := p["remote_data"].(map[string]any); ok {
		if r.vendor == nil {
			r.vendor = map[string]any{}
		}
		mergePatch(r.vendor, rd)
	}
	for _, k := range []string{"id", "created_at", "updated_at", "remote_data"} {
		delete(p, k)
	}
	mergePatch(r.fields, p)
	touched := map[string]bool{}
	for k := range p {
		touched[k] = true
	}
	s.derive(c, r.fields, touched, now())
	s.assignListIDs(c, r.fields, r.fields)
	if explicit {
		r.updatedAt = updatedAt
	} else {
		r.bump()
	}
	return true
}

func (s *Server) remove(c *collection, integratedAccountID, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, cs := s.state(c, integratedAccountID)
	if cs == nil || cs.records[id] == nil {
		return false
	}
	delete(cs.records, id)
	return true
}

// SetFaults replaces the random fault configuration; Faults{} turns it off.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// FailNext makes the next n requests of that method ("" = any) answer
// status with Truto's own error body for it: 401 invalid token, 404 plain
// "Integrated account not found", 429 (Retry-After: 1), 500, 502, 503
// blocked account ("... reconnect it"), 504, or the reason phrase for other
// statuses. Calls queue up. FailNext applies to record requests of any
// collection (not to meta or capabilities, which do not reach the CRM),
// after auth, routing, the integrated_account_id check and rate limiting.
func (s *Server) FailNext(method string, status int, n int) {
	s.faults.failNext(method, "", status, n, false)
}

// FailNextIn is FailNext for the requests of one collection ("contacts"
// ...): requests to other collections do not consume it. It panics for an
// unknown collection.
func (s *Server) FailNextIn(collection, method string, status int, n int) {
	s.faults.failNext(method, s.In(collection).c.name, status, n, false)
}

// FailNextRemoteIn is FailNextRemote for the requests of one collection.
func (s *Server) FailNextRemoteIn(collection, method string, status int, n int) {
	s.faults.failNext(method, s.In(collection).c.name, status, n, true)
}

// FailNextRemote is FailNext with an error forwarded from the CRM:
// truto_is_remote_error and a vendor raw_response (e.g. 401 = the CRM
// rejected the account's credentials, 404 = the CRM's record not found).
func (s *Server) FailNextRemote(method string, status int, n int) {
	s.faults.failNext(method, "", status, n, true)
}

// SetRateLimit changes an integrated account's rate limit and starts a new
// window (RateLimit{} = Truto's default, Requests < 0 = off).
func (s *Server) SetRateLimit(integratedAccountID string, rl RateLimit) {
	s.limiter.setAccount(integratedAccountID, rl)
}

// SetTokenRateLimit changes the per-token rate limit and starts a new window.
func (s *Server) SetTokenRateLimit(rl RateLimit) { s.limiter.setToken(rl) }

// LastRemoteQuery returns the remote_query[...] parameters of the last
// request for the account that carried any (remote_query[a][b]=c is
// returned as "a[b]": "c"); an empty map when none was seen.
func (s *Server) LastRemoteQuery(integratedAccountID string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if a := s.integratedAccounts[integratedAccountID]; a != nil {
		for k, v := range a.lastRemoteQuery {
			out[k] = v
		}
	}
	return out
}

// AccountIDs returns the ids of the integrated accounts, sorted.
func (s *Server) AccountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.integratedAccounts))
	for id := range s.integratedAccounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

var _ http.Handler = (*Server)(nil)
