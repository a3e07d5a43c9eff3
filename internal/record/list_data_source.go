package record

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var _ datasource.DataSourceWithConfigure = (*recordsDataSource)(nil)

// recordsDataSource lists the records of a kind across pages, with the kind's filters re-checked on
// every result.
type recordsDataSource struct {
	k    *Kind
	data *ProviderData
}

func NewListDataSource(k *Kind) func() datasource.DataSource {
	return func() datasource.DataSource { return &recordsDataSource{k: k} }
}

func (d *recordsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.k.listTypeName
}

func (d *recordsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	configure(req.ProviderData, &d.data, &resp.Diagnostics)
}

const (
	limitName    = "limit"
	pageSizeName = "page_size"
	idsName      = "ids"
)

func (k *Kind) idsByKey() string { return "ids_by_" + k.keyedBy }

func (d *recordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.k.listDataSchema()
}

func (k *Kind) listDataSchema() dschema.Schema {
	attrs := map[string]dschema.Attribute{
		integratedAccountName: integratedAccountAttribute(),
		limitName: dschema.NumberAttribute{
			MarkdownDescription: "Maximum number of " + k.plural + " to return (after filtering); the provider stops reading " +
				"pages once it has this many. Unset, every matching " + k.noun + " is returned: listing a large CRM takes one " +
				"request per page, paced by the provider's rate limits.",
			Optional:   true,
			Validators: []validator.Number{WholeNumberAtLeast(1)},
		},
		pageSizeName: dschema.NumberAttribute{
			MarkdownDescription: "How many " + k.plural + " to ask for per request (the API's `limit` parameter). Unset, the " +
				"API's default page size is used. It changes the number of requests, never the result.",
			Optional:   true,
			Validators: []validator.Number{WholeNumberAtLeast(1)},
		},
		k.plural: dschema.ListNestedAttribute{
			MarkdownDescription: "The matching " + k.plural + ", in the API's order.",
			Computed:            true,
			NestedObject:        dschema.NestedAttributeObject{Attributes: k.summaryAttributes()},
		},
		idsName: dschema.ListAttribute{
			MarkdownDescription: "The ids of `" + k.plural + "`, in the same order.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
	var rechecked, passed []string
	seen := map[string]bool{}
	for _, f := range k.filters {
		for name, a := range f.attributes(k) {
			attrs[name] = a
		}
		if r := f.rechecked(); r != "" && !seen[r] {
			seen[r] = true
			rechecked = append(rechecked, r)
		}
		if p := f.notRechecked(); p != "" {
			passed = append(passed, p)
		}
	}
	desc := "Lists CRM " + k.plural + " through Truto's Unified CRM API, following the API's cursor across pages. " +
		"Filters are sent to Truto, which passes them to the CRM; a filter the CRM cannot apply is **silently ignored** " +
		"by Truto, so the provider re-checks the exact filters (" + joinAnd(rechecked) + ") on every result and drops " +
		"what does not match."
	switch len(passed) {
	case 0:
	case 1:
		desc += " " + passed[0] + " is the CRM's to interpret and is not re-checked."
	default:
		desc += " " + joinAnd(passed) + " are the CRM's to interpret and are not re-checked."
	}
	if k.indexBy != "" {
		attrs[k.indexBy+"s"] = dschema.ListAttribute{
			MarkdownDescription: "The " + k.indexBy + "s of `" + k.plural + "`, in the same order.",
			ElementType:         types.StringType,
			Computed:            true,
		}
		attrs["by_"+k.indexBy] = dschema.MapNestedAttribute{
			MarkdownDescription: "The elements of `" + k.plural + "` by " + k.indexBy + " (the first one in the API's order " +
				"when several share one).",
			Computed:     true,
			NestedObject: dschema.NestedAttributeObject{Attributes: k.summaryAttributes()},
		}
	}
	if k.about != "" {
		desc += "\n\n" + k.about
	}
	if k.keyedBy != "" {
		attrs[k.idsByKey()] = dschema.MapAttribute{
			MarkdownDescription: capitalize(k.noun) + " id by " + k.noun + " " + k.keyedBy + ", for `for_each`. When " +
				"several " + k.plural + " share " + article(k.keyedBy) + " " + k.keyedBy + ", the first one in the API's order wins (check `" +
				k.plural + "` for duplicates); " + k.plural + " without a " + k.keyedBy + " are left out.",
			ElementType: types.StringType,
			Computed:    true,
		}
		if k.readOnly {
			desc += "\n\n`" + k.idsByKey() + "` looks " + k.plural + " up by " + k.keyedBy + ", for example to point a " +
				"record's reference at one."
		} else {
			desc += "\n\n`ids` and `" + k.idsByKey() + "` make it easy to drive `for_each`, for example in `import` " +
				"blocks that adopt existing " + k.plural + " into `" + k.typeName + "` resources."
		}
	}
	return dschema.Schema{MarkdownDescription: desc, Attributes: attrs}
}

// summaryAttributes are the attributes of one element of the list.
func (k *Kind) summaryAttributes() map[string]dschema.Attribute {
	attrs := map[string]dschema.Attribute{
		idName: dschema.StringAttribute{MarkdownDescription: "The " + k.noun + "'s id in the CRM.", Computed: true},
	}
	for _, name := range k.summaryFields {
		s, ok := k.field(name).(summarized)
		if !ok {
			panic("kind " + k.noun + ": field " + name + " cannot be summarized") // caught by every test
		}
		for n, a := range s.summaryAttributes(k) {
			attrs[n] = a
		}
	}
	return attrs
}

func (d *recordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	cfg, ok := configValues(req.Config.Raw, &resp.Diagnostics)
	if !ok {
		return
	}
	ia, ok := dataSourceIntegratedAccount(d.data, configString(cfg, integratedAccountName), &resp.Diagnostics)
	if !ok {
		return
	}
	params, checks, err := d.k.listParams(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	limit := int(configInt(cfg, limitName)) // 0 = all

	schema := d.k.listDataSchema()
	vals := make(map[string]attr.Value, len(cfg)+3)
	for name, v := range cfg { // the arguments, as configured
		a, ok := schema.Attributes[name]
		if !ok {
			continue
		}
		av, err := a.GetType().ValueFromTerraform(ctx, v)
		if err != nil {
			resp.Diagnostics.AddError("Invalid configuration", err.Error())
			return
		}
		vals[name] = av
	}
	vals[integratedAccountName] = types.StringValue(ia)

	elemType := types.ObjectType{AttrTypes: attrTypesOf(d.k.summaryAttributes())}
	var elems, ids, keys []attr.Value
	byName, byKey := map[string]attr.Value{}, map[string]attr.Value{}
	opts := truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: true}
	for rec, err := range d.data.client.List(ctx, d.k.coll, opts, params) {
		if err != nil {
			addAPIError(&resp.Diagnostics, d.k, "list", ia, "", err)
			return
		}
		if !passes(checks, &rec) {
			continue
		}
		elem := d.k.summaryValues(&rec)
		obj, diags := types.ObjectValue(elemType.AttrTypes, elem)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return
		}
		elems = append(elems, obj)
		ids = append(ids, types.StringValue(rec.ID))
		if d.k.keyedBy != "" {
			if name, ok := elem[d.k.keyedBy].(types.String); ok && name.ValueString() != "" {
				if _, taken := byName[name.ValueString()]; !taken {
					byName[name.ValueString()] = types.StringValue(rec.ID)
				}
			}
		}
		if key, ok := elem[d.k.indexBy].(types.String); ok && key.ValueString() != "" {
			keys = append(keys, key)
			if _, taken := byKey[key.ValueString()]; !taken {
				byKey[key.ValueString()] = obj
			}
		}
		if limit > 0 && len(elems) >= limit {
			break // stops the iterator: no further page is requested
		}
	}
	if len(elems) == 0 {
		d.k.warnNoSuchParent(ctx, d.data.client, opts, cfg, &resp.Diagnostics)
	}
	vals[d.k.plural] = types.ListValueMust(elemType, orEmpty(elems))
	vals[idsName] = types.ListValueMust(types.StringType, orEmpty(ids))
	if d.k.keyedBy != "" {
		vals[d.k.idsByKey()] = types.MapValueMust(types.StringType, byName)
	}
	if d.k.indexBy != "" {
		vals[d.k.indexBy+"s"] = types.ListValueMust(types.StringType, orEmpty(keys))
		vals["by_"+d.k.indexBy] = types.MapValueMust(elemType, byKey)
	}
	setDataState(ctx, &resp.State, schema, vals, &resp.Diagnostics)
}

// listParams are the page size and filters of a list configured with cfg, and the checks a
// result must pass (the filters re-checked).
func (k *Kind) listParams(cfg map[string]tftypes.Value) (truto.ListParams, []func(*truto.Record) bool, error) {
	params := truto.ListParams{Limit: int(configInt(cfg, pageSizeName))}
	var checks []func(*truto.Record) bool
	for _, f := range k.filters {
		p, c, err := f.apply(cfg)
		if err != nil {
			return params, nil, err
		}
		params.Filters = append(params.Filters, p...)
		checks = append(checks, c...)
	}
	return params, checks, nil
}

// passes reports whether a record passes every check.
func passes(checks []func(*truto.Record) bool, rec *truto.Record) bool {
	for _, check := range checks {
		if !check(rec) {
			return false
		}
	}
	return true
}

// summaryValues are one element of the list for a record.
func (k *Kind) summaryValues(rec *truto.Record) map[string]attr.Value {
	vals := map[string]attr.Value{idName: types.StringValue(rec.ID)}
	for _, name := range k.summaryFields {
		s, _ := k.field(name).(summarized)
		for n, v := range s.summaryValues(rec) {
			vals[n] = v
		}
	}
	return vals
}

func attrTypesOf(attrs map[string]dschema.Attribute) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for n, a := range attrs {
		out[n] = a.GetType()
	}
	return out
}

func orEmpty(vs []attr.Value) []attr.Value {
	if vs == nil {
		return []attr.Value{}
	}
	return vs
}

// configInt reads a number argument; 0 when unset.
func configInt(config map[string]tftypes.Value, name string) int64 {
	v, ok := config[name]
	if !ok || !v.IsKnown() || v.IsNull() {
		return 0
	}
	n := new(big.Float)
	if v.As(&n) != nil {
		return 0
	}
	i, _ := n.Int64()
	return i
}
