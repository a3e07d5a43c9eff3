package truto

import (
	"encoding/json"
	"testing"
)

func ptr(s string) *string { return &s }

func TestAccountMarshal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   Account
		want string
	}{
		{"empty: everything absent", Account{}, `{}`},
		{"values and nulls", Account{
			Name: Value("Acme"), Website: Null[string](), NumberOfEmployees: Value[int64](10),
			Owner: Value(Owner{ID: "u1"}), Tags: Null[[]Tag](),
		}, `{"name":"Acme","website":null,"number_of_employees":10,"owner":{"id":"u1"},"tags":null}`},
		{"nested nil pointers omitted", Account{
			Addresses: Value([]Address{{City: ptr("Paris"), Type: ptr("billing")}}),
			URLs:      Value([]URL{}),
		}, `{"addresses":[{"type":"billing","city":"Paris"}],"urls":[]}`},
		{"custom fields verbatim", Account{CustomFields: map[string]json.RawMessage{
			"seats": json.RawMessage(`10`), "ratio": json.RawMessage(`1.50`), "big": json.RawMessage(`12345678901234567890`),
			"cleared": json.RawMessage(`null`), "obj": json.RawMessage(`{"a":[1,2]}`), "html": json.RawMessage(`"<b>"`),
		}}, `{"custom_fields":{"big":12345678901234567890,"cleared":null,"html":"<b>","obj":{"a":[1,2]},"ratio":1.50,"seats":10}}`},
	} {
		got, err := encodeJSON(&tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s:\n got %s (%v)\nwant %s", tc.name, got, err, tc.want)
		}
	}
}

func TestAccountUnmarshalTolerant(t *testing.T) {
	t.Parallel()
	decode := func(t *testing.T, s string) Account {
		t.Helper()
		var a Account
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			t.Fatalf("decode %s: %v", s, err)
		}
		return a
	}
	employees := map[string]struct {
		want    int64
		present bool
	}{
		`12`: {12, true}, `"12"`: {12, true}, `12.0`: {12, true}, `1.2e1`: {12, true}, `" 7 "`: {7, true},
		`12.5`: {0, false}, `"lots"`: {0, false}, `true`: {0, false}, `{}`: {0, false}, `1e30`: {0, false},
	}
	for in, want := range employees {
		a := decode(t, `{"id":"x","number_of_employees":`+in+`}`)
		got, ok := a.NumberOfEmployees.Get()
		if got != want.want || ok != want.present || a.NumberOfEmployees.IsZero() == want.present {
			t.Errorf("number_of_employees %s: got %d, %v", in, got, ok)
		}
	}
	if a := decode(t, `{"number_of_employees":null}`); !a.NumberOfEmployees.IsNull() {
		t.Error("null must stay Null")
	}

	a := decode(t, `{"id":42,"name":123,"website":{"x":1},"industry":null,"owner":"bob",
		"addresses":[{"id":7,"postal_code":75001,"city":"Paris","state":true}],
		"phone_numbers":"none","urls":[{"url":"u"},"bad"],"tags":[{"id":"t","name":"vip"}],
		"custom_fields":{"seats":10,"tier":"gold"},"remote_data":{"Id":"42"},
		"created_at":"2024-01-01T00:00:00Z","updated_at":1700000000,"unknown_field":[1]}`)
	if a.ID != "42" {
		t.Errorf("numeric id: %q", a.ID)
	}
	if v, _ := a.Name.Get(); v != "123" {
		t.Errorf("numeric name: %q", v)
	}
	if !a.Website.IsZero() || !a.Industry.IsNull() || !a.Owner.IsZero() || !a.PhoneNumbers.IsZero() || !a.URLs.IsZero() || !a.UpdatedAt.IsZero() {
		t.Errorf("unfit fields must be absent (industry null): %+v", a)
	}
	addr, _ := a.Addresses.Get()
	if len(addr) != 1 || *addr[0].ID != "7" || *addr[0].PostalCode != "75001" || *addr[0].City != "Paris" || addr[0].State != nil {
		t.Errorf("addresses: %+v", addr)
	}
	tags, _ := a.Tags.Get()
	if len(tags) != 1 || *tags[0].Name != "vip" {
		t.Errorf("tags: %+v", tags)
	}
	if string(a.CustomFields["seats"]) != "10" || string(a.CustomFields["tier"]) != `"gold"` || string(a.RemoteData) != `{"Id":"42"}` {
		t.Errorf("custom fields / remote data: %s %s", a.CustomFields, a.RemoteData)
	}
	if v, _ := a.CreatedAt.Get(); v != "2024-01-01T00:00:00Z" {
		t.Errorf("created_at %q", v)
	}
	if o := decode(t, `{"owner":{"id":5}}`).Owner; o.IsZero() {
		t.Error("owner with numeric id dropped")
	}
	if o := decode(t, `{"owner":{}}`).Owner; !o.IsZero() {
		t.Error("owner without id must be absent")
	}
	if cf := decode(t, `{"custom_fields":[1]}`).CustomFields; cf != nil {
		t.Error("non-object custom_fields must be ignored")
	}
	var bad Account
	if err := json.Unmarshal([]byte(`"just a string"`), &bad); err == nil {
		t.Error("a non-object account must be an error")
	}
}

// Reading then writing keeps custom field values byte for byte.
func TestCustomFieldsRoundTrip(t *testing.T) {
	t.Parallel()
	var a Account
	if err := json.Unmarshal([]byte(`{"id":"1","custom_fields":{"n":10,"f":1.50,"e":1e3}}`), &a); err != nil {
		t.Fatal(err)
	}
	out, err := encodeJSON(&Account{CustomFields: a.CustomFields})
	if err != nil || string(out) != `{"custom_fields":{"e":1e3,"f":1.50,"n":10}}` {
		t.Errorf("got %s, %v", out, err)
	}
}

func TestSalvageID(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"id":"a1","name":"tru`:                   "a1",
		`{"owner":{"id":"u1"},"id":"a2",`:          "a2",
		`{"id":17}garbage`:                         "17",
		`{"x":NaN,"id":"a3"}`:                      "a3",
		`{"x":NaN,"owner":{"id":"u1"},"id":"a4"}`:  "a4",
		`{"name":"has \"id\": 1 inside","id":"a5"`: "a5",
		`[{"id":"a6"}]`:                            "",
		`{"owner":{"id":"u1"},"name":"trunc`:       "", // only a nested id
		`not json at all`:                          "",
		`{"id":""}`:                                "",
	} {
		got, ok := salvageID([]byte(body))
		if got != want || ok != (want != "") {
			t.Errorf("salvageID(%s) = %q, %v; want %q", body, got, ok, want)
		}
	}
}
