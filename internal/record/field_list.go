package record

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwlist "github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The list resource of truto_crm_field (`terraform query`): the user-defined fields of one entity,
// so a CRM's custom fields are adopted with -generate-config-out like its records. The catalog's
// list is partial (reference §11): with the resource object asked for, each field is read by id.

var _ fwlist.ListResourceWithConfigure = (*fieldList)(nil)

type fieldList struct {
	k        *Kind
	entities []string
	data     *ProviderData
}

// NewFieldListResource returns the constructor of truto_crm_field's list resource.
func NewFieldListResource(catalog *Kind, entities []string) func() fwlist.ListResource {
	return func() fwlist.ListResource { return &fieldList{k: catalog, entities: entities} }
}

func (l *fieldList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.k.typeName
}

func (l *fieldList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	configure(req.ProviderData, &l.data, &resp.Diagnostics)
}

func (l *fieldList) ListResourceConfigSchema(_ context.Context, _ fwlist.ListResourceSchemaRequest, resp *fwlist.ListResourceSchemaResponse) {
	resp.Schema = lschema.Schema{
		MarkdownDescription: "Finds the custom (user-defined) fields of one record type for `terraform query` (Terraform " +
			"1.14 and later). Each result carries the field's identity, so `terraform query -generate-config-out=FILE` " +
			"writes a `truto_crm_field` resource and an import block for every custom field; the generated " +
			"configuration plans with no changes.",
		Attributes: map[string]lschema.Attribute{
			integratedAccountName: lschema.StringAttribute{
				MarkdownDescription: integratedAccountAttribute().MarkdownDescription,
				Optional:            true,
				Validators:          integratedAccountAttribute().Validators,
			},
			entityName: lschema.StringAttribute{
				MarkdownDescription: "The record type whose custom fields to list: " + JoinOr(Backticked(l.entities)) + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(l.entities...)},
			},
		},
	}
}

func (l *fieldList) List(ctx context.Context, req fwlist.ListRequest, stream *fwlist.ListResultsStream) {
	var diags diag.Diagnostics
	cfg, ia, ok := listTarget(l.data, req, &diags)
	if !ok {
		stream.Results = fwlist.ListResultsStreamDiagnostics(diags)
		return
	}
	entity := configString(cfg, entityName)
	defs, err := l.data.client.Fields(ctx, ia, entity)
	if err != nil {
		addAPIError(&diags, l.k, "list", ia, "", err)
		stream.Results = fwlist.ListResultsStreamDiagnostics(diags)
		return
	}
	limit := int(req.Limit)
	stream.Results = func(push func(fwlist.ListResult) bool) {
		found := 0
		for i := range defs {
			def := &defs[i]
			if !def.IsUserDefined || def.ID == "" {
				continue // the CRM's standard fields are not Terraform's to manage
			}
			result := req.NewListResult(ctx)
			state := importedField(ia, entity, def.ID)
			result.Diagnostics.Append(result.Identity.Set(ctx, fieldIdentityModel{IntegratedAccountID: state.IntegratedAccountID,
				Entity: state.Entity, ID: state.ID})...)
			result.DisplayName = fmt.Sprintf("%s (%s)", def.Label, def.Name)
			if req.IncludeResource {
				full, err := l.data.client.GetField(ctx, truto.RequestOptions{IntegratedAccountID: ia}, entity, def.ID)
				if err != nil {
					addAPIError(&result.Diagnostics, l.k, "read", ia, def.ID, err)
				} else {
					state = fieldAfterRead(state, full)
					state.DeletionPolicy = types.StringValue(deletionPolicyAbandon)
					result.Diagnostics.Append(result.Resource.Set(ctx, &state)...)
				}
			}
			if !push(result) {
				return
			}
			if found++; limit > 0 && found >= limit {
				return
			}
		}
	}
}
