package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var _ datasource.DataSourceWithConfigure = (*crmAccountDataSource)(nil)

// NewCRMAccountDataSource returns the truto_crm_account data source.
func NewCRMAccountDataSource() datasource.DataSource { return &crmAccountDataSource{} }

type crmAccountDataSource struct {
	data *providerData
}

// crmAccountDataModel is the truto_crm_account data source: the resource's attributes (all read
// from the CRM) plus include_remote_data / remote_data.
type crmAccountDataModel struct {
	ID                  types.String         `tfsdk:"id"`
	IntegratedAccountID types.String         `tfsdk:"integrated_account_id"`
	IncludeRemoteData   types.Bool           `tfsdk:"include_remote_data"`
	Name                types.String         `tfsdk:"name"`
	Website             types.String         `tfsdk:"website"`
	Description         types.String         `tfsdk:"description"`
	Industry            types.String         `tfsdk:"industry"`
	NumberOfEmployees   types.Int64          `tfsdk:"number_of_employees"`
	Owner               types.Object         `tfsdk:"owner"`
	Addresses           types.List           `tfsdk:"addresses"`
	PhoneNumbers        types.List           `tfsdk:"phone_numbers"`
	URLs                types.List           `tfsdk:"urls"`
	Tags                types.List           `tfsdk:"tags"`
	CustomFields        types.Dynamic        `tfsdk:"custom_fields"`
	RemoteData          jsontypes.Normalized `tfsdk:"remote_data"`
	CreatedAt           timetypes.RFC3339    `tfsdk:"created_at"`
	UpdatedAt           timetypes.RFC3339    `tfsdk:"updated_at"`
	LastActivityAt      timetypes.RFC3339    `tfsdk:"last_activity_at"`
}

func (d *crmAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_crm_account"
}

func (d *crmAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, err := providerDataFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected provider data", err.Error())
		return
	}
	d.data = data
}

// integratedAccountAttribute is the integrated_account_id argument of every data source.
func integratedAccountAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Truto integrated account (the connected CRM) to read from. Defaults to the provider's " +
			"`integrated_account_id` (or the `" + EnvIntegratedAccountID + "` environment variable).",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// computedString is a read-only string attribute.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func computedTime(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, CustomType: timetypes.RFC3339Type{}, Computed: true}
}

// computedList is the read-only twin of a resource's nested list attribute: same spec, same shape.
// Every attribute of the spec must have a description.
func computedList(desc string, spec listSpec, descs map[string]string) schema.ListNestedAttribute {
	attrs := make(map[string]schema.Attribute, len(spec.attrs))
	for _, a := range spec.attrs {
		d, ok := descs[a]
		if !ok {
			panic(fmt.Sprintf("computedList: no description for %q", a)) // a programming error, caught by every test
		}
		attrs[a] = computedString(d)
	}
	return schema.ListNestedAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

func (d *crmAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one CRM account by its id through Truto's Unified CRM API: every attribute of the " +
			"`truto_crm_account` resource, with **all** custom fields on the record, and optionally the CRM's raw " +
			"record. A record the CRM does not know is an error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account's id in the CRM.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"integrated_account_id": integratedAccountAttribute(),
			"include_remote_data": schema.BoolAttribute{
				MarkdownDescription: "Also read the CRM's raw record into `remote_data`. Defaults to `false`: the request " +
					"then asks Truto to leave the raw record out (`truto_ignore_remote_data=true`), which is faster.",
				Optional: true,
			},
			"name":                computedString("Account name."),
			"website":             computedString("Website of the account."),
			"description":         computedString("Free-text description."),
			"industry":            computedString("Industry, in the CRM's own vocabulary."),
			"number_of_employees": schema.Int64Attribute{MarkdownDescription: "Number of employees.", Computed: true},
			"owner": schema.SingleNestedAttribute{
				MarkdownDescription: "The CRM user who owns the account; null when it has none.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"id": computedString("The owner's user id in the CRM."),
				},
			},
			"addresses": computedList("Postal addresses.", addressSpec, map[string]string{
				"id": "The CRM's id of this address.", "type": "Address type, in the CRM's vocabulary.",
				"street_1": "First street line.", "street_2": "Second street line.", "city": "City.",
				"state": "State, province or region.", "postal_code": "Postal code.", "country": "Country.",
			}),
			"phone_numbers": computedList("Phone numbers.", phoneSpec, map[string]string{
				"id": "The CRM's id of this phone number.", "number": "The phone number.", "extension": "Extension.",
				"type": "One of `work`, `mobile`, `fax`.",
			}),
			"urls": computedList("Web addresses other than `website`.", urlSpec, map[string]string{
				"url": "The URL.", "type": "URL type, in the CRM's vocabulary.",
			}),
			"tags": computedList("Tags (labels) on the account.", tagSpec, map[string]string{
				"id": "The tag's id in the CRM.", "name": "The tag's name.",
			}),
			"custom_fields": schema.DynamicAttribute{
				MarkdownDescription: "Every custom field on the record, keyed by the field's name in the CRM, with its JSON " +
					"type (string, number, bool, object, tuple); a field the CRM returns as null is a null attribute. " +
					"Unlike the resource, which only holds the keys it manages, this includes fields set by the CRM or by " +
					"other people. Null when the CRM returns no custom fields.",
				Computed: true,
			},
			"remote_data": schema.StringAttribute{
				MarkdownDescription: "The CRM's raw record as a JSON string (use `jsondecode`), when `include_remote_data` is " +
					"`true`; null otherwise.",
				CustomType: jsontypes.NormalizedType{},
				Computed:   true,
			},
			"created_at":       computedTime("When the account was created, RFC 3339."),
			"updated_at":       computedTime("When the account was last changed in the CRM, RFC 3339."),
			"last_activity_at": computedTime("When the last activity on the account happened, RFC 3339, where the CRM tracks it."),
		},
	}
}

func (d *crmAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg crmAccountDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ia, ok := dataSourceIntegratedAccount(d.data, cfg.IntegratedAccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	includeRemote := cfg.IncludeRemoteData.ValueBool()
	opts := truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: !includeRemote}
	got, err := d.data.client.GetAccount(ctx, opts, cfg.ID.ValueString())
	if truto.IsCRMNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "CRM account not found",
			fmt.Sprintf("The CRM behind integrated account %q has no account with id %q.\n\n%s", ia, cfg.ID.ValueString(), err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", ia, cfg.ID.ValueString(), err)
		return
	}
	state, err := accountDataFromAPI(got, includeRemote)
	if err != nil {
		resp.Diagnostics.AddWarning("Unexpected read response", err.Error())
	}
	state.ID = cfg.ID
	state.IntegratedAccountID = types.StringValue(ia)
	state.IncludeRemoteData = cfg.IncludeRemoteData
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// accountDataFromAPI maps a read with the resource's own mapping (stateAfterRead with no prior
// state: nothing to keep, every value from the CRM), then completes custom_fields and remote_data.
func accountDataFromAPI(a *truto.Account, includeRemote bool) (crmAccountDataModel, error) {
	m, err := stateAfterRead(accountModel{}, a, true)
	out := crmAccountDataModel{
		ID:                m.ID,
		Name:              m.Name,
		Website:           m.Website,
		Description:       m.Description,
		Industry:          m.Industry,
		NumberOfEmployees: m.NumberOfEmployees,
		Owner:             m.Owner,
		Addresses:         m.Addresses,
		PhoneNumbers:      m.PhoneNumbers,
		URLs:              m.URLs,
		Tags:              m.Tags,
		CustomFields:      allCustomFields(a.CustomFields),
		RemoteData:        jsontypes.NewNormalizedNull(),
		CreatedAt:         m.CreatedAt,
		UpdatedAt:         m.UpdatedAt,
		LastActivityAt:    m.LastActivityAt,
	}
	if includeRemote && len(a.RemoteData) > 0 && string(a.RemoteData) != "null" {
		out.RemoteData = jsontypes.NewNormalizedValue(string(a.RemoteData))
	}
	return out, err
}

// allCustomFields is every custom field on the record as an object, each value typed from its
// JSON (inferValue); null fields stay as null attributes, so referring to them is not an error.
// It is null when the CRM returned no custom fields.
func allCustomFields(api map[string]json.RawMessage) types.Dynamic {
	if len(api) == 0 {
		return types.DynamicNull()
	}
	attrs := make(map[string]attr.Value, len(api))
	typesByKey := make(map[string]attr.Type, len(api))
	for k, raw := range api {
		v, err := decodeJSON(raw)
		if err != nil {
			v = string(raw) // not JSON: keep the text rather than lose the field
		}
		attrs[k] = inferValue(v)
		typesByKey[k] = attrs[k].Type(bg)
	}
	return types.DynamicValue(types.ObjectValueMust(typesByKey, attrs))
}

// dataSourceIntegratedAccount resolves a data source's integrated account: its own attribute, else
// the provider's default. It reports false (with an error naming the attribute) when there is none.
func dataSourceIntegratedAccount(data *providerData, v types.String, diags *diag.Diagnostics) (string, bool) {
	if data == nil || data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return "", false
	}
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString(), true
	}
	if data.defaultIntegratedAccountID != "" {
		return data.defaultIntegratedAccountID, true
	}
	diags.AddAttributeError(path.Root("integrated_account_id"), "Missing integrated account",
		"Set integrated_account_id on this data source, or integrated_account_id in the provider block (or the "+
			EnvIntegratedAccountID+" environment variable).")
	return "", false
}
