package record

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// unknownCustomField is the summary of a custom_fields key the catalog lacks.
const unknownCustomField = "Unknown custom field"

// catalogProblem is one custom_fields entry the catalog rejects.
type catalogProblem struct{ summary, detail string }

// catalogProblems checks configured custom_fields entries against the catalog's definitions: every
// key must be a field's name, and every known value must suit the field's type. Unknown values (known
// only at apply) and null (clearing the field) pass. The value rules are the reference's mapping,
// read generously where CRMs are known to differ: a number or boolean may come as its string
// ("42", "true"), a date as an RFC 3339 time, an array as one option or "a;b".
func catalogProblems(defs []truto.FieldDefinition, entries map[string]attr.Value) []catalogProblem {
	byName := make(map[string]*truto.FieldDefinition, len(defs))
	for i := range defs {
		if _, dup := byName[defs[i].Name]; !dup && defs[i].Name != "" {
			byName[defs[i].Name] = &defs[i]
		}
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []catalogProblem
	for _, key := range keys {
		v := entries[key]
		if v != nil && v.IsNull() {
			continue // clearing a field, whatever the catalog says now
		}
		def := byName[key]
		if def == nil {
			out = append(out, catalogProblem{unknownCustomField,
				fmt.Sprintf("custom_fields key %q is not a field the CRM has%s", key, suggestion(key, byName))})
			continue
		}
		if v == nil || v.IsUnknown() {
			continue
		}
		raw, err := valueToJSON(v)
		if err != nil {
			continue // partly unknown: checked at apply by the CRM
		}
		if msg := valueProblem(def, raw); msg != "" {
			out = append(out, catalogProblem{"Invalid custom field value", fmt.Sprintf("custom_fields key %q: %s", key, msg)})
		}
	}
	return out
}

// valueProblem says what is wrong with a value for a field ("" when nothing).
func valueProblem(def *truto.FieldDefinition, raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return ""
	}
	typ := strings.ToLower(def.Type)
	wrong := func(want string) string {
		return fmt.Sprintf("the field is of type %s and takes %s, not %s", typ, want, describeJSON(v))
	}
	s, isString := v.(string)
	switch typ {
	case "string", "text", "rich_text":
		if !isString {
			return wrong("a string")
		}
	case "number":
		if _, ok := v.(float64); ok {
			return ""
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); isString && err == nil {
			return ""
		}
		return wrong("a number")
	case "boolean":
		if _, ok := v.(bool); ok {
			return ""
		}
		if _, err := strconv.ParseBool(s); isString && err == nil {
			return ""
		}
		return wrong("true or false")
	case "date", "datetime":
		if !isString || !isDateOrTime(s) {
			return wrong("a date (2026-03-31) or an RFC 3339 time")
		}
	case "time":
		if !isString {
			return wrong("a string")
		}
	case "enum":
		choice, ok := scalarText(v)
		if !ok {
			return wrong("one of its options")
		}
		return notAnOption(def, choice)
	case "array":
		switch t := v.(type) {
		case []any:
			for _, item := range t {
				choice, ok := scalarText(item)
				if !ok {
					return wrong("a list of its options")
				}
				if msg := notAnOption(def, choice); msg != "" {
					return msg
				}
			}
		case string:
			for _, choice := range strings.Split(t, ";") {
				if msg := notAnOption(def, choice); msg != "" {
					return msg
				}
			}
		default:
			return wrong("a list of its options")
		}
	}
	return "" // file, and types Truto may add: the CRM decides
}

// notAnOption reports a choice that is not among the field's option values ("" when it is, or when
// the catalog lists no options).
func notAnOption(def *truto.FieldDefinition, choice string) string {
	if len(def.Options) == 0 {
		return ""
	}
	values := make([]string, 0, len(def.Options))
	for _, o := range def.Options {
		if o.Value == choice {
			return ""
		}
		values = append(values, strconv.Quote(o.Value))
	}
	const most = 20
	more := ""
	if len(values) > most {
		values, more = values[:most], fmt.Sprintf(" and %d more", len(values)-most)
	}
	return fmt.Sprintf("%q is not one of the field's options: %s%s", choice, strings.Join(values, ", "), more)
}

// scalarText is a string, number or boolean as the text an option value would be.
func scalarText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(t), true
	}
	return "", false
}

func isDateOrTime(s string) bool {
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// describeJSON names a decoded JSON value's type for messages.
func describeJSON(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", t)
	case float64:
		return "the number " + strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return "the boolean " + strconv.FormatBool(t)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// suggestion is ". Did you mean ...?" with the names nearest to key, or a sample of valid names.
func suggestion(key string, byName map[string]*truto.FieldDefinition) string {
	type scored struct {
		name string
		d    int
	}
	var near []scored
	lk := strings.ToLower(key)
	for name := range byName {
		ln := strings.ToLower(name)
		d := editDistance(lk, ln)
		if d <= max(2, len(key)/3) || strings.Contains(ln, lk) || strings.Contains(lk, ln) {
			near = append(near, scored{name, d})
		}
	}
	sort.Slice(near, func(i, j int) bool {
		if near[i].d != near[j].d {
			return near[i].d < near[j].d
		}
		return near[i].name < near[j].name
	})
	if len(near) > 0 {
		var names []string
		for _, s := range near[:min(3, len(near))] {
			names = append(names, s.name)
		}
		return ". Did you mean " + JoinOr(quotedValues(names)) + "?"
	}
	// Nothing close: list the custom fields first, they are what custom_fields is usually for.
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		ui, uj := byName[names[i]].IsUserDefined, byName[names[j]].IsUserDefined
		if ui != uj {
			return ui
		}
		return names[i] < names[j]
	})
	const most = 10
	more := ""
	if len(names) > most {
		names, more = names[:most], fmt.Sprintf(" and %d more", len(names)-most)
	}
	return ". Valid names include " + strings.Join(quotedValues(names), ", ") + more
}

// editDistance is the Levenshtein distance between a and b (in bytes: field names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
