package emulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// timeLayout is how timestamps are rendered: RFC 3339, UTC, milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z"

// formatTime renders t like 2026-11-26T20:13:32.123Z.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime accepts any RFC 3339 date-time (with or without fractions).
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Millisecond), true
}

// record is one CRM record as the emulated CRM stores it.
//
// fields holds the unified fields other than id, created_at, updated_at and
// remote_data, as plain JSON values (map[string]any, []any, string, float64,
// bool). vendor holds the vendor-only fields that requests passed through
// remote_data; they are merged into the vendor raw record on reads.
type record struct {
	id        string
	seq       int64
	createdAt time.Time
	updatedAt time.Time
	fields    map[string]any
	vendor    map[string]any
}

// account is the state of one integrated account: its profile and the
// records of the CRM it is connected to, per collection.
type integratedAccount struct {
	id      string
	profile Profile
	colls   map[string]*collState
	// lastRemoteQuery is the remote_query[...] of the last request that had any.
	lastRemoteQuery map[string]string
}

// collState is one collection of one integrated account: the profile
// resolved for it and its records.
type collState struct {
	c       *collection
	prof    collProfile
	records map[string]*record
	// batchFaults are queued by Collection.FailNextBatchDelete.
	batchFaults []BatchDeleteFault
}

// in returns the account's state of a collection.
func (a *integratedAccount) in(c *collection) *collState { return a.colls[c.name] }

// sortedRecords returns the records in creation order.
func (cs *collState) sortedRecords() []*record {
	out := make([]*record, 0, len(cs.records))
	for _, r := range cs.records {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// newID returns a fresh CRM-like numeric id with the given number of digits
// (no leading zero), unique across the whole server. Callers hold s.mu.
func (s *Server) newID(digits int) string {
	low := int64(1)
	for i := 1; i < digits; i++ {
		low *= 10
	}
	for {
		id := strconv.FormatInt(low+s.rng.Int64N(9*low), 10)
		if !s.usedIDs[id] {
			s.usedIDs[id] = true
			return id
		}
	}
}

// now returns the current time truncated to milliseconds (the precision that
// is rendered), so that stored and rendered timestamps compare equal.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// bump sets updatedAt to now, strictly after its previous value so that every
// change is visible even within one millisecond.
func (r *record) bump() {
	t := now()
	if !t.After(r.updatedAt) {
		t = r.updatedAt.Add(time.Millisecond)
	}
	r.updatedAt = t
}

// assignListIDs gives ids to the items of the collection's list fields
// that carry them.
//
// Where the CRM owns the ids (addresses, phone_numbers ...) an item keeps
// its id only when that id exists in prev (the record's current list);
// otherwise it gets a new one. Where items name things that exist elsewhere
// in the CRM (tags), an item keeps any id it is given and only items
// without one get a new id. Callers hold s.mu.
func (s *Server) assignListIDs(c *collection, fields map[string]any, prev map[string]any) {
	for _, f := range c.fields {
		if f.kind != kindList || f.ids == noIDs {
			continue
		}
		items, ok := fields[f.name].([]any)
		if !ok {
			continue
		}
		known := map[string]bool{}
		if old, ok := prev[f.name].([]any); ok {
			for _, it := range old {
				if m, ok := it.(map[string]any); ok {
					if id, ok := m["id"].(string); ok && id != "" {
						known[id] = true
					}
				}
			}
		}
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				continue
			}
			id, _ := m["id"].(string)
			switch {
			case f.ids == keepIDs && id != "":
				// keep the referenced id
			case id != "" && known[id]:
				// an existing item keeps its id
			default:
				m["id"] = s.newID(9)
			}
		}
	}
}

// deepCopy copies a JSON value (maps, slices, scalars).
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = deepCopy(x)
		}
		return s
	default:
		return v
	}
}

// copyMap deep-copies a JSON object (nil stays nil).
func copyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out, _ := deepCopy(m).(map[string]any)
	return out
}

// normalize turns any Go value into its plain JSON form (map[string]any,
// []any, string, float64, bool, nil) by a JSON round trip, so that values given
// through the Go control surface (ints, []string, structs ...) are stored
// exactly as values decoded from a request would be.
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("emulator: value is not JSON-encodable: %w", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// mergePatch applies a JSON merge patch (RFC 7396) to target in place:
// null deletes a key, objects merge recursively, anything else replaces.
func mergePatch(target, patch map[string]any) {
	for k, v := range patch {
		if v == nil {
			delete(target, k)
			continue
		}
		if pm, ok := v.(map[string]any); ok {
			tm, ok := target[k].(map[string]any)
			if !ok {
				tm = map[string]any{}
			}
			mergePatch(tm, pm)
			target[k] = tm
			continue
		}
		target[k] = deepCopy(v)
	}
}

// isEmpty reports whether a JSON value carries no value: null, "", [] or {}.
func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}
