package record

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/statesample"
)

// The model codec must agree with the framework's own conversion of every attribute, both ways, for
// every field kind (everyFieldKind declares one of each).
func TestModelCodecConvertsLikeTheFramework(t *testing.T) {
	ctx := context.Background()
	for _, k := range []*Kind{accountKind, contactKind, everyFieldKind} {
		name := k.typeName
		sample, _ := statesample.JSON(k.objType).(map[string]any)
		sample[remoteDataName] = `{"vendor_field":1}` // a JSON string
		js, _ := json.Marshal(sample)
		s := struct{ k *Kind }{k}
		raw := statesample.Decode(t, k.objType, string(js))
		st := tfsdk.State{Schema: s.k.resourceSchema(), Raw: raw}
		m, err := s.k.decode(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		out := tfsdk.State{Schema: s.k.resourceSchema(), Raw: tftypes.NewValue(s.k.objType, nil)}
		for i, f := range s.k.fields {
			target := reflect.New(reflect.TypeOf(m.v[i]))
			if diags := st.GetAttribute(ctx, path.Root(f.name()), target.Interface()); diags.HasError() {
				t.Fatalf("%s.%s: %v", name, f.name(), diags)
			}
			viaFramework, _ := target.Elem().Interface().(attr.Value)
			if !m.v[i].Equal(viaFramework) {
				t.Errorf("%s.%s: codec %s, framework %s", name, f.name(), m.v[i], viaFramework)
			}
			if diags := out.SetAttribute(ctx, path.Root(f.name()), viaFramework); diags.HasError() {
				t.Fatalf("%s.%s: %v", name, f.name(), diags)
			}
		}
		back, err := m.encode(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(out.Raw) || !back.Equal(raw) {
			t.Errorf("%s: codec encodes differently from the framework:\n codec %s\n  fw   %s", name, back, out.Raw)
		}
	}
}
