package truto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Record is one CRM record (an account, a contact, a deal ...) as it travels on the wire: its id and
// the raw JSON of each top-level field. A field is in one of the three states a PATCH needs: absent
// (not in the record, so the CRM leaves it alone), null (sent as `null`, which clears it) or a value.
// Values stay raw JSON, so a custom field's type and spelling survive untouched (10 stays 10).
//
// A request body keeps the order in which fields were set; a decoded response marks which fields
// the integration returned at all (fields come back only when the integration maps them).
type Record struct {
	ID     string
	fields map[string]json.RawMessage
	order  []string // set order, for request bodies
}

var jsonNull = json.RawMessage("null")

// Set sets a field to raw JSON (use json.RawMessage("null") or SetNull to clear it).
func (r *Record) Set(name string, raw json.RawMessage) {
	if r.fields == nil {
		r.fields = map[string]json.RawMessage{}
	}
	if _, dup := r.fields[name]; !dup {
		r.order = append(r.order, name)
	}
	r.fields[name] = raw
}

// SetNull sets a field to an explicit null.
func (r *Record) SetNull(name string) { r.Set(name, jsonNull) }

// SetValue sets a field to the JSON encoding of v.
func (r *Record) SetValue(name string, v any) error {
	raw, err := encodeJSON(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	r.Set(name, raw)
	return nil
}

// Raw returns a field's raw JSON and whether the record has it at all (null included).
func (r *Record) Raw(name string) (json.RawMessage, bool) {
	raw, ok := r.fields[name]
	return raw, ok
}

// Value returns a field's raw JSON when it holds a value: absent and null give false.
func (r *Record) Value(name string) (json.RawMessage, bool) {
	raw, ok := r.fields[name]
	if !ok || IsNull(raw) {
		return nil, false
	}
	return raw, true
}

// Len is the number of fields set (the id aside).
func (r *Record) Len() int { return len(r.fields) }

// Names returns the field names: in set order for a request, sorted for a decoded response.
func (r *Record) Names() []string {
	if len(r.order) == len(r.fields) {
		return slices.Clone(r.order)
	}
	names := make([]string, 0, len(r.fields))
	for k := range r.fields {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// MarshalJSON writes {"id": ..., fields in set order}; an empty id is left out.
func (r Record) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	write := func(k string, raw []byte) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(raw)
	}
	if r.ID != "" {
		idb, _ := json.Marshal(r.ID)
		write("id", idb)
	}
	for _, k := range r.Names() {
		raw := r.fields[k]
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return nil, fmt.Errorf("truto: field %s is not valid JSON: %w", k, err)
		}
		write(k, compact.Bytes())
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes a record tolerantly: every top-level member is kept as raw JSON and judged
// later by whoever reads the field, so one odd value never fails the whole decode (a create that
// succeeded remotely must never be reported as failed: the record would be lost track of). The id
// may be a JSON string or number (some CRMs use numeric ids). Only a body that is not a JSON
// object is an error.
func (r *Record) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if IsNull(b) {
		return nil // encoding/json convention: null is a no-op
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("truto: the record is not a JSON object: %w", err)
	}
	*r = Record{}
	if raw, ok := obj["id"]; ok {
		r.ID, _ = LooseString(raw)
		delete(obj, "id")
	}
	r.fields = obj
	return nil
}
