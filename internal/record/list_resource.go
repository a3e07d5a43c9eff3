package record

import (
	"context"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwlist "github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// List resources (Terraform 1.14+, `terraform query`): every writable kind can be listed with the
// same filters as its list data source, each result carrying the record's identity, a display name
// and, when asked for, the resource object a generated configuration is written from. With
// `-generate-config-out`, a whole CRM is adopted in one command.

var _ fwlist.ListResourceWithConfigure = (*recordList)(nil)

type recordList struct {
	k    *Kind
	data *ProviderData
}

func NewListResource(k *Kind) func() fwlist.ListResource {
	return func() fwlist.ListResource { return &recordList{k: k} }
}

func (l *recordList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.k.typeName
}

func (l *recordList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	configure(req.ProviderData, &l.data, &resp.Diagnostics)
}

// maxPageSize is the largest page the provider asks for.
const maxPageSize = 100

func (l *recordList) ListResourceConfigSchema(_ context.Context, _ fwlist.ListResourceSchemaRequest, resp *fwlist.ListResourceSchemaResponse) {
	k := l.k
	attrs := map[string]lschema.Attribute{
		integratedAccountName: lschema.StringAttribute{
			MarkdownDescription: integratedAccountAttribute().MarkdownDescription,
			Optional:            true,
			Validators:          integratedAccountAttribute().Validators,
		},
		pageSizeName: lschema.NumberAttribute{
			MarkdownDescription: "How many " + k.plural + " to ask for per request (the API's `limit` parameter). Unset, " +
				"the list block's `limit` (at most 100) is used. It changes the number of requests, never the result.",
			Optional:   true,
			Validators: []validator.Number{WholeNumberAtLeast(1)},
		},
	}
	for _, f := range k.filters {
		for name, a := range f.attributes(k) {
			if s, ok := a.(dschema.StringAttribute); ok {
				attrs[name] = lschema.StringAttribute{MarkdownDescription: s.MarkdownDescription, CustomType: s.CustomType,
					Optional: true, Validators: s.Validators}
			}
		}
	}
	resp.Schema = lschema.Schema{
		MarkdownDescription: "Finds existing CRM " + k.plural + " for `terraform query` (Terraform 1.14 and later), " +
			"with the filters of the `" + k.listTypeName + "` data source, re-checked on every result. Each result " +
			"carries the " + k.noun + "'s identity, so `terraform query -generate-config-out=FILE` writes a `" +
			k.typeName + "` resource and an import block for every match; the generated configuration plans with " +
			"no changes.",
		Attributes: attrs,
	}
}

func (l *recordList) List(ctx context.Context, req fwlist.ListRequest, stream *fwlist.ListResultsStream) {
	var diags diag.Diagnostics
	cfg, ia, ok := listTarget(l.data, req, &diags)
	if !ok {
		stream.Results = fwlist.ListResultsStreamDiagnostics(diags)
		return
	}
	params, checks, err := l.k.listParams(cfg)
	if err != nil {
		diags.AddError("Invalid filter", err.Error())
		stream.Results = fwlist.ListResultsStreamDiagnostics(diags)
		return
	}
	limit := int(req.Limit)
	if params.Limit == 0 && limit > 0 {
		params.Limit = min(limit, maxPageSize) // no more pages than the limit needs
	}
	opts := truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: true}
	stream.Results = func(push func(fwlist.ListResult) bool) {
		found := 0
		for rec, err := range l.data.client.List(ctx, l.k.coll, opts, params) {
			if err != nil {
				var d diag.Diagnostics
				addAPIError(&d, l.k, "list", ia, "", err)
				push(fwlist.ListResult{Diagnostics: d})
				return
			}
			if !passes(checks, &rec) {
				continue
			}
			result := req.NewListResult(ctx)
			result.Identity.Raw = identityValue(ia, rec.ID)
			result.DisplayName = l.k.label(&rec)
			if req.IncludeResource {
				raw, err := stateAfterRead(l.k.importedState(ia, rec.ID), &rec, true).encode(ctx)
				if err != nil {
					result.Diagnostics.AddError("Invalid "+l.k.noun, err.Error())
				}
				result.Resource.Raw = raw
			}
			if !push(result) {
				return // Terraform has enough
			}
			if found++; limit > 0 && found >= limit {
				return // stops the iterator: no further page is requested
			}
		}
	}
}

// listTarget is a list block's configuration and the integrated account it lists (its own, else the
// provider's), shared by the list resources.
func listTarget(data *ProviderData, req fwlist.ListRequest, diags *diag.Diagnostics) (map[string]tftypes.Value, string, bool) {
	cfg, ok := configValues(req.Config.Raw, diags)
	if !ok {
		return nil, "", false
	}
	ia, ok := dataSourceIntegratedAccount(data, configString(cfg, integratedAccountName), diags)
	return cfg, ia, ok
}
