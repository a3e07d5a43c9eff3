// Package provider implements the Truto Terraform provider on the plugin framework.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwlist "github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/kinds"
	"github.com/truto/terraform-provider-truto/internal/record"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Address is the provider's registry address, used by main, the tests and the demo's dev_overrides.
const Address = "registry.terraform.io/truto/truto"

const (
	defaultRequestTimeout         = 60 * time.Second
	defaultMaxRetries             = 8
	defaultIntegratedAccountLimit = 50
	defaultTokenLimit             = 500
	rateLimitWindow               = 10 * time.Second
)

var (
	_ provider.Provider                  = (*trutoProvider)(nil)
	_ provider.ProviderWithListResources = (*trutoProvider)(nil)
)

// New returns a constructor for the provider at the given version (set by ldflags in main).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &trutoProvider{version: version} }
}

type trutoProvider struct {
	version string
}

type providerModel struct {
	APIToken                   types.String `tfsdk:"api_token"`
	BaseURL                    types.String `tfsdk:"base_url"`
	IntegratedAccountID        types.String `tfsdk:"integrated_account_id"`
	RequestTimeout             types.String `tfsdk:"request_timeout"`
	MaxRetries                 types.Number `tfsdk:"max_retries"`
	RateLimitIntegratedAccount types.Number `tfsdk:"rate_limit_per_account"`
	RateLimitToken             types.Number `tfsdk:"rate_limit_per_token"`
	ListRefresh                types.Bool   `tfsdk:"list_refresh"`
	CapabilityChecks           types.Bool   `tfsdk:"capability_checks"`
	UnsupportedFields          types.String `tfsdk:"unsupported_fields"`
	DefaultPhoneRegion         types.String `tfsdk:"default_phone_region"`
}

func (p *trutoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "truto"
	resp.Version = p.version
}

func (p *trutoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage CRM records declaratively through [Truto](https://truto.one)'s Unified API: " +
			"one schema for every CRM Truto connects (Salesforce, HubSpot, Pipedrive, Close, Zoho ...).",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				MarkdownDescription: "Truto API token, sent as a bearer token. May also be set with the `" + record.EnvAPIToken +
					"` environment variable. Never logged or stored in state.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Truto API. Defaults to `" + record.DefaultBaseURL + "`; may also be set with the `" +
					record.EnvBaseURL + "` environment variable. Must be `https://`, except for a loopback host (a local emulator).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"integrated_account_id": schema.StringAttribute{
				MarkdownDescription: "Default Truto integrated account (the connected CRM) for resources and data sources that do not " +
					"set their own. May also be set with the `" + record.EnvIntegratedAccountID + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration such as `30s` or `2m`. Defaults to `60s`. " +
					"Retries and rate-limit waits are bounded by the resource's `timeouts` instead.",
				Optional:   true,
				Validators: []validator.String{record.DurationValidator{}},
			},
			"max_retries": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a 429, 500, 502, 504 or a network error "+
					"(never after 400, 401, 403, 404, 405, 409, 422 or 503). Defaults to `%d`; `0` disables retries.", defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Number{record.WholeNumberBetween(0, 50)},
			},
			"rate_limit_per_account": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("Requests per 10 seconds this provider sends to one integrated account. Defaults to "+
					"Truto's limit, `%d`; lower it to leave room for other clients of the same account. The provider also slows "+
					"down on its own when the API's `ratelimit-*` headers say so.", defaultIntegratedAccountLimit),
				Optional:   true,
				Validators: []validator.Number{record.WholeNumberAtLeast(1)},
			},
			"capability_checks": schema.BoolAttribute{
				MarkdownDescription: "Check each plan against what the connected CRM supports, before anything is sent: a " +
					"create, update or delete the integration cannot do, a blocked integrated account or one that needs " +
					"re-authentication, a field the integration requires on create, and `custom_fields` keys or values its " +
					"custom-field catalog does not have fail the plan. Truto's answers are asked once per provider process " +
					"(capabilities once per integrated account, a method's schema once per kind, the catalog once per " +
					"record type), and only for kinds the plan writes; a refresh asks a kind's schema once, and only when a " +
					"record lacks a value its state holds (to tell a field the integration never returns, whose state is " +
					"then kept, from one cleared in the CRM). When Truto cannot answer, the plan goes ahead with a warning. " +
					"Defaults to `true`; `false` skips every check and every request they make.",
				Optional: true,
			},
			"unsupported_fields": schema.StringAttribute{
				MarkdownDescription: record.UnsupportedFieldsDoc + " Defaults to `error`; each resource's " +
					"`unsupported_fields` overrides it.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(record.UnsupportedFieldsModes...)},
			},
			"default_phone_region": schema.StringAttribute{
				MarkdownDescription: "Region in which phone numbers written without a country code are read, as an ISO 3166-1 " +
					"alpha-2 code such as `US` or `GB`. Phone numbers are compared by their E.164 form, so a CRM that " +
					"reformats them shows no drift: with `US`, `(415) 555-0100`, `415-555-0100` and `+14155550100` are one " +
					"number. Without it, a number without a country code equals only a spelling that has one " +
					"(`+1 415 555 0100`) or the same text, so a CRM that reformats national numbers (`4155550100`) shows " +
					"drift on every plan. Numbers that cannot be read as phone numbers compare as trimmed text. Only " +
					"comparisons use it: numbers are sent as configured.",
				Optional:   true,
				Validators: []validator.String{record.PhoneRegionValidator{}},
			},
			"list_refresh": schema.BoolAttribute{
				MarkdownDescription: "Refresh many records of one kind in one integrated account from list pages, up to " +
					"100 records a request, instead of one request each: a plan of 1,000 accounts then takes about ten " +
					"requests. Listing starts only when many reads arrive together and stops when the pages stop paying " +
					"for themselves, so it never costs more than a page or two over per-record reads. A record a page " +
					"does not list, or lists without a field its state holds, is read with its own request, so the " +
					"results (drift included) are those of per-record reads. Defaults to `true`; `false` reads every " +
					"record with its own request. A kind the integration cannot get by id (its capabilities list " +
					"`list` but not `get`, or a GET is answered 405) is read from list pages either way.",
				Optional: true,
			},
			"rate_limit_per_token": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("Requests per 10 seconds this provider sends with one API token. Defaults to Truto's "+
					"limit, `%d`.", defaultTokenLimit),
				Optional:   true,
				Validators: []validator.Number{record.WholeNumberAtLeast(1)},
			},
		},
	}
}

func (p *trutoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, v := range map[string]types.String{
		"api_token": cfg.APIToken, "base_url": cfg.BaseURL, "integrated_account_id": cfg.IntegratedAccountID,
		"request_timeout": cfg.RequestTimeout, "default_phone_region": cfg.DefaultPhoneRegion,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown value for "+attr,
				"The provider's "+attr+" depends on a value that is not known until apply. Set it to a known value, "+
					"or use the matching environment variable.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	token := stringOrEnv(cfg.APIToken, record.EnvAPIToken)
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing Truto API token",
			"Set api_token in the provider block or the "+record.EnvAPIToken+" environment variable to a Truto API token.")
		return
	}
	baseURL := stringOrEnv(cfg.BaseURL, record.EnvBaseURL)
	if baseURL == "" {
		baseURL = record.DefaultBaseURL
	}
	timeout := defaultRequestTimeout
	if s := cfg.RequestTimeout.ValueString(); s != "" {
		timeout, _ = time.ParseDuration(s) // validated by record.DurationValidator
	}
	maxRetries := defaultMaxRetries
	if !cfg.MaxRetries.IsNull() && !cfg.MaxRetries.IsUnknown() {
		maxRetries = int(record.WholeNumberOr(cfg.MaxRetries, defaultMaxRetries))
		if maxRetries == 0 {
			maxRetries = -1 // the client reads 0 as "default" and a negative value as "no retries"
		}
	}

	client, err := truto.New(truto.Config{
		BaseURL:        baseURL,
		Token:          token,
		UserAgent:      userAgent(p.version, req.TerraformVersion),
		RequestTimeout: timeout,
		MaxRetries:     maxRetries,
		IntegratedAccountRateLimit: truto.RateLimit{
			Requests: int(record.WholeNumberOr(cfg.RateLimitIntegratedAccount, defaultIntegratedAccountLimit)), Per: rateLimitWindow},
		TokenRateLimit: truto.RateLimit{Requests: int(record.WholeNumberOr(cfg.RateLimitToken, defaultTokenLimit)), Per: rateLimitWindow},
		Logger:         newClientLogger(token),
		BatchReads:     cfg.ListRefresh.IsNull() || cfg.ListRefresh.ValueBool(),
	})
	if err != nil { // worded with the settings' own names, not the client's Config fields
		var badURL *truto.BaseURLError
		var badToken *truto.TokenError
		switch {
		case errors.As(err, &badURL):
			resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid base_url",
				fmt.Sprintf("base_url %q (from the provider block or %s) %s.", badURL.URL, record.EnvBaseURL, badURL.Reason))
		case errors.As(err, &badToken):
			resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Invalid api_token",
				fmt.Sprintf("api_token (from the provider block or %s) %s.", record.EnvAPIToken, badToken.Reason))
		default:
			resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		}
		return
	}

	data := record.NewProviderData(client, stringOrEnv(cfg.IntegratedAccountID, record.EnvIntegratedAccountID),
		cfg.CapabilityChecks.IsNull() || cfg.CapabilityChecks.ValueBool())
	data.SetUnsupportedFields(cfg.UnsupportedFields.ValueString())
	data.SetDefaultPhoneRegion(cfg.DefaultPhoneRegion.ValueString())
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

// Resources are one per record kind, truto_crm_field, and the exclusive record set over the kinds.
func (p *trutoProvider) Resources(_ context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, k := range kinds.Writable() {
		out = append(out, record.NewResource(k))
	}
	return append(out, record.NewFieldResource(kinds.FieldCatalog, kinds.CatalogEntities()),
		record.NewExclusiveResource(kinds.Writable()))
}

// ListResources are one per resource kind and truto_crm_field's, for terraform query.
func (p *trutoProvider) ListResources(_ context.Context) []func() fwlist.ListResource {
	var out []func() fwlist.ListResource
	for _, k := range kinds.Writable() {
		out = append(out, record.NewListResource(k))
	}
	return append(out, record.NewFieldListResource(kinds.FieldCatalog, kinds.CatalogEntities()))
}

// DataSources are two per record kind: one record by id, and a filtered list.
func (p *trutoProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, k := range kinds.All {
		if !k.ListOnly() {
			out = append(out, record.NewDataSource(k))
		}
		out = append(out, record.NewListDataSource(k))
	}
	return append(out, record.NewSupportDataSource(kinds.All))
}

// stringOrEnv returns the configured value, or the environment variable when the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-truto/" + version
	if terraformVersion != "" {
		ua += " (+https://www.terraform.io) Terraform/" + terraformVersion
	}
	return ua
}
