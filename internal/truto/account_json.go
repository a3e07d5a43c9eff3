package truto

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// UnmarshalJSON decodes an account tolerantly, field by field: a field whose value does not fit
// (number_of_employees as an object, owner as a string, ...) is left absent instead of failing the
// whole decode, because a create that succeeded remotely must never be reported as failed (the
// record would be lost track of). Only a body that is not a JSON object is an error.
//
// Leniencies: text fields and ids accept a JSON number, kept as its literal text (some CRMs use
// numeric ids); number_of_employees accepts a whole-number float (12.0) or a numeric string
// ("12"); timestamps accept only strings. A list with an element that is not an object is left
// absent as a whole rather than shown shortened. Unknown keys are ignored.
func (a *Account) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if isJSONNull(b) {
		return nil // encoding/json convention: null is a no-op
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("truto: account is not a JSON object: %w", err)
	}
	*a = Account{}
	a.ID, _ = looseString(obj["id"])
	a.Name = field(obj, "name", looseString)
	a.Website = field(obj, "website", looseString)
	a.Description = field(obj, "description", looseString)
	a.Industry = field(obj, "industry", looseString)
	a.NumberOfEmployees = field(obj, "number_of_employees", looseInt)
	a.Owner = field(obj, "owner", decodeOwner)
	a.Addresses = field(obj, "addresses", listOf(decodeAddress))
	a.PhoneNumbers = field(obj, "phone_numbers", listOf(decodePhoneNumber))
	a.URLs = field(obj, "urls", listOf(decodeURL))
	a.Tags = field(obj, "tags", listOf(decodeTag))
	a.CustomFields = decodeCustomFields(obj["custom_fields"])
	if raw := obj["remote_data"]; len(raw) > 0 && !isJSONNull(raw) {
		a.RemoteData = raw
	}
	a.CreatedAt = field(obj, "created_at", strictString)
	a.UpdatedAt = field(obj, "updated_at", strictString)
	a.LastActivityAt = field(obj, "last_activity_at", strictString)
	return nil
}

// field decodes obj[key]: absent stays absent, null becomes Null, a value that conv rejects is
// left absent.
func field[T any](obj map[string]json.RawMessage, key string, conv func(json.RawMessage) (T, bool)) Field[T] {
	raw, ok := obj[key]
	if !ok {
		return Field[T]{}
	}
	if isJSONNull(raw) {
		return Null[T]()
	}
	v, ok := conv(raw)
	if !ok {
		return Field[T]{}
	}
	return Value(v)
}

func isJSONNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// strictString accepts only a JSON string.
func strictString(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// looseString accepts a JSON string, or a JSON number kept as its literal text.
func looseString(raw json.RawMessage) (string, bool) {
	if s, ok := strictString(raw); ok {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return "", false
	}
	return n.String(), true
}

// looseInt accepts an integer, a whole-number float (12.0, 1.2e1) or a numeric string ("12").
func looseInt(raw json.RawMessage) (int64, bool) {
	text, ok := looseString(raw)
	if !ok {
		return 0, false
	}
	text = strings.TrimSpace(text)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// object decodes a JSON object into its members.
func object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, false
	}
	return obj, true
}

// optString reads a nested text member leniently: absent, null or unfit gives nil.
func optString(obj map[string]json.RawMessage, key string) *string {
	raw, ok := obj[key]
	if !ok || isJSONNull(raw) {
		return nil
	}
	if s, ok := looseString(raw); ok {
		return &s
	}
	return nil
}

// decodeOwner accepts an object with a usable id; anything else does not fit.
func decodeOwner(raw json.RawMessage) (Owner, bool) {
	obj, ok := object(raw)
	if !ok {
		return Owner{}, false
	}
	id := optString(obj, "id")
	if id == nil || *id == "" {
		return Owner{}, false
	}
	return Owner{ID: *id}, true
}

// listOf decodes a JSON array whose elements are all objects.
func listOf[T any](elem func(map[string]json.RawMessage) T) func(json.RawMessage) ([]T, bool) {
	return func(raw json.RawMessage) ([]T, bool) {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil, false
		}
		out := make([]T, 0, len(items))
		for _, it := range items {
			obj, ok := object(it)
			if !ok {
				return nil, false
			}
			out = append(out, elem(obj))
		}
		return out, true
	}
}

func decodeAddress(o map[string]json.RawMessage) Address {
	return Address{
		ID: optString(o, "id"), Type: optString(o, "type"),
		Street1: optString(o, "street_1"), Street2: optString(o, "street_2"),
		City: optString(o, "city"), State: optString(o, "state"),
		PostalCode: optString(o, "postal_code"), Country: optString(o, "country"),
	}
}

func decodePhoneNumber(o map[string]json.RawMessage) PhoneNumber {
	return PhoneNumber{
		ID: optString(o, "id"), Number: optString(o, "number"),
		Extension: optString(o, "extension"), Type: optString(o, "type"),
	}
}

func decodeURL(o map[string]json.RawMessage) URL {
	return URL{URL: optString(o, "url"), Type: optString(o, "type")}
}

func decodeTag(o map[string]json.RawMessage) Tag {
	return Tag{ID: optString(o, "id"), Name: optString(o, "name")}
}

// decodeCustomFields keeps every value as raw JSON; anything but an object is ignored.
func decodeCustomFields(raw json.RawMessage) map[string]json.RawMessage {
	obj, ok := object(raw)
	if !ok {
		return nil
	}
	return obj
}

// encodeJSON marshals a request body without HTML escaping, so custom_fields values
// (json.RawMessage) go out verbatim apart from insignificant whitespace: 10 stays 10, 1.50 stays
// 1.50, "<b>" stays "<b>".
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// decodeCreated reads a create's 2xx body. If it is not a readable account, it salvages the
// top-level id so a record that exists is not lost track of.
func decodeCreated(body []byte) (*Account, error) {
	var a Account
	err := json.Unmarshal(body, &a)
	if err == nil && a.ID != "" {
		return &a, nil
	}
	if id, ok := salvageID(body); ok {
		return &Account{ID: id}, nil
	}
	if err == nil {
		err = errors.New("the response has no account id")
	}
	return nil, fmt.Errorf("the create succeeded but its response could not be read (%s): %w", snippet(body), err)
}

var idValue = regexp.MustCompile(`^\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)`)

// salvageID finds the account id in a body that does not decode (truncated, a bad value
// elsewhere, trailing garbage). It scans for an "id" key directly inside the top-level object,
// tracking nesting and strings without validating the rest, so a nested id (owner, tags,
// remote_data) is never mistaken for the record's.
func salvageID(body []byte) (string, bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", false
	}
	depth := 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end := stringEnd(body, i)
			if end < 0 {
				return "", false
			}
			if depth == 1 && string(body[i:end+1]) == `"id"` {
				if m := idValue.FindSubmatch(body[end+1:]); m != nil {
					id, ok := looseString(m[1])
					return id, ok && id != ""
				}
			}
			i = end
		}
	}
	return "", false
}

// stringEnd returns the index of the quote closing the JSON string opening at start, or -1.
func stringEnd(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
