package truto

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Lenient decoders for field values. CRMs differ in how they spell the same value, and a value
// that does not fit must leave the field unread rather than fail the whole response. Each returns
// false when the value does not fit.
//
// Leniencies: text accepts a JSON number, kept as its literal text (some CRMs use numeric ids);
// integers accept a whole-number float (12.0, 1.2e1) or a numeric string ("12"); numbers accept a
// numeric string ("1234.56": HubSpot stores numbers as strings); booleans accept "true"/"false".

// IsNull reports whether raw is the JSON literal null.
func IsNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// StrictString accepts only a JSON string.
func StrictString(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// LooseString accepts a JSON string, or a JSON number kept as its literal text.
func LooseString(raw json.RawMessage) (string, bool) {
	if s, ok := StrictString(raw); ok {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return "", false
	}
	return n.String(), true
}

// LooseInt accepts an integer, a whole-number float (12.0, 1.2e1) or a numeric string ("12").
func LooseInt(raw json.RawMessage) (int64, bool) {
	text, ok := LooseString(raw)
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

// LooseNumber accepts a JSON number or a numeric string, exactly (no rounding through float64).
func LooseNumber(raw json.RawMessage) (*big.Float, bool) {
	text, ok := LooseString(raw)
	if !ok {
		return nil, false
	}
	text = strings.TrimSpace(text)
	f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
	if text == "" || err != nil {
		return nil, false
	}
	return f, true
}

// LooseBool accepts a JSON boolean or the strings "true" and "false".
func LooseBool(raw json.RawMessage) (bool, bool) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, true
	}
	if s, ok := StrictString(raw); ok {
		if v, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
			return v, true
		}
	}
	return false, false
}

// Object decodes a JSON object into its members.
func Object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, false
	}
	return obj, true
}

// ObjectList decodes a JSON array whose elements are all objects. A list with an element that is
// not an object does not fit as a whole (rather than being shown shortened).
func ObjectList(raw json.RawMessage) ([]map[string]json.RawMessage, bool) {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	out := make([]map[string]json.RawMessage, 0, len(items))
	for _, it := range items {
		obj, ok := Object(it)
		if !ok {
			return nil, false
		}
		out = append(out, obj)
	}
	return out, true
}

// MemberString reads a member of a decoded object as text, leniently: absent, null or unfit give
// false.
func MemberString(obj map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := obj[key]
	if !ok || IsNull(raw) {
		return "", false
	}
	return LooseString(raw)
}

// RefID reads the id of a reference object such as {"id": "42", "name": "Ada"}: a reference
// without a usable id does not fit.
func RefID(raw json.RawMessage) (string, bool) {
	obj, ok := Object(raw)
	if !ok {
		return "", false
	}
	id, ok := MemberString(obj, "id")
	return id, ok && id != ""
}
