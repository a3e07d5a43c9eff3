package record

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestValueToJSONKeepsTypes(t *testing.T) {
	obj := types.ObjectValueMust(
		map[string]attr.Type{"n": types.NumberType, "f": types.NumberType, "b": types.BoolType, "s": types.StringType,
			"l": types.TupleType{ElemTypes: []attr.Type{types.StringType, types.NumberType}}},
		map[string]attr.Value{
			"n": types.NumberValue(big.NewFloat(10)), "f": types.NumberValue(big.NewFloat(0.75)),
			"b": types.BoolValue(true), "s": types.StringValue("x"),
			"l": types.TupleValueMust([]attr.Type{types.StringType, types.NumberType},
				[]attr.Value{types.StringValue("a"), types.NumberValue(big.NewFloat(1e21))}),
		})
	got, err := valueToJSON(obj)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b":true,"f":0.75,"l":["a",1000000000000000000000],"n":10,"s":"x"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestJSONToValueConvertsLikePrior(t *testing.T) {
	cases := []struct {
		name  string
		json  string
		prior attr.Value
		want  attr.Value
	}{
		{"string number for a number", `"10"`, types.NumberValue(big.NewFloat(10)), types.NumberValue(big.NewFloat(10))},
		{"number for a string", `10`, types.StringValue("10"), types.StringValue("10")},
		{"string bool for a bool", `"true"`, types.BoolValue(true), types.BoolValue(true)},
		{"real change of type", `"gold"`, types.NumberValue(big.NewFloat(1)), types.StringValue("gold")},
		{"no prior: inferred", `true`, nil, types.BoolValue(true)},
	}
	for _, c := range cases {
		v, err := decodeJSON(json.RawMessage(c.json))
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonToValue(v, c.prior); !got.Equal(c.want) {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestCustomFieldsFromAPIKeepsManagedKeysAndMapType(t *testing.T) {
	prior := types.DynamicValue(types.MapValueMust(types.StringType, map[string]attr.Value{
		"tier": types.StringValue("gold"), "region": types.StringValue("emea"),
	}))
	api := map[string]json.RawMessage{"tier": json.RawMessage(`"silver"`), "other": json.RawMessage(`1`)}
	got := customFieldsFromAPI(api, prior, false)
	want := types.DynamicValue(types.MapValueMust(types.StringType, map[string]attr.Value{"tier": types.StringValue("silver")}))
	if !got.Equal(want) {
		t.Errorf("got %s, want %s (a managed key the CRM cleared leaves the map, others are ignored)", got, want)
	}
}

func TestCustomFieldsPatch(t *testing.T) {
	prior := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.NumberType, "b": types.StringType},
		map[string]attr.Value{"a": types.NumberValue(big.NewFloat(1)), "b": types.StringValue("x")}))
	plan := types.DynamicValue(types.ObjectValueMust(
		map[string]attr.Type{"a": types.NumberType, "c": types.BoolType},
		map[string]attr.Value{"a": types.NumberValue(big.NewFloat(2)), "c": types.BoolValue(false)}))
	got, err := customFieldsPatch(plan, prior, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if want := `{"a":2,"b":null,"c":false}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	got, _ = customFieldsPatch(plan, prior, map[string]bool{"b": true})
	if _, cleared := got["b"]; cleared {
		t.Error("a field adopted by an import and left out of the configuration must not be cleared")
	}
	// One key changes: the unchanged configured ones are sent too (a CRM may replace the whole
	// object), a key configured as null is sent as null, and nothing is sent when nothing changed.
	objTy := map[string]attr.Type{"a": types.NumberType, "b": types.StringType, "n": types.StringType}
	same := types.DynamicValue(types.ObjectValueMust(objTy, map[string]attr.Value{
		"a": types.NumberValue(big.NewFloat(1)), "b": types.StringValue("x"), "n": types.StringNull()}))
	one := types.DynamicValue(types.ObjectValueMust(objTy, map[string]attr.Value{
		"a": types.NumberValue(big.NewFloat(1)), "b": types.StringValue("y"), "n": types.StringNull()}))
	got, _ = customFieldsPatch(one, same, nil)
	if b, _ = json.Marshal(got); string(b) != `{"a":1,"b":"y","n":null}` {
		t.Errorf("one key changed: got %s, want every configured key", b)
	}
	if got, _ = customFieldsPatch(same, same, nil); len(got) != 0 {
		t.Errorf("nothing changed: got %v, want nothing sent", got)
	}
	onlyA := types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"a": types.NumberType},
		map[string]attr.Value{"a": types.NumberValue(big.NewFloat(1))}))
	got, _ = customFieldsPatch(onlyA, same, map[string]bool{"n": true})
	if b, _ = json.Marshal(got); string(b) != `{"a":1,"b":null}` {
		t.Errorf("a key removed: got %s, want it cleared beside the kept ones, an adopted one left out", b)
	}
	if _, err := customFieldsPatch(types.DynamicValue(types.StringValue("x")), prior, nil); err == nil {
		t.Error("a string custom_fields must be rejected")
	}
}

func TestJSONToValueLargeIntegersComparedAsDoubles(t *testing.T) {
	prior, _, _ := big.ParseFloat("12345678901234567890", 10, 512, big.ToNearestEven)
	v, _ := decodeJSON(json.RawMessage(`12345678901234567000`))
	if got := jsonToValue(v, types.NumberValue(prior)); !got.Equal(types.NumberValue(prior)) {
		t.Errorf("a double-rounded echo of a large integer must not be drift, got %s", got)
	}
	v, _ = decodeJSON(json.RawMessage(`12345678901234999999`))
	if got := jsonToValue(v, types.NumberValue(prior)); got.Equal(types.NumberValue(prior)) {
		t.Error("a different large integer must be drift")
	}
}

// Fields adopted by an import are typed from the CRM's JSON; a configuration is compared with them
// the way a read compares managed fields.
func TestEqualAsReadComparesLikeAReadConverts(t *testing.T) {
	ten := types.NumberValue(big.NewFloat(10))
	cases := []struct {
		name         string
		want, stored attr.Value
		equal        bool
	}{
		{"string number", ten, types.StringValue("10"), true},
		{"string bool", types.BoolValue(true), types.StringValue("true"), true},
		{"same type", types.StringValue("gold"), types.StringValue("gold"), true},
		{"other number", ten, types.StringValue("11"), false},
		{"not a number", ten, types.StringValue("ten"), false},
		{"other string", types.StringValue("gold"), types.StringValue("silver"), false},
	}
	for _, c := range cases {
		if got := equalAsRead(c.want, c.stored); got != c.equal {
			t.Errorf("%s: equalAsRead(%s, %s) = %v, want %v", c.name, c.want, c.stored, got, c.equal)
		}
	}
	patch, err := customFieldsPatch(
		types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"seats": types.NumberType}, map[string]attr.Value{"seats": ten})),
		types.DynamicValue(types.ObjectValueMust(map[string]attr.Type{"seats": types.StringType}, map[string]attr.Value{"seats": types.StringValue("10")})),
		map[string]bool{"seats": true})
	if err != nil || len(patch) != 0 {
		t.Errorf("an adopted \"10\" configured as 10 must not be sent: %v %v", patch, err)
	}
}
