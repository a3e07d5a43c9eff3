package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBodyBytes bounds request bodies.
const maxBodyBytes = 1 << 20

// readJSONObject reads a request body that must be a single JSON object.
// Numbers are kept as json.Number so that integer checks are exact.
func readJSONObject(r *http.Request) (map[string]any, *response) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, trutoError(http.StatusBadRequest, "Content-Type must be application/json")
		}
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, trutoError(http.StatusBadRequest, "cannot read request body")
	}
	if len(data) > maxBodyBytes {
		return nil, trutoError(http.StatusRequestEntityTooLarge, "request body is too large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, trutoError(http.StatusBadRequest, "request body must be a JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, trutoError(http.StatusBadRequest, "request body must be a single JSON object")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, trutoError(http.StatusBadRequest, "request body must be a JSON object")
	}
	return m, nil
}

// plainNumbers replaces json.Number values by float64, recursively, giving
// the same values encoding/json produces when decoding into any.
func plainNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return t.String()
		}
		return f
	case map[string]any:
		for k, x := range t {
			t[k] = plainNumbers(x)
		}
		return t
	case []any:
		for i, x := range t {
			t[i] = plainNumbers(x)
		}
		return t
	}
	return v
}

// input is a validated request body.
type input struct {
	// fields are the unified fields sent, with nil for an explicit null.
	fields map[string]any
	// remoteData is the request's remote_data (vendor fields), if any.
	remoteData map[string]any
	// createdAt is the body's created_at when it is a valid RFC 3339 string
	// and the collection lets a create set it.
	createdAt string
	// crmError is the first value the CRM itself would reject (a 422).
	crmError string
}

// writeRules are the profile's rules for the values of a write.
type writeRules struct {
	lowercaseEmails bool                // Profile.LowercaseEmails
	dateOnly        bool                // Profile.DateOnly
	e164Phones      bool                // Profile.E164Phones
	enums           map[string][]string // allowed values overriding a field's enum
}

// parseInput checks the types of a create or update body against the
// collection's unified fields and extracts the fields the unified model
// maps. Unknown keys are dropped, as Truto's mapping drops them; read-only
// fields (id, updated_at, last_activity_at, etag ...) are ignored. A type
// error is a 400; values that are well-typed but that the CRM rejects are
// reported in crmError.
func parseInput(c *collection, body map[string]any, rules writeRules) (*input, *response) {
	in := &input{fields: map[string]any{}}
	for i := range c.fields {
		f := &c.fields[i]
		v, ok := body[f.name]
		if !ok || f.readOnly {
			continue
		}
		if v == nil {
			in.fields[f.name] = nil
			continue
		}
		val, crmErr, errMsg := parseValue(f, v, rules)
		if errMsg != "" {
			return nil, trutoError(http.StatusBadRequest, errMsg)
		}
		in.crmError = firstNonEmpty(in.crmError, crmErr)
		in.fields[f.name] = val
	}
	if v, ok := body["remote_data"]; ok && v != nil {
		m, isObj := v.(map[string]any)
		if !isObj {
			return nil, trutoError(http.StatusBadRequest, "remote_data must be an object")
		}
		in.remoteData, _ = plainNumbers(m).(map[string]any)
	}
	if s, ok := body["created_at"].(string); ok && c.createdAtWritable {
		if t, ok := parseTime(s); ok {
			in.createdAt = formatTime(t)
		}
	}
	return in, nil
}

// parseValue checks one non-null value of field f. It returns the value to
// store, or a CRM rejection (crmErr, the value then stored as null), or a
// type error message.
func parseValue(f *field, v any, rules writeRules) (val any, crmErr, errMsg string) {
	enum := f.enum
	if e, ok := rules.enums[f.name]; ok {
		enum = e
	}
	switch f.kind {
	case kindString:
		return parseString(f, v, enum, rules)
	case kindNumber:
		return parseNumber(f.name, v)
	case kindCount:
		return parseCount(f.name, v)
	case kindBool:
		if b, ok := v.(bool); ok {
			return b, "", ""
		}
		return nil, "", f.name + " must be a boolean"
	case kindTime:
		return parseTimeValue(f, v, rules)
	case kindRef:
		id, msg := parseRef(f.name, v)
		if msg != "" {
			return nil, "", msg
		}
		return map[string]any{"id": id}, "", ""
	case kindObject:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", f.name + " must be an object"
		}
		obj, msg := stringMembers(f.name, m, f.keys, func(_, s string) string { return s })
		return obj, "", msg
	case kindRefList, kindList:
		return parseList(f, v, enum, rules)
	case kindCustom:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", f.name + " must be an object"
		}
		return plainNumbers(m), "", ""
	}
	return nil, "", f.name + " cannot be written"
}

// parseString checks a string, lowercasing an email where the profile says
// the CRM does; a value outside the enum is the CRM's rejection.
func parseString(f *field, v any, enum []string, rules writeRules) (val any, crmErr, errMsg string) {
	s, ok := v.(string)
	if !ok {
		return nil, "", f.name + " must be a string"
	}
	if f.email && rules.lowercaseEmails {
		s = strings.ToLower(s)
	}
	if len(enum) > 0 && !contains(enum, s) {
		crmErr = fmt.Sprintf("%s must be one of %s, got %q", f.name, strings.Join(enum, ", "), s)
	}
	return s, crmErr, ""
}

// parseNumber checks a JSON number; it is stored as a float64.
func parseNumber(name string, v any) (val any, crmErr, errMsg string) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, "", name + " must be a number"
	}
	x, err := n.Float64()
	if err != nil {
		return nil, "", name + " must be a number"
	}
	return x, "", ""
}

// parseCount checks a non-negative whole number; anything else is the CRM's
// rejection, as CRMs validate counts themselves.
func parseCount(name string, v any) (val any, crmErr, errMsg string) {
	n, isNum := v.(json.Number)
	i, err := strconv.ParseInt(string(n), 10, 64)
	if !isNum || err != nil || i < 0 {
		return nil, fmt.Sprintf("%s must be a non-negative integer, got %s", name, jsonText(v)), ""
	}
	return float64(i), "", ""
}

// parseTimeValue checks a date-time or a date, keeping only the date where the
// profile's CRM does.
func parseTimeValue(f *field, v any, rules writeRules) (val any, crmErr, errMsg string) {
	s, ok := v.(string)
	t, valid := parseDateTime(s)
	if !ok || !valid {
		return nil, "", f.name + " must be an RFC 3339 date-time or a date (YYYY-MM-DD)"
	}
	if f.dateOnly && rules.dateOnly {
		t = dateOf(s, t)
	}
	return formatTime(t), "", ""
}

// parseList checks a list of references or of items with string members; an
// item type outside the enum is the CRM's rejection.
func parseList(f *field, v any, enum []string, rules writeRules) (val any, crmErr, errMsg string) {
	items, ok := v.([]any)
	if !ok {
		return nil, "", f.name + " must be an array"
	}
	// what a CRM does to a member as it stores it (per profile)
	stored := func(key, s string) string {
		if key == "email" && f.email && rules.lowercaseEmails {
			s = strings.ToLower(s)
		}
		if key == "number" && f.phone && rules.e164Phones {
			s = e164(s)
		}
		return s
	}
	out := make([]any, 0, len(items))
	for i, it := range items {
		at := fmt.Sprintf("%s[%d]", f.name, i)
		if f.kind == kindRefList {
			id, msg := parseRef(at, it)
			if msg != "" {
				return nil, "", msg
			}
			out = append(out, map[string]any{"id": id})
			continue
		}
		obj, isObj := it.(map[string]any)
		if !isObj {
			return nil, "", at + " must be an object"
		}
		item, msg := stringMembers(at, obj, f.keys, stored)
		if msg != "" {
			return nil, "", msg
		}
		if f.enumKey != "" {
			if t, ok := item[f.enumKey].(string); ok && len(enum) > 0 && !contains(enum, t) {
				crmErr = firstNonEmpty(crmErr,
					fmt.Sprintf("%s.%s must be one of %s, got %q", at, f.enumKey, strings.Join(enum, ", "), t))
			}
		}
		out = append(out, item)
	}
	return out, crmErr, ""
}

// stringMembers keeps the known keys of an object, each a string (null or
// absent ones are left out), as stored makes it.
func stringMembers(at string, m map[string]any, keys []string, stored func(key, s string) string) (map[string]any, string) {
	obj := map[string]any{}
	for _, key := range keys {
		x, ok := m[key]
		if !ok || x == nil {
			continue
		}
		s, isStr := x.(string)
		if !isStr {
			return nil, at + "." + key + " must be a string"
		}
		obj[key] = stored(key, s)
	}
	return obj, ""
}

// parseRef checks a reference {id}: an object whose id is a string.
func parseRef(at string, v any) (id, errMsg string) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", at + " must be an object with an id"
	}
	id, isStr := m["id"].(string)
	if m["id"] != nil && !isStr {
		return "", at + ".id must be a string"
	}
	return id, ""
}

// parseDateTime accepts an RFC 3339 date-time or a date YYYY-MM-DD (taken
// as midnight UTC).
func parseDateTime(s string) (time.Time, bool) {
	if t, ok := parseTime(s); ok {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// dateOf is the calendar date of a value as it was written (in its own
// offset), at midnight UTC: what a CRM that keeps only a date stores.
func dateOf(s string, t time.Time) time.Time {
	if full, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = full
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// hasValue reports whether a field of a (merged) record has a value for a
// required-field check: references need an id, email lists an address,
// other values must not be empty.
func (c *collection) hasValue(fields map[string]any, name string) bool {
	v := fields[name]
	f := c.field(name)
	switch {
	case f != nil && f.kind == kindRefList:
		return len(refIDs(v)) > 0
	case f != nil && f.kind == kindList && f.email:
		items, _ := v.([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok && str(m["email"]) != "" {
				return true
			}
		}
		return false
	}
	if m, ok := v.(map[string]any); ok {
		return cleanObject(m) != nil
	}
	return !isEmpty(v)
}

// missingRequired lists the fields of a (merged) record that a create needs
// but that have no value: the collection's one-of rule (e.g. name or
// website), its required fields and the profile's. only, when not nil,
// restricts the check to those fields (an update only checks what it
// changes). ruleBroken reports that missing[0] stands for the one-of rule.
func (c *collection) missingRequired(fields map[string]any, profile []string, only map[string]bool) (missing []string, ruleBroken bool) {
	consider := func(k string) bool { return only == nil || only[k] }
	if rule := c.oneOf; rule != nil {
		touched, satisfied := false, false
		for _, k := range rule.fields {
			touched = touched || consider(k)
			satisfied = satisfied || c.hasValue(fields, k)
		}
		if touched && !satisfied {
			ruleBroken = true
			missing = append(missing, rule.report)
		}
	}
	for _, k := range append(append([]string{}, c.required...), profile...) {
		if !consider(k) || contains(missing, k) {
			continue
		}
		if !c.hasValue(fields, k) {
			missing = append(missing, k)
		}
	}
	return missing, ruleBroken
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// errMissingFields is the unified 400 for missing required body fields.
func (c *collection) errMissingFields(missing []string, ruleBroken bool) *response {
	var parts []string
	rest := missing
	if ruleBroken {
		parts = append(parts, c.oneOf.message)
		rest = missing[1:]
	}
	if len(rest) == 1 {
		parts = append(parts, rest[0]+" is required")
	} else if len(rest) > 1 {
		parts = append(parts, strings.Join(rest, ", ")+" are required")
	}
	return insightError(strings.Join(parts, "; "),
		errorInsight{MissingBodyFields: missing})
}

// e164 is how a CRM that stores E.164 numbers keeps one written with a
// country code: its "+" and digits only ("+1 (415) 555-0100" ->
// "+14155550100"). A number without "+" keeps its digits only.
func e164(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if (r == '+' && i == 0) || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
