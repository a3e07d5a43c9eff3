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
	// createdAt is the body's created_at when it is a valid RFC 3339 string.
	createdAt string
	// crmError is the first value the CRM itself would reject (a 422).
	crmError string
}

// parseInput checks the types of a create or update body against the
// unified model and extracts the fields the unified model maps. Unknown keys
// are dropped, as Truto's mapping drops them; read-only fields (id,
// updated_at, last_activity_at) are ignored. A type error is a 400; values
// that are well-typed but that the CRM rejects are reported in crmError.
func parseInput(body map[string]any) (*input, *response) {
	in := &input{fields: map[string]any{}}
	bad := func(format string, args ...any) (*input, *response) {
		return nil, trutoError(http.StatusBadRequest, fmt.Sprintf(format, args...))
	}
	for _, k := range stringFields {
		v, ok := body[k]
		if !ok {
			continue
		}
		if _, isStr := v.(string); v != nil && !isStr {
			return bad("%s must be a string", k)
		}
		in.fields[k] = v
	}
	if v, ok := body["number_of_employees"]; ok {
		if v != nil {
			n, isNum := v.(json.Number)
			i, err := strconv.ParseInt(string(n), 10, 64)
			if !isNum || err != nil || i < 0 {
				in.crmError = firstNonEmpty(in.crmError, fmt.Sprintf("number_of_employees must be a non-negative integer, got %s", jsonText(v)))
				in.fields["number_of_employees"] = nil
			} else {
				in.fields["number_of_employees"] = float64(i)
			}
		} else {
			in.fields["number_of_employees"] = nil
		}
	}
	if v, ok := body["owner"]; ok {
		switch t := v.(type) {
		case nil:
			in.fields["owner"] = nil
		case map[string]any:
			id, isStr := t["id"].(string)
			if t["id"] != nil && !isStr {
				return bad("owner.id must be a string")
			}
			in.fields["owner"] = map[string]any{"id": id}
		default:
			return bad("owner must be an object with an id")
		}
	}
	for name, keys := range listFields {
		v, ok := body[name]
		if !ok {
			continue
		}
		if v == nil {
			in.fields[name] = nil
			continue
		}
		items, isList := v.([]any)
		if !isList {
			return bad("%s must be an array", name)
		}
		list := make([]any, 0, len(items))
		for i, it := range items {
			obj, isObj := it.(map[string]any)
			if !isObj {
				return bad("%s[%d] must be an object", name, i)
			}
			item := map[string]any{}
			for _, key := range keys {
				x, ok := obj[key]
				if !ok || x == nil {
					continue
				}
				s, isStr := x.(string)
				if !isStr {
					return bad("%s[%d].%s must be a string", name, i, key)
				}
				item[key] = s
			}
			if name == "phone_numbers" {
				if t, ok := item["type"].(string); ok && t != "work" && t != "mobile" && t != "fax" {
					in.crmError = firstNonEmpty(in.crmError,
						fmt.Sprintf("phone_numbers[%d].type must be one of work, mobile, fax, got %q", i, t))
				}
			}
			list = append(list, item)
		}
		in.fields[name] = list
	}
	if v, ok := body["custom_fields"]; ok {
		switch t := v.(type) {
		case nil:
			in.fields["custom_fields"] = nil
		case map[string]any:
			in.fields["custom_fields"] = plainNumbers(t)
		default:
			return bad("custom_fields must be an object")
		}
	}
	if v, ok := body["remote_data"]; ok && v != nil {
		m, isObj := v.(map[string]any)
		if !isObj {
			return bad("remote_data must be an object")
		}
		in.remoteData, _ = plainNumbers(m).(map[string]any)
	}
	if s, ok := body["created_at"].(string); ok {
		if t, ok := parseTime(s); ok {
			in.createdAt = formatTime(t)
		}
	}
	return in, nil
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

// missingRequired lists the fields of a (merged) record that a create needs
// but that have no value: name when neither name nor website is set, and the
// profile's RequiredCreateFields. only, when not nil, restricts the check to
// those fields (an update only checks what it changes).
func missingRequired(fields map[string]any, required []string, only map[string]bool) (missing []string, nameOrWebsite bool) {
	consider := func(k string) bool { return only == nil || only[k] }
	if (consider("name") || consider("website")) && isEmpty(fields["name"]) && isEmpty(fields["website"]) {
		nameOrWebsite = true
		missing = append(missing, "name")
	}
	for _, k := range required {
		if !consider(k) || contains(missing, k) {
			continue
		}
		v := fields[k]
		if m, ok := v.(map[string]any); ok {
			if cleanObject(m) == nil {
				v = nil
			}
		}
		if isEmpty(v) {
			missing = append(missing, k)
		}
	}
	return missing, nameOrWebsite
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
func errMissingFields(missing []string, nameOrWebsite bool) *response {
	var parts []string
	rest := missing
	if nameOrWebsite {
		parts = append(parts, "either name or website is required")
		rest = missing[1:]
	}
	if len(rest) == 1 {
		parts = append(parts, rest[0]+" is required")
	} else if len(rest) > 1 {
		parts = append(parts, strings.Join(rest, ", ")+" are required")
	}
	return insightError(http.StatusBadRequest, strings.Join(parts, "; "),
		errorInsight{MissingBodyFields: missing})
}
