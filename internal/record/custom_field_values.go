package record

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// custom_fields is a Dynamic attribute written as a plain HCL object: { tier = "gold", seats = 10 }.
// Only its keys are managed. These functions convert between it and the API's raw JSON values, and
// rebuild read values with the types the configuration has, because Terraform requires a Dynamic
// value after apply to have exactly the planned type (and a tomap(...) must stay a map).

// bg is the context for attr.Value.Type calls, which ignore it.
var bg = context.Background()

// customFieldEntries returns the key/value pairs of a known object or map value.
func customFieldEntries(v types.Dynamic) (map[string]attr.Value, error) {
	if v.IsNull() || v.IsUnknown() || v.IsUnderlyingValueNull() {
		return nil, nil
	}
	switch u := v.UnderlyingValue().(type) {
	case types.Object:
		return u.Attributes(), nil
	case types.Map:
		return u.Elements(), nil
	default:
		return nil, fmt.Errorf("must be an object such as { tier = \"gold\", seats = 10 }, got %s", valueKind(u))
	}
}

// valueKind names a value's type for users, in Terraform's words ("a string", "a list"), never
// with the framework's Go type names.
func valueKind(v attr.Value) string {
	switch v.(type) {
	case types.String:
		return "a string"
	case types.Number, types.Int64, types.Int32, types.Float64, types.Float32:
		return "a number"
	case types.Bool:
		return "a bool"
	case types.List, types.Tuple:
		return "a list"
	case types.Set:
		return "a set"
	case types.Object, types.Map:
		return "an object"
	}
	return "a value of another type"
}

// valueToJSON renders a Terraform value as JSON. Whole numbers are written as integers (10, not
// 1e+01), so a number stays a number of the same spelling in the request body.
func valueToJSON(v attr.Value) (json.RawMessage, error) {
	if v == nil || v.IsNull() {
		return json.RawMessage("null"), nil
	}
	if v.IsUnknown() {
		return nil, fmt.Errorf("value is not known yet")
	}
	switch t := v.(type) {
	case types.Dynamic:
		return valueToJSON(t.UnderlyingValue())
	case types.String:
		return json.Marshal(t.ValueString())
	case types.Bool:
		return json.Marshal(t.ValueBool())
	case types.Number:
		return json.RawMessage(numberText(t.ValueBigFloat())), nil
	case types.Int64:
		return json.RawMessage(strconv.FormatInt(t.ValueInt64(), 10)), nil
	case types.Float64:
		return json.RawMessage(numberText(big.NewFloat(t.ValueFloat64()))), nil
	case types.Object:
		return objectJSON(t.Attributes())
	case types.Map:
		return objectJSON(t.Elements())
	case types.List:
		return arrayJSON(t.Elements())
	case types.Tuple:
		return arrayJSON(t.Elements())
	case types.Set:
		return arrayJSON(t.Elements())
	default:
		return nil, fmt.Errorf("%s is not supported", valueKind(v))
	}
}

func numberText(f *big.Float) string {
	if f.IsInt() {
		i, _ := f.Int(nil)
		return i.String()
	}
	return f.Text('g', -1)
}

func objectJSON(m map[string]attr.Value) (json.RawMessage, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := valueToJSON(m[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func arrayJSON(elems []attr.Value) (json.RawMessage, error) {
	parts := make([]string, len(elems))
	for i, e := range elems {
		b, err := valueToJSON(e)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		parts[i] = string(b)
	}
	return json.RawMessage("[" + strings.Join(parts, ",") + "]"), nil
}

// decodeJSON parses raw JSON keeping numbers exact.
func decodeJSON(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// jsonToValue converts a decoded JSON value into a Terraform value shaped like prior when prior is
// given. Scalars are converted leniently towards prior's type (many CRMs return every custom field as
// a string: "10" for 10), so such a CRM does not cause a perpetual diff. Without prior (import), the
// JSON types decide: string, number, bool, object, tuple.
func jsonToValue(v any, prior attr.Value) attr.Value {
	if prior != nil {
		if d, ok := prior.(types.Dynamic); ok {
			prior = d.UnderlyingValue()
		}
	}
	if prior != nil && !prior.IsNull() && !prior.IsUnknown() {
		if conv, ok := convertLike(v, prior); ok {
			return conv
		}
	}
	return inferValue(v)
}

func inferValue(v any) attr.Value {
	switch t := v.(type) {
	case nil:
		return types.DynamicNull()
	case string:
		return types.StringValue(t)
	case bool:
		return types.BoolValue(t)
	case json.Number:
		f, _, err := big.ParseFloat(string(t), 10, 512, big.ToNearestEven)
		if err != nil {
			return types.StringValue(string(t))
		}
		return types.NumberValue(f)
	case map[string]any:
		attrs := make(map[string]attr.Value, len(t))
		typesByKey := make(map[string]attr.Type, len(t))
		for k, e := range t {
			attrs[k] = inferValue(e)
			typesByKey[k] = attrs[k].Type(bg)
		}
		return types.ObjectValueMust(typesByKey, attrs)
	case []any:
		elems := make([]attr.Value, len(t))
		elemTypes := make([]attr.Type, len(t))
		for i, e := range t {
			elems[i] = inferValue(e)
			elemTypes[i] = elems[i].Type(bg)
		}
		return types.TupleValueMust(elemTypes, elems)
	default:
		return types.StringValue(fmt.Sprint(t))
	}
}

// convertLike converts v to prior's type when that loses nothing a user would care about.
func convertLike(v any, prior attr.Value) (attr.Value, bool) {
	switch p := prior.(type) {
	case types.String:
		switch t := v.(type) {
		case string:
			return types.StringValue(t), true
		case json.Number:
			return types.StringValue(string(t)), true
		case bool:
			return types.StringValue(strconv.FormatBool(t)), true
		}
	case types.Number:
		s := ""
		switch t := v.(type) {
		case json.Number:
			s = string(t)
		case string:
			s = strings.TrimSpace(t)
		}
		if f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven); s != "" && err == nil {
			// Keep the prior value when equal, so its exact representation survives. Integers beyond
			// 2^53 are compared as doubles: an API that stores JSON numbers as doubles (JavaScript)
			// answers 12345678901234567000 for 12345678901234567890.
			if p.ValueBigFloat().Cmp(f) == 0 || sameDouble(p.ValueBigFloat(), f) {
				return p, true
			}
			return types.NumberValue(f), true
		}
	case types.Bool:
		switch t := v.(type) {
		case bool:
			return types.BoolValue(t), true
		case string:
			if b, err := strconv.ParseBool(t); err == nil {
				return types.BoolValue(b), true
			}
		}
	case types.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		return objectLike(m, p.Attributes()), true
	case types.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		return mapLike(m, p)
	case types.Tuple:
		arr, ok := v.([]any)
		if !ok || len(arr) != len(p.Elements()) {
			return nil, false
		}
		elems := make([]attr.Value, len(arr))
		elemTypes := make([]attr.Type, len(arr))
		for i, e := range arr {
			elems[i] = jsonToValue(e, p.Elements()[i])
			elemTypes[i] = elems[i].Type(bg)
		}
		return types.TupleValueMust(elemTypes, elems), true
	case types.List:
		arr, ok := v.([]any)
		if !ok {
			return nil, false
		}
		return listLike(arr, p)
	}
	return nil, false
}

// equalAsRead reports whether a custom field's value in state equals the wanted one the way a read
// compares a managed field: the state's value is converted towards want's type first, so a CRM that
// stores every field as a string ("10") agrees with a configured number (10). Fields adopted by an
// import are typed from the CRM's JSON, so this is how they are compared with a configuration.
func equalAsRead(want, stored attr.Value) bool {
	if want.Equal(stored) {
		return true
	}
	raw, err := valueToJSON(stored)
	if err != nil {
		return false
	}
	v, err := decodeJSON(raw)
	return err == nil && jsonToValue(v, want).Equal(want)
}

// sameDouble reports whether two integers too large for exact doubles are the same double.
func sameDouble(a, b *big.Float) bool {
	const exact = 1 << 53
	if !a.IsInt() || !b.IsInt() || new(big.Float).Abs(a).Cmp(big.NewFloat(exact)) <= 0 {
		return false
	}
	fa, _ := a.Float64()
	fb, _ := b.Float64()
	return fa == fb
}

// objectLike rebuilds an object with every key prior has; a key the API lacks becomes null.
func objectLike(m map[string]any, prior map[string]attr.Value) attr.Value {
	attrs := make(map[string]attr.Value, len(prior))
	typesByKey := make(map[string]attr.Type, len(prior))
	for k, pv := range prior {
		e, present := m[k]
		if !present || e == nil {
			attrs[k] = nullLike(pv)
		} else {
			attrs[k] = jsonToValue(e, pv)
		}
		typesByKey[k] = attrs[k].Type(bg)
	}
	return types.ObjectValueMust(typesByKey, attrs)
}

func mapLike(m map[string]any, prior types.Map) (attr.Value, bool) {
	elemType := prior.ElementType(bg)
	elems := make(map[string]attr.Value, len(m))
	for k, e := range m {
		sample := prior.Elements()[k]
		if sample == nil {
			sample = zeroOf(elemType)
		}
		v := jsonToValue(e, sample)
		if !v.Type(bg).Equal(elemType) {
			return nil, false
		}
		elems[k] = v
	}
	return types.MapValueMust(elemType, elems), true
}

func listLike(arr []any, prior types.List) (attr.Value, bool) {
	elemType := prior.ElementType(bg)
	elems := make([]attr.Value, len(arr))
	for i, e := range arr {
		var sample attr.Value
		if i < len(prior.Elements()) {
			sample = prior.Elements()[i]
		} else {
			sample = zeroOf(elemType)
		}
		v := jsonToValue(e, sample)
		if !v.Type(bg).Equal(elemType) {
			return nil, false
		}
		elems[i] = v
	}
	return types.ListValueMust(elemType, elems), true
}

// zeroOf returns a known sample value of a primitive type, to steer conversion of map elements.
func zeroOf(t attr.Type) attr.Value {
	switch {
	case t.Equal(types.StringType):
		return types.StringValue("")
	case t.Equal(types.NumberType):
		return types.NumberValue(big.NewFloat(0))
	case t.Equal(types.BoolType):
		return types.BoolValue(false)
	}
	return nil
}

// nullLike is a null value of v's type.
func nullLike(v attr.Value) attr.Value {
	switch t := v.(type) {
	case types.String:
		return types.StringNull()
	case types.Number:
		return types.NumberNull()
	case types.Bool:
		return types.BoolNull()
	case types.Dynamic:
		return types.DynamicNull()
	case types.Object:
		return types.ObjectNull(t.AttributeTypes(bg))
	case types.Map:
		return types.MapNull(t.ElementType(bg))
	case types.List:
		return types.ListNull(t.ElementType(bg))
	case types.Tuple:
		return types.TupleNull(t.ElementTypes(bg))
	}
	return types.DynamicNull()
}

// customFieldsFromAPI builds the state of custom_fields from a read. With a known prior value only
// its keys are kept (the managed ones), typed like prior; other custom fields on the record are not
// Terraform's and never show as drift. adoptAll (import) keeps every non-null field.
func customFieldsFromAPI(api map[string]json.RawMessage, prior types.Dynamic, adoptAll bool) types.Dynamic {
	decoded := make(map[string]any, len(api))
	for k, raw := range api {
		if v, err := decodeJSON(raw); err == nil {
			decoded[k] = v
		}
	}
	if adoptAll {
		attrs := map[string]attr.Value{}
		typesByKey := map[string]attr.Type{}
		for k, v := range decoded {
			if v == nil {
				continue
			}
			attrs[k] = inferValue(v)
			typesByKey[k] = attrs[k].Type(bg)
		}
		if len(attrs) == 0 {
			return types.DynamicNull()
		}
		return types.DynamicValue(types.ObjectValueMust(typesByKey, attrs))
	}
	if prior.IsNull() || prior.IsUnknown() || prior.IsUnderlyingValueNull() {
		return types.DynamicNull()
	}
	switch p := prior.UnderlyingValue().(type) {
	case types.Object:
		return types.DynamicValue(objectLike(decoded, p.Attributes()))
	case types.Map:
		filtered := make(map[string]any, len(p.Elements()))
		for k := range p.Elements() {
			if v, ok := decoded[k]; ok && v != nil {
				filtered[k] = v
			}
		}
		if m, ok := mapLike(filtered, p); ok {
			return types.DynamicValue(m)
		}
		return types.DynamicValue(inferValue(filtered))
	}
	return prior
}

// customFieldsPatch returns what an update sends: nothing when no managed key changed; otherwise
// every planned key with its planned value (null for a key configured as null), and keys removed
// from configuration as null (which clears them in the CRM), except those in keep.
//
// The reference does not say whether a CRM merges a PATCH's custom_fields per key or replaces the
// whole object. Sending only the changed keys is right only under a merge: under a replace the
// unchanged configured keys would be wiped, and the next plan would send them back and wipe the
// others. The whole configured object is right under both. Fields an import or adopt_by adopted and
// the configuration leaves out (keep) are not sent: the CRM may own them (computed, read-only), and
// sending them back could be refused.
func customFieldsPatch(planned, prior types.Dynamic, keep map[string]bool) (map[string]json.RawMessage, error) {
	plan, err := customFieldEntries(planned)
	if err != nil {
		return nil, err
	}
	old, _ := customFieldEntries(prior)
	changed := false
	for k, v := range plan {
		if ov, ok := old[k]; !ok || !equalAsRead(v, ov) {
			changed = true
			break
		}
	}
	out := map[string]json.RawMessage{}
	for k := range old {
		if _, kept := plan[k]; !kept && !keep[k] {
			out[k] = json.RawMessage("null")
		}
	}
	if !changed && len(out) == 0 {
		return out, nil
	}
	for k, v := range plan {
		raw, err := valueToJSON(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = raw
	}
	return out, nil
}

// customFieldsCreate returns every planned custom field for a create body.
func customFieldsCreate(planned types.Dynamic) (map[string]json.RawMessage, error) {
	return customFieldsPatch(planned, types.DynamicNull(), nil)
}
