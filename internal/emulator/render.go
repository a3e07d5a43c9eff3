package emulator

import (
	"slices"
	"strconv"
)

// renderOptions are the Truto query parameters that shape a response.
type renderOptions struct {
	ignoreRemoteData bool            // truto_ignore_remote_data=true
	exclude          map[string]bool // truto_exclude_fields[]
}

// render returns the unified record: only keys that have a value are
// present (absent fields are normal in Truto's unified model),
// custom_fields holds every custom field on the record and remote_data the
// vendor's raw record. Callers hold the server's lock.
func render(a *integratedAccount, cs *collState, r *record, opt renderOptions) map[string]any {
	out := map[string]any{
		"id":         r.id,
		"created_at": formatTime(r.createdAt),
		"updated_at": formatTime(r.updatedAt),
	}
	for k, v := range r.fields {
		f := cs.c.field(k)
		kind := kindString
		if f != nil {
			kind = f.kind
		}
		switch kind {
		case kindCustom:
			cf, _ := v.(map[string]any)
			clean := map[string]any{}
			for ck, cv := range cf {
				if cv != nil {
					clean[ck] = deepCopy(cv)
					if a.profile.CustomFieldsAsStrings {
						clean[ck] = scalarAsString(cv)
					}
				}
			}
			if len(clean) > 0 {
				out[k] = clean
			}
		case kindRef, kindObject:
			if m := cleanObject(v); m != nil {
				if f.withName {
					addName(a, f.target, m)
				}
				out[k] = m
			}
		case kindList, kindRefList:
			items, _ := v.([]any)
			var list []any
			for _, it := range items {
				if m := cleanObject(it); m != nil {
					list = append(list, m)
				}
			}
			if a.profile.ReorderLists {
				slices.Reverse(list)
			}
			if len(list) > 0 {
				out[k] = list
			}
		case kindNumber:
			if n, ok := v.(float64); ok && f.numeric && a.profile.NumbersAsStrings {
				out[k] = scalarAsString(n)
			} else if !isEmpty(v) {
				out[k] = deepCopy(v)
			}
		default:
			if !isEmpty(v) {
				out[k] = deepCopy(v)
			}
		}
	}
	if !opt.ignoreRemoteData {
		out["remote_data"] = vendorRecord(a, cs.c, r)
	}
	for _, k := range cs.prof.neverReturned {
		delete(out, k)
	}
	for k := range opt.exclude {
		delete(out, k)
	}
	return out
}

// addName adds the name of the referenced record of collection target to a
// rendered reference, when that record exists.
func addName(a *integratedAccount, target string, m map[string]any) {
	cs := a.colls[target]
	if rec := cs.records[str(m["id"])]; rec != nil {
		if n := cs.c.displayName(rec); n != "" {
			m["name"] = n
		}
	}
}

// cleanObject copies a JSON object without its empty members; nil when
// nothing is left (or v is not an object).
func cleanObject(v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := map[string]any{}
	for k, x := range m {
		if !isEmpty(x) {
			out[k] = deepCopy(x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// scalarAsString renders a number or a bool as the string a CRM that stores
// text would answer; other values are returned as they are.
func scalarAsString(v any) any {
	switch t := v.(type) {
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	return v
}
