package record

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

func TestAccountFilterRechecksExactFilters(t *testing.T) {
	acct := response(t, `{"id":"1","name":"Acme Corp","website":"https://ACME.example","owner":{"id":"u1"},
		"created_at":"2024-03-01T10:00:00Z","updated_at":"2024-06-01T10:00:00.5+02:00"}`)
	cases := []struct {
		name string
		args map[string]string
		want bool
	}{
		{"no filters", nil, true},
		{"name case-insensitive", map[string]string{"name": "acme corp"}, true},
		{"name is exact, not a substring", map[string]string{"name": "Acme"}, false},
		{"website case-insensitive", map[string]string{"website": "https://acme.example"}, true},
		{"website differs", map[string]string{"website": "https://acme.example/"}, false},
		{"owner", map[string]string{"owner_id": "u1"}, true},
		{"other owner", map[string]string{"owner_id": "u2"}, false},
		{"created_after inclusive", map[string]string{"created_after": "2024-03-01T10:00:00Z"}, true},
		{"created_after other zone", map[string]string{"created_after": "2024-03-01T11:00:00+02:00"}, true},
		{"created_after later", map[string]string{"created_after": "2024-03-01T10:00:01Z"}, false},
		{"created_before inclusive", map[string]string{"created_before": "2024-03-01T10:00:00Z"}, true},
		{"created_before earlier", map[string]string{"created_before": "2024-02-01T00:00:00Z"}, false},
		{"updated window", map[string]string{"updated_after": "2024-06-01T08:00:00Z", "updated_before": "2024-06-01T08:00:01Z"}, true},
		{"updated_before earlier", map[string]string{"updated_before": "2024-06-01T08:00:00Z"}, false},
		{"search_term is the CRM's", map[string]string{"search_term": "zzz"}, true},
	}
	for _, tc := range cases {
		if got := matchesFilters(t, accountKind, tc.args, acct); got != tc.want {
			t.Errorf("%s: match = %v, want %v", tc.name, got, tc.want)
		}
	}
	after := map[string]string{"created_after": "2024-01-01T00:00:00Z"}
	if matchesFilters(t, accountKind, after, response(t, `{"id":"2"}`)) {
		t.Error("an account without created_at matched a created_after bound")
	}
	if matchesFilters(t, accountKind, after, response(t, `{"id":"3","created_at":"yesterday"}`)) {
		t.Error("an account with an unreadable created_at matched a created_after bound")
	}
}

// matchesFilters applies a kind's filters, configured with args, to one record.
func matchesFilters(t *testing.T, k *Kind, args map[string]string, rec *truto.Record) bool {
	t.Helper()
	cfg := map[string]tftypes.Value{}
	for name, v := range args {
		cfg[name] = tftypes.NewValue(tftypes.String, v)
	}
	for _, f := range k.filters {
		_, checks, err := f.apply(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if !c(rec) {
				return false
			}
		}
	}
	return true
}

func TestCustomFieldsJSONIsDeterministic(t *testing.T) {
	cf := map[string]json.RawMessage{"z": json.RawMessage(`1`), "a": json.RawMessage(`{ "k" : [true, null] }`)}
	for range 5 {
		if got := customFieldsJSON(cf); got != `{"a":{"k":[true,null]},"z":1}` {
			t.Fatalf("customFieldsJSON = %s", got)
		}
	}
	if got := customFieldsJSON(nil); got != "{}" {
		t.Errorf("no custom fields = %s, want {}", got)
	}
}

// Every list data source of a kind with custom_fields gives custom_fields_json in its elements,
// notes included.
func TestListElementsHaveCustomFieldsJSON(t *testing.T) {
	for _, k := range []*Kind{accountKind, contactKind, everyFieldKind} {
		if k.field(customFieldsName) == nil {
			continue
		}
		if _, ok := k.summaryAttributes()[customFieldsName+"_json"]; !ok {
			t.Errorf("%s elements lack custom_fields_json", k.listTypeName)
		}
	}
}

// sort_by is Truto's object {field: asc|desc}, sent as sort_by[<field>]=asc: the attribute names
// only the field. A bare sort_by=<field> is not Truto's encoding, and a CRM would ignore it.
func TestSortBySendsTrutosEncoding(t *testing.T) {
	send := func(args map[string]string) []truto.Param {
		cfg := map[string]tftypes.Value{}
		for name, v := range args {
			cfg[name] = tftypes.NewValue(tftypes.String, v)
		}
		var sent []truto.Param
		for _, f := range accountKind.filters {
			params, _, err := f.apply(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range params {
				if p.Value != "" {
					sent = append(sent, p)
				}
			}
		}
		return sent
	}
	got := send(map[string]string{"sort_by": "name"})
	if want := []truto.Param{{Name: "sort_by[name]", Value: "asc"}}; !slices.Equal(got, want) {
		t.Errorf("sort_by = name sends %v, want %v", got, want)
	}
	if got := send(nil); len(got) != 0 {
		t.Errorf("no filters send %v", got)
	}
}
