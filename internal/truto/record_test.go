package truto

import (
	"encoding/json"
	"testing"
)

func TestRecordMarshal(t *testing.T) {
	t.Parallel()
	withFields := func(pairs ...string) *Record {
		r := &Record{}
		for i := 0; i+1 < len(pairs); i += 2 {
			r.Set(pairs[i], json.RawMessage(pairs[i+1]))
		}
		return r
	}
	for _, tc := range []struct {
		name string
		in   *Record
		want string
	}{
		{"empty: everything absent", &Record{}, `{}`},
		{"values and nulls, in the order they were set", withFields(
			"name", `"Acme"`, "website", `null`, "number_of_employees", `10`, "owner", `{"id":"u1"}`, "tags", `null`,
		), `{"name":"Acme","website":null,"number_of_employees":10,"owner":{"id":"u1"},"tags":null}`},
		{"nested lists as given", withFields(
			"addresses", `[{"type":"billing","city":"Paris"}]`, "urls", `[]`,
		), `{"addresses":[{"type":"billing","city":"Paris"}],"urls":[]}`},
		{"custom fields verbatim", withFields("custom_fields",
			`{"big":12345678901234567890,"cleared":null,"html":"<b>","obj":{"a":[1,2]},"ratio":1.50,"seats":10}`,
		), `{"custom_fields":{"big":12345678901234567890,"cleared":null,"html":"<b>","obj":{"a":[1,2]},"ratio":1.50,"seats":10}}`},
		{"id first", &Record{ID: "42"}, `{"id":"42"}`},
	} {
		got, err := encodeJSON(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s:\n got %s (%v)\nwant %s", tc.name, got, err, tc.want)
		}
	}
	bad := &Record{}
	bad.Set("name", json.RawMessage(`{not json`))
	if _, err := encodeJSON(bad); err == nil {
		t.Error("a field that is not JSON must fail the encoding")
	}
}

func TestLooseDecoders(t *testing.T) {
	t.Parallel()
	ints := map[string]struct {
		want int64
		ok   bool
	}{
		`12`: {12, true}, `"12"`: {12, true}, `12.0`: {12, true}, `1.2e1`: {12, true}, `" 7 "`: {7, true},
		`12.5`: {0, false}, `"lots"`: {0, false}, `true`: {0, false}, `{}`: {0, false}, `1e30`: {0, false},
	}
	for in, want := range ints {
		if got, ok := LooseInt(json.RawMessage(in)); got != want.want || ok != want.ok {
			t.Errorf("LooseInt(%s) = %d, %v", in, got, ok)
		}
	}
	for in, want := range map[string]string{`"x"`: "x", `123`: "123", `1.50`: "1.50"} {
		if got, ok := LooseString(json.RawMessage(in)); !ok || got != want {
			t.Errorf("LooseString(%s) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{`{"x":1}`, `[1]`, `true`} {
		if _, ok := LooseString(json.RawMessage(in)); ok {
			t.Errorf("LooseString(%s) accepted", in)
		}
	}
	if _, ok := StrictString(json.RawMessage(`1700000000`)); ok {
		t.Error("StrictString accepted a number")
	}
	for in, want := range map[string]string{`1234.56`: "1234.56", `"1234.56"`: "1234.56", `" 10 "`: "10"} {
		if got, ok := LooseNumber(json.RawMessage(in)); !ok || got.Text('f', -1) != want {
			t.Errorf("LooseNumber(%s) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{`"ten"`, `""`, `{}`} {
		if _, ok := LooseNumber(json.RawMessage(in)); ok {
			t.Errorf("LooseNumber(%s) accepted", in)
		}
	}
	for in, want := range map[string]bool{`true`: true, `"false"`: false, `"TRUE"`: true} {
		if got, ok := LooseBool(json.RawMessage(in)); !ok || got != want {
			t.Errorf("LooseBool(%s) = %v, %v", in, got, ok)
		}
	}
	if id, ok := RefID(json.RawMessage(`{"id":5,"name":"Bob"}`)); !ok || id != "5" {
		t.Errorf("reference with a numeric id: %q, %v", id, ok)
	}
	for _, in := range []string{`{}`, `"bob"`, `{"id":""}`} {
		if _, ok := RefID(json.RawMessage(in)); ok {
			t.Errorf("RefID(%s) accepted", in)
		}
	}
	if _, ok := ObjectList(json.RawMessage(`[{"url":"u"},"bad"]`)); ok {
		t.Error("a list with an element that is not an object must not fit")
	}
	items, ok := ObjectList(json.RawMessage(`[{"id":7,"postal_code":75001,"city":"Paris","state":true}]`))
	if !ok || len(items) != 1 {
		t.Fatalf("ObjectList: %v %v", items, ok)
	}
	if v, _ := MemberString(items[0], "postal_code"); v != "75001" {
		t.Errorf("numeric member read as %q", v)
	}
	if _, ok := MemberString(items[0], "state"); ok {
		t.Error("a bool member is not text")
	}
}

func TestRecordUnmarshalTolerant(t *testing.T) {
	t.Parallel()
	var r Record
	body := `{"id":42,"name":123,"website":{"x":1},"industry":null,"owner":"bob",
		"custom_fields":{"seats":10,"tier":"gold"},"remote_data":{"Id":"42"},"unknown_field":[1]}`
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != "42" {
		t.Errorf("numeric id: %q", r.ID)
	}
	if raw, ok := r.Raw("industry"); !ok || !IsNull(raw) {
		t.Error("null must stay null (present)")
	}
	if _, ok := r.Value("industry"); ok {
		t.Error("a null field holds no value")
	}
	if _, ok := r.Raw("phone_numbers"); ok {
		t.Error("an absent field must be absent")
	}
	if raw, _ := r.Value("custom_fields"); string(raw) != `{"seats":10,"tier":"gold"}` {
		t.Errorf("custom fields: %s", raw)
	}
	if raw, _ := r.Value("remote_data"); string(raw) != `{"Id":"42"}` {
		t.Errorf("remote data: %s", raw)
	}
	if _, ok := r.Raw("id"); ok {
		t.Error("the id is not a field")
	}
	var bad Record
	if err := json.Unmarshal([]byte(`"just a string"`), &bad); err == nil {
		t.Error("a non-object record must be an error")
	}
}

// Reading then writing keeps custom field values byte for byte.
func TestCustomFieldsRoundTrip(t *testing.T) {
	t.Parallel()
	var r Record
	if err := json.Unmarshal([]byte(`{"id":"1","custom_fields":{"n":10,"f":1.50,"e":1e3}}`), &r); err != nil {
		t.Fatal(err)
	}
	cf, _ := r.Value("custom_fields")
	out := &Record{}
	out.Set("custom_fields", cf)
	got, err := encodeJSON(out)
	if err != nil || string(got) != `{"custom_fields":{"n":10,"f":1.50,"e":1e3}}` {
		t.Errorf("got %s, %v", got, err)
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
