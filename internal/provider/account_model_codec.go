package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework's Get and Set map values to a model struct by reflection, parsing the struct tags
// (with a regular expression per field) on every call. This resource does that several times for
// every account on every run, so accountModel is converted here through an explicit field table:
// same values, about a third of the cost of the whole read. Anything unexpected is an error.

type modelField struct {
	name string
	get  func(*accountModel) attr.Value
	set  func(*accountModel, attr.Value) bool
}

// field binds one attribute name to one field of accountModel.
func field[T attr.Value](name string, ptr func(*accountModel) *T) modelField {
	return modelField{
		name: name,
		get:  func(m *accountModel) attr.Value { return *ptr(m) },
		set: func(m *accountModel, v attr.Value) bool {
			t, ok := v.(T)
			if ok {
				*ptr(m) = t
			}
			return ok
		},
	}
}

var accountFields = []modelField{
	field("id", func(m *accountModel) *types.String { return &m.ID }),
	field("integrated_account_id", func(m *accountModel) *types.String { return &m.IntegratedAccountID }),
	field("name", func(m *accountModel) *types.String { return &m.Name }),
	field("website", func(m *accountModel) *types.String { return &m.Website }),
	field("description", func(m *accountModel) *types.String { return &m.Description }),
	field("industry", func(m *accountModel) *types.String { return &m.Industry }),
	field("number_of_employees", func(m *accountModel) *types.Int64 { return &m.NumberOfEmployees }),
	field("owner", func(m *accountModel) *types.Object { return &m.Owner }),
	field("addresses", func(m *accountModel) *types.List { return &m.Addresses }),
	field("phone_numbers", func(m *accountModel) *types.List { return &m.PhoneNumbers }),
	field("urls", func(m *accountModel) *types.List { return &m.URLs }),
	field("tags", func(m *accountModel) *types.List { return &m.Tags }),
	field("custom_fields", func(m *accountModel) *types.Dynamic { return &m.CustomFields }),
	field("remote_data", func(m *accountModel) *jsontypes.Normalized { return &m.RemoteData }),
	field("remote_query", func(m *accountModel) *types.Map { return &m.RemoteQuery }),
	field("created_at", func(m *accountModel) *timetypes.RFC3339 { return &m.CreatedAt }),
	field("updated_at", func(m *accountModel) *timetypes.RFC3339 { return &m.UpdatedAt }),
	field("last_activity_at", func(m *accountModel) *timetypes.RFC3339 { return &m.LastActivityAt }),
	field("deletion_policy", func(m *accountModel) *types.String { return &m.DeletionPolicy }),
	field("timeouts", func(m *accountModel) *timeouts.Value { return &m.Timeouts }),
}

// accountSchemaInfo is what the codec and the server's fast paths need of the resource's schema.
type accountSchemaInfo struct {
	attrTypes map[string]attr.Type
	objType   tftypes.Type
	version   int64
}

// accountSchema is computed once: building Terraform types from a schema is not free.
var accountSchema = sync.OnceValue(func() accountSchemaInfo {
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewCRMAccountResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	info := accountSchemaInfo{
		attrTypes: make(map[string]attr.Type, len(resp.Schema.Attributes)),
		objType:   resp.Schema.Type().TerraformType(ctx),
		version:   resp.Schema.Version,
	}
	for name, a := range resp.Schema.Attributes {
		info.attrTypes[name] = a.GetType()
	}
	return info
})

// accountFromTerraform decodes a raw plan or state value of truto_crm_account.
func accountFromTerraform(ctx context.Context, raw tftypes.Value) (accountModel, error) {
	var m accountModel
	var vals map[string]tftypes.Value
	if err := raw.As(&vals); err != nil {
		return m, fmt.Errorf("decoding truto_crm_account: %w", err)
	}
	attrTypes := accountSchema().attrTypes
	for _, f := range accountFields {
		v, err := attrTypes[f.name].ValueFromTerraform(ctx, vals[f.name])
		if err != nil {
			return m, fmt.Errorf("decoding truto_crm_account.%s: %w", f.name, err)
		}
		if !f.set(&m, v) {
			return m, fmt.Errorf("decoding truto_crm_account.%s: unexpected value type %T", f.name, v)
		}
	}
	return m, nil
}

// accountToTerraform encodes m as a raw state value of truto_crm_account.
func accountToTerraform(ctx context.Context, m accountModel) (tftypes.Value, error) {
	objType := accountSchema().objType
	vals := make(map[string]tftypes.Value, len(accountFields))
	for _, f := range accountFields {
		v, err := f.get(&m).ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("encoding truto_crm_account.%s: %w", f.name, err)
		}
		vals[f.name] = v
	}
	return tftypes.NewValue(objType, vals), nil
}
