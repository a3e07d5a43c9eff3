package record

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identity (Terraform 1.12+): every record is identified by its integrated account and
// its id in the CRM. It is set on create, read and import, and never changes for the life of the
// resource; import blocks may give it instead of the string id, and list resources (terraform
// query) return it for every record they find.

var _ resource.ResourceWithIdentity = (*recordResource)(nil)

// IdentityType is the resource identity's type, the same for every kind.
var IdentityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	integratedAccountName: tftypes.String,
	idName:                tftypes.String,
}}

func (r *recordResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(r.k)
}

func identitySchema(k *Kind) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		integratedAccountName: identityschema.StringAttribute{
			OptionalForImport: true,
			Description: "Truto integrated account (the connected CRM) that holds the " + k.noun + "; optional for " +
				"import when the provider sets integrated_account_id.",
		},
		idName: identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The " + k.noun + "'s id in the CRM.",
		},
	}}
}

// identityValue is the identity of a record.
func identityValue(ia, id string) tftypes.Value {
	return tftypes.NewValue(IdentityType, map[string]tftypes.Value{
		integratedAccountName: tftypes.NewValue(tftypes.String, ia),
		idName:                tftypes.NewValue(tftypes.String, id),
	})
}

// setIdentity stores the identity of m, where the client supports identities.
func setIdentity(dst *tfsdk.ResourceIdentity, m model) {
	if dst != nil && known(m.id()) {
		dst.Raw = identityValue(m.integratedAccount().ValueString(), m.id().ValueString())
	}
}

// importTarget reads what an import names: the string id ("<integrated_account_id>/<id>" or
// "<id>"), or else the identity of an import block, whose integrated account defaults to the
// provider's.
func importTarget(k *Kind, req resource.ImportStateRequest, data *ProviderData, diags *diag.Diagnostics) (ia, id string, ok bool) {
	if req.ID != "" || req.Identity == nil {
		ia, id, err := parseImportID(k, req.ID, data.integratedAccount(""))
		if err != nil {
			diags.AddError("Invalid import id", err.Error())
			return "", "", false
		}
		return ia, id, true
	}
	var attrs map[string]tftypes.Value
	if err := req.Identity.Raw.As(&attrs); err != nil {
		diags.AddError("Invalid import identity", err.Error())
		return "", "", false
	}
	_ = attrs[idName].As(&id)
	_ = attrs[integratedAccountName].As(&ia)
	if id == "" {
		diags.AddAttributeError(path.Root(idName), "Invalid import identity",
			fmt.Sprintf("The identity of the %s to import needs its id in the CRM.", k.noun))
		return "", "", false
	}
	if ia = data.integratedAccount(ia); ia == "" {
		diags.AddAttributeError(path.Root(integratedAccountName), "Invalid import identity",
			missingIntegratedAccount("in the import block's identity"))
		return "", "", false
	}
	return ia, id, true
}
