package provider

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var _ datasource.DataSourceWithConfigure = (*crmAccountsDataSource)(nil)

// NewCRMAccountsDataSource returns the truto_crm_accounts data source.
func NewCRMAccountsDataSource() datasource.DataSource { return &crmAccountsDataSource{} }

type crmAccountsDataSource struct {
	data *providerData
}

type crmAccountsModel struct {
	IntegratedAccountID types.String      `tfsdk:"integrated_account_id"`
	Name                types.String      `tfsdk:"name"`
	Website             types.String      `tfsdk:"website"`
	SearchTerm          types.String      `tfsdk:"search_term"`
	OwnerID             types.String      `tfsdk:"owner_id"`
	CreatedAfter        timetypes.RFC3339 `tfsdk:"created_after"`
	CreatedBefore       timetypes.RFC3339 `tfsdk:"created_before"`
	UpdatedAfter        timetypes.RFC3339 `tfsdk:"updated_after"`
	UpdatedBefore       timetypes.RFC3339 `tfsdk:"updated_before"`
	SortBy              types.String      `tfsdk:"sort_by"`
	Limit               types.Int64       `tfsdk:"limit"`
	PageSize            types.Int64       `tfsdk:"page_size"`
	Accounts            []accountSummary  `tfsdk:"accounts"`
	IDs                 []string          `tfsdk:"ids"`
	IDsByName           map[string]string `tfsdk:"ids_by_name"`
}

// accountSummary is one element of accounts. Custom fields are a JSON string because a Dynamic
// value cannot sit inside a list.
type accountSummary struct {
	ID                types.String         `tfsdk:"id"`
	Name              types.String         `tfsdk:"name"`
	Website           types.String         `tfsdk:"website"`
	Description       types.String         `tfsdk:"description"`
	Industry          types.String         `tfsdk:"industry"`
	NumberOfEmployees types.Int64          `tfsdk:"number_of_employees"`
	OwnerID           types.String         `tfsdk:"owner_id"`
	CreatedAt         timetypes.RFC3339    `tfsdk:"created_at"`
	UpdatedAt         timetypes.RFC3339    `tfsdk:"updated_at"`
	CustomFieldsJSON  jsontypes.Normalized `tfsdk:"custom_fields_json"`
}

func (d *crmAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_crm_accounts"
}

func (d *crmAccountsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, err := providerDataFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected provider data", err.Error())
		return
	}
	d.data = data
}

// rechecked is appended to the description of every filter the provider re-applies to the results.
const rechecked = " Re-checked on the results by the provider, because Truto silently ignores a filter the CRM " +
	"cannot apply."

func optionalFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

func timeFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc + " RFC 3339, e.g. `2024-01-31T00:00:00Z`; the bound is inclusive. An account without " +
			"that timestamp does not match." + rechecked,
		CustomType: timetypes.RFC3339Type{},
		Optional:   true,
	}
}

func (d *crmAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists CRM accounts through Truto's Unified CRM API, following the API's cursor across " +
			"pages. Filters are sent to Truto, which passes them to the CRM; a filter the CRM cannot apply is " +
			"**silently ignored** by Truto, so the provider re-checks the exact filters (`name`, `website`, " +
			"`owner_id` and the date bounds) on every result and drops what does not match. `search_term` and " +
			"`sort_by` are the CRM's to interpret and are not re-checked.\n\n" +
			"`ids` and `ids_by_name` make it easy to drive `for_each`, for example in `import` blocks that adopt " +
			"existing accounts into `truto_crm_account` resources.",
		Attributes: map[string]schema.Attribute{
			"integrated_account_id": integratedAccountAttribute(),
			"name": optionalFilter("Only accounts with exactly this name (compared case-insensitively)." +
				rechecked),
			"website": optionalFilter("Only accounts with exactly this website (compared case-insensitively)." +
				rechecked),
			"search_term": optionalFilter("Free-text search, as the CRM implements it (typically a substring of the " +
				"name or website). Not re-checked: its meaning is the CRM's; a CRM that cannot search returns every " +
				"account."),
			"owner_id":       optionalFilter("Only accounts owned by this CRM user id (sent as `owner[id]`)." + rechecked),
			"created_after":  timeFilter("Only accounts created at or after this time."),
			"created_before": timeFilter("Only accounts created at or before this time."),
			"updated_after":  timeFilter("Only accounts last updated at or after this time."),
			"updated_before": timeFilter("Only accounts last updated at or before this time."),
			"sort_by": optionalFilter("Field to sort by, in the CRM's vocabulary (for example `name`, `created_at` or " +
				"`updated_at`). Unset, the order is the API's. Not re-checked: a CRM that cannot sort keeps its own order."),
			"limit": schema.Int64Attribute{
				MarkdownDescription: "Maximum number of accounts to return (after filtering); the provider stops reading " +
					"pages once it has this many. Unset, every matching account is returned: listing a large CRM takes one " +
					"request per page, paced by the provider's rate limits.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: "How many accounts to ask for per request (the API's `limit` parameter). Unset, the " +
					"API's default page size is used. It changes the number of requests, never the result.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The matching accounts, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                  computedString("The account's id in the CRM."),
					"name":                computedString("Account name."),
					"website":             computedString("Website of the account."),
					"description":         computedString("Free-text description."),
					"industry":            computedString("Industry, in the CRM's own vocabulary."),
					"number_of_employees": schema.Int64Attribute{MarkdownDescription: "Number of employees.", Computed: true},
					"owner_id":            computedString("The owner's user id in the CRM."),
					"created_at":          computedTime("When the account was created, RFC 3339."),
					"updated_at":          computedTime("When the account was last changed in the CRM, RFC 3339."),
					"custom_fields_json": schema.StringAttribute{
						MarkdownDescription: "Every custom field on the account as a JSON object string (use `jsondecode`); " +
							"`{}` when it has none. A JSON string because Terraform cannot hold dynamically typed values " +
							"inside a list.",
						CustomType: jsontypes.NormalizedType{},
						Computed:   true,
					},
				}},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "The ids of `accounts`, in the same order.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"ids_by_name": schema.MapAttribute{
				MarkdownDescription: "Account id by account name, for `for_each`. When several accounts share a name, the " +
					"first one in the API's order wins (check `accounts` for duplicates); accounts without a name are " +
					"left out.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *crmAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg crmAccountsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ia, ok := dataSourceIntegratedAccount(d.data, cfg.IntegratedAccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	params := truto.ListAccountsParams{
		Limit:         int(cfg.PageSize.ValueInt64()),
		Name:          cfg.Name.ValueString(),
		Website:       cfg.Website.ValueString(),
		SearchTerm:    cfg.SearchTerm.ValueString(),
		OwnerID:       cfg.OwnerID.ValueString(),
		SortBy:        cfg.SortBy.ValueString(),
		CreatedAfter:  cfg.CreatedAfter.ValueString(),
		CreatedBefore: cfg.CreatedBefore.ValueString(),
		UpdatedAfter:  cfg.UpdatedAfter.ValueString(),
		UpdatedBefore: cfg.UpdatedBefore.ValueString(),
	}
	filter, err := newAccountFilter(params)
	if err != nil { // the attributes' RFC 3339 type validates at plan time; this is a safety net
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	limit := int(cfg.Limit.ValueInt64()) // 0 = all

	state := cfg
	state.IntegratedAccountID = types.StringValue(ia)
	state.Accounts = []accountSummary{}
	state.IDs = []string{}
	state.IDsByName = map[string]string{}
	opts := truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: true}
	for a, err := range d.data.client.ListAccounts(ctx, opts, params) {
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", ia, "", err)
			return
		}
		if !filter.match(&a) {
			continue
		}
		s := accountSummaryFrom(&a)
		state.Accounts = append(state.Accounts, s)
		state.IDs = append(state.IDs, a.ID)
		if name := s.Name.ValueString(); name != "" {
			if _, taken := state.IDsByName[name]; !taken {
				state.IDsByName[name] = a.ID
			}
		}
		if limit > 0 && len(state.Accounts) >= limit {
			break // stops the iterator: no further page is requested
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// accountSummaryFrom maps one listed account with the resource's value helpers.
func accountSummaryFrom(a *truto.Account) accountSummary {
	s := accountSummary{
		ID:                types.StringValue(a.ID),
		Name:              stringValue(a.Name),
		Website:           stringValue(a.Website),
		Description:       stringValue(a.Description),
		Industry:          stringValue(a.Industry),
		NumberOfEmployees: int64Value(a.NumberOfEmployees),
		OwnerID:           types.StringNull(),
		CreatedAt:         timeValue(a.CreatedAt),
		UpdatedAt:         timeValue(a.UpdatedAt),
		CustomFieldsJSON:  jsontypes.NewNormalizedValue(customFieldsJSON(a.CustomFields)),
	}
	if o := ownerValue(a.Owner); !o.IsNull() {
		s.OwnerID, _ = o.Attributes()["id"].(types.String)
	}
	return s
}

// customFieldsJSON renders custom fields as a compact JSON object with sorted keys (deterministic).
func customFieldsJSON(cf map[string]json.RawMessage) string {
	if len(cf) == 0 {
		return "{}"
	}
	b, err := json.Marshal(cf)
	if err != nil { // a value that is not valid JSON: keep the others, the bad one as a string
		clean := make(map[string]any, len(cf))
		for k, raw := range cf {
			if v, err := decodeJSON(raw); err == nil {
				clean[k] = v
			} else {
				clean[k] = string(raw)
			}
		}
		b, _ = json.Marshal(clean)
	}
	return string(b)
}

// accountFilter re-applies the exact list filters to results: Truto silently ignores a filter the
// CRM cannot apply, so without this a filtered list could return every account.
type accountFilter struct {
	name, website, ownerID                                   string
	createdAfter, createdBefore, updatedAfter, updatedBefore *time.Time
}

func newAccountFilter(p truto.ListAccountsParams) (accountFilter, error) {
	f := accountFilter{name: p.Name, website: p.Website, ownerID: p.OwnerID}
	for _, b := range []struct {
		raw string
		dst **time.Time
	}{
		{p.CreatedAfter, &f.createdAfter}, {p.CreatedBefore, &f.createdBefore},
		{p.UpdatedAfter, &f.updatedAfter}, {p.UpdatedBefore, &f.updatedBefore},
	} {
		if b.raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, b.raw)
		if err != nil {
			return f, err
		}
		*b.dst = &t
	}
	return f, nil
}

func (f accountFilter) match(a *truto.Account) bool {
	if f.name != "" && !equalFoldField(a.Name, f.name) {
		return false
	}
	if f.website != "" && !equalFoldField(a.Website, f.website) {
		return false
	}
	if f.ownerID != "" {
		if o, ok := a.Owner.Get(); !ok || o.ID != f.ownerID {
			return false
		}
	}
	return inBounds(a.CreatedAt, f.createdAfter, f.createdBefore) && inBounds(a.UpdatedAt, f.updatedAfter, f.updatedBefore)
}

func equalFoldField(f truto.Field[string], want string) bool {
	v, ok := f.Get()
	return ok && strings.EqualFold(v, want)
}

// inBounds reports whether the timestamp lies within the inclusive bounds; without bounds anything
// matches, with a bound a missing or unreadable timestamp does not.
func inBounds(f truto.Field[string], after, before *time.Time) bool {
	if after == nil && before == nil {
		return true
	}
	v, ok := f.Get()
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return false
	}
	return (after == nil || !t.Before(*after)) && (before == nil || !t.After(*before))
}
