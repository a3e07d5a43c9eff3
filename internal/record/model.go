package record

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// model is the Terraform value of one record (a plan or a state): one attribute value per field of
// its kind, by field index. It is converted to and from Terraform's raw values directly, field by
// field: the framework's Get and Set go through reflection and parse struct tags (with a regular
// expression per field) on every call, which cost about a third of a read.
type model struct {
	k *Kind
	v []attr.Value
}

// decode converts a raw plan or state value of the kind. Anything unexpected is an error.
func (k *Kind) decode(ctx context.Context, raw tftypes.Value) (model, error) {
	m := model{k: k, v: make([]attr.Value, len(k.fields))}
	var vals map[string]tftypes.Value
	if err := raw.As(&vals); err != nil {
		return m, fmt.Errorf("decoding %s: %w", k.typeName, err)
	}
	for i, f := range k.fields {
		v, err := k.attrTypes[i].ValueFromTerraform(ctx, vals[f.name()])
		if err != nil {
			return m, fmt.Errorf("decoding %s.%s: %w", k.typeName, f.name(), err)
		}
		m.v[i] = v
	}
	return m, nil
}

// encode converts m into a raw state value of the kind.
func (m model) encode(ctx context.Context) (tftypes.Value, error) {
	vals := make(map[string]tftypes.Value, len(m.v))
	for i, f := range m.k.fields {
		v, err := m.v[i].ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("encoding %s.%s: %w", m.k.typeName, f.name(), err)
		}
		vals[f.name()] = v
	}
	return tftypes.NewValue(m.k.objType, vals), nil
}

// with returns a copy of m (its values can then be replaced without touching m's).
func (m model) with() model {
	return model{k: m.k, v: append([]attr.Value(nil), m.v...)}
}

func (m model) get(name string) attr.Value { return m.v[m.k.index[name]] }

func (m model) set(name string, v attr.Value) { m.v[m.k.index[name]] = v }

func (m model) str(name string) types.String {
	s, _ := m.get(name).(types.String)
	return s
}

func (m model) id() types.String                { return m.str(idName) }
func (m model) integratedAccount() types.String { return m.str(integratedAccountName) }
func (m model) deletionPolicy() types.String    { return m.str(deletionPolicyName) }

func (m model) timeouts() timeouts.Value {
	t, _ := m.get(timeoutsName).(timeouts.Value)
	return t
}
