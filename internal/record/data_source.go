package record

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var (
	_ datasource.DataSourceWithConfigure        = (*recordDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*recordDataSource)(nil)
)

// recordDataSource reads one record of a kind by its id: every attribute of the resource, with all
// custom fields on the record and optionally the CRM's raw record.
type recordDataSource struct {
	k    *Kind
	data *ProviderData
}

func NewDataSource(k *Kind) func() datasource.DataSource {
	return func() datasource.DataSource { return &recordDataSource{k: k} }
}

func (d *recordDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.k.typeName
}

func (d *recordDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	configure(req.ProviderData, &d.data, &resp.Diagnostics)
}

const includeRemoteDataName = "include_remote_data"

// ConfigValidators require exactly one of the id and the lookup field, where the kind has one.
func (d *recordDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	if d.k.lookupBy == "" {
		return nil
	}
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot(idName), path.MatchRoot(d.k.lookupBy))}
}

func (d *recordDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.k.recordDataSchema()
}

func (k *Kind) recordDataSchema() dschema.Schema {
	attrs := map[string]dschema.Attribute{
		idName: dschema.StringAttribute{
			MarkdownDescription: "The " + k.noun + "'s id in the CRM.",
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		integratedAccountName: integratedAccountAttribute(),
		includeRemoteDataName: dschema.BoolAttribute{
			MarkdownDescription: "Also read the CRM's raw record into `remote_data`. Defaults to `false`: the request " +
				"then asks Truto to leave the raw record out (`truto_ignore_remote_data=true`), which is faster.",
			Optional: true,
		},
		remoteDataName: dschema.StringAttribute{
			MarkdownDescription: "The CRM's raw record as a JSON string (use `jsondecode`), when `include_remote_data` is " +
				"`true`; null otherwise.",
			CustomType: jsontypes.NormalizedType{},
			Computed:   true,
		},
	}
	for _, f := range k.fields {
		if a := f.dataAttribute(k); a != nil {
			attrs[f.name()] = a
		}
	}
	if k.lookupBy != "" {
		// Either the id or the lookup field finds the record; the other is read.
		either := " Set `" + idName + "` or `" + k.lookupBy + "`."
		attrs[idName] = dschema.StringAttribute{
			MarkdownDescription: "The " + k.noun + "'s id in the CRM." + either,
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
		if a, ok := attrs[k.lookupBy].(dschema.StringAttribute); ok {
			a.MarkdownDescription += either + " Given, the " + k.noun + " whose " + k.lookupBy + " is exactly this " +
				"(compared case-insensitively, and re-checked on the results because a CRM may ignore the filter); no " +
				"match, or more than one, is an error."
			a.Optional = true
			a.Validators = []validator.String{stringvalidator.LengthAtLeast(1)}
			attrs[k.lookupBy] = a
		}
	}
	desc := "Reads one CRM " + k.noun + " by its id through Truto's Unified CRM API: every attribute of the `" +
		k.typeName + "` resource, with **all** custom fields on the record, and optionally the CRM's raw record. A " +
		"record the CRM does not know is an error."
	if k.readOnly {
		desc = "Reads one CRM " + k.noun + " by its id"
		if k.lookupBy != "" {
			desc += " or its " + k.lookupBy
		}
		desc += " through Truto's Unified CRM API, optionally with the CRM's raw record. A record the CRM does not " +
			"know is an error."
	}
	return dschema.Schema{MarkdownDescription: desc, Attributes: attrs}
}

func (d *recordDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	cfg, ok := configValues(req.Config.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	ia, ok := dataSourceIntegratedAccount(d.data, configString(cfg, integratedAccountName), &resp.Diagnostics)
	if !ok {
		return
	}
	id := configString(cfg, idName)
	var includeRemote bool
	if v := cfg[includeRemoteDataName]; v.IsKnown() && !v.IsNull() {
		_ = v.As(&includeRemote)
	}
	opts := truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: !includeRemote}
	var got *truto.Record
	if id == "" && d.k.lookupBy != "" {
		if got, ok = d.lookup(ctx, opts, configString(cfg, d.k.lookupBy), &resp.Diagnostics); !ok {
			return
		}
		id = got.ID
	} else {
		var err error
		got, err = d.data.client.Get(ctx, d.k.coll, opts, id)
		if truto.IsCRMNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root(idName), "CRM "+d.k.noun+" not found",
				fmt.Sprintf("The CRM behind integrated account %q has no %s with id %q.\n\n%s", ia, d.k.noun, id, err))
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, d.k, "read", ia, id, err)
			return
		}
	}
	vals := d.k.dataValues(got, includeRemote)
	vals[idName] = types.StringValue(id)
	vals[integratedAccountName] = types.StringValue(ia)
	vals[includeRemoteDataName] = types.BoolNull()
	if v := cfg[includeRemoteDataName]; !v.IsNull() {
		vals[includeRemoteDataName] = types.BoolValue(includeRemote)
	}
	setDataState(ctx, &resp.State, d.k.recordDataSchema(), vals, &resp.Diagnostics)
}

// lookup finds the one record whose lookup field is exactly want (ignoring case), through the
// list filtered by it; the match is re-checked because a CRM may ignore the filter.
func (d *recordDataSource) lookup(ctx context.Context, opts truto.RequestOptions, want string, diags *diag.Diagnostics) (*truto.Record, bool) {
	field := d.k.lookupBy
	var matches []truto.Record
	for rec, err := range d.data.client.List(ctx, d.k.coll, opts, truto.ListParams{Filters: []truto.Param{{Name: field, Value: want}}}) {
		if err != nil {
			addAPIError(diags, d.k, "list", opts.IntegratedAccountID, "", err)
			return nil, false
		}
		raw, _ := rec.Value(field)
		if got, ok := truto.LooseString(raw); ok && strings.EqualFold(got, want) {
			matches = append(matches, rec)
		}
		if len(matches) > 1 {
			break // two are enough to say it is ambiguous
		}
	}
	switch len(matches) {
	case 1:
		return &matches[0], true
	case 0:
		diags.AddAttributeError(path.Root(field), "No CRM "+d.k.noun+" with this "+field,
			fmt.Sprintf("The CRM behind integrated account %q has no %s whose %s is %q (compared case-insensitively).%s",
				opts.IntegratedAccountID, d.k.noun, field, want, d.howMany(ctx, opts)))
	default:
		diags.AddAttributeError(path.Root(field), "Several CRM "+d.k.plural+" with this "+field,
			fmt.Sprintf("More than one %s of integrated account %q has the %s %q (ids %s and %s at least): set id instead.",
				d.k.noun, opts.IntegratedAccountID, field, want, matches[0].ID, matches[1].ID))
	}
	return nil, false
}

// dataValues are the data source's values of every field of a record read from the CRM.
func (k *Kind) dataValues(got *truto.Record, includeRemote bool) map[string]attr.Value {
	vals := map[string]attr.Value{remoteDataName: jsontypes.NewNormalizedNull()}
	for _, f := range k.fields {
		if f.dataAttribute(k) != nil {
			vals[f.name()] = f.dataValue(got)
		}
	}
	if raw, ok := got.Value(remoteDataName); ok && includeRemote {
		vals[remoteDataName] = jsontypes.NewNormalizedValue(string(raw))
	}
	return vals
}

// configValues decodes a data source's configuration into its attributes.
func configValues(raw tftypes.Value, diags *diag.Diagnostics) (map[string]tftypes.Value, bool) {
	var cfg map[string]tftypes.Value
	if err := raw.As(&cfg); err != nil {
		diags.AddError("Invalid configuration", err.Error())
		return nil, false
	}
	return cfg, true
}

// setDataState stores a data source's values, one per schema attribute.
func setDataState(ctx context.Context, st *tfsdk.State, s dschema.Schema, vals map[string]attr.Value, diags *diag.Diagnostics) {
	typ, ok := s.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		diags.AddError("Invalid schema", "the data source's schema is not an object")
		return
	}
	obj, d := types.ObjectValue(typ.AttributeTypes(), vals)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	raw, err := obj.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Invalid state", err.Error())
		return
	}
	st.Raw = raw
}

// integratedAccountAttribute is the integrated_account_id argument of every data source.
func integratedAccountAttribute() dschema.StringAttribute {
	return dschema.StringAttribute{
		MarkdownDescription: "Truto integrated account (the connected CRM) to read from. Defaults to the provider's " +
			"`integrated_account_id` (or the `" + EnvIntegratedAccountID + "` environment variable).",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// dataSourceIntegratedAccount resolves a data source's integrated account: its own attribute, else
// the provider's default. It reports false (with an error naming the attribute) when there is none.
func dataSourceIntegratedAccount(data *ProviderData, configured string, diags *diag.Diagnostics) (string, bool) {
	if data == nil || data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return "", false
	}
	if ia := data.integratedAccount(configured); ia != "" {
		return ia, true
	}
	diags.AddAttributeError(path.Root(integratedAccountName), "Missing integrated account",
		missingIntegratedAccount("on this data source"))
	return "", false
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

// howMany says how many records of the kind the CRM has and which data source lists them, for a
// lookup that matched none (a typo, or a configuration written for another CRM). It is empty when
// the CRM cannot be asked.
func (d *recordDataSource) howMany(ctx context.Context, opts truto.RequestOptions) string {
	n := 0
	for _, err := range d.data.client.List(ctx, d.k.coll, opts, truto.ListParams{}) {
		if err != nil {
			return ""
		}
		n++
	}
	noun := d.k.plural
	if n == 1 {
		noun = d.k.noun
	}
	return fmt.Sprintf(" It has %d %s: the truto_crm_%s data source lists them, with %s.", n, noun, d.k.plural, d.k.idsByKey())
}
