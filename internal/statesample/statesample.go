// Package statesample builds stored Terraform states for tests: a value in every attribute of a
// schema type, and the decoding Terraform's state upgrade does.
package statesample

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// JSON is a state JSON value of typ with every attribute set.
func JSON(typ tftypes.Type) any {
	switch {
	case typ.Is(tftypes.String):
		return "2020-01-02T03:04:05Z" // a valid value of every string type (RFC 3339 included)
	case typ.Is(tftypes.Number):
		return 3
	case typ.Is(tftypes.Bool):
		return true
	case typ.Is(tftypes.DynamicPseudoType):
		return map[string]any{"value": map[string]any{"tier": "gold"}, "type": []any{"object", map[string]any{"tier": "string"}}}
	}
	switch t := typ.(type) {
	case tftypes.List:
		return []any{JSON(t.ElementType)}
	case tftypes.Map:
		return map[string]any{"k": JSON(t.ElementType)}
	case tftypes.Object:
		m := map[string]any{}
		for name, at := range t.AttributeTypes {
			m[name] = JSON(at)
		}
		return m
	}
	panic(fmt.Sprintf("no sample for %s", typ))
}

// Decode reads a stored JSON state of typ, ignoring attributes the type no longer has.
func Decode(t testing.TB, typ tftypes.Type, js string) tftypes.Value {
	t.Helper()
	v, err := (&tfprotov6.RawState{JSON: []byte(js)}).UnmarshalWithOpts(typ,
		tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
