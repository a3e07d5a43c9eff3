package record

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The support matrix: what the integration behind one integrated account can do with each kind,
// from the same answers the plan checks read (capabilities, and each method's meta), asked once
// per provider process. A data source is explicit, so what cannot be read is an error, not a
// warning.

var _ datasource.DataSourceWithConfigure = (*supportDataSource)(nil)

// supportDataSource is truto_crm_support.
type supportDataSource struct {
	kinds []*Kind
	data  *ProviderData
}

// NewSupportDataSource returns the constructor of truto_crm_support over the given kinds.
func NewSupportDataSource(kinds []*Kind) func() datasource.DataSource {
	return func() datasource.DataSource { return &supportDataSource{kinds: kinds} }
}

func (d *supportDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "truto_crm_support"
}

func (d *supportDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	configure(req.ProviderData, &d.data, &resp.Diagnostics)
}

// supportLists are a kind's entries, each a list of strings.
var supportLists = []struct{ name, doc string }{
	{"methods", "The unified methods the integration supports (`list`, `get`, `create`, `update`, `delete`), per Truto's capabilities."},
	{"create_fields", "The top-level properties of the integration's create `request_body_schema` (empty without create)."},
	{"update_fields", "The top-level properties of the integration's update `request_body_schema` (empty without update)."},
	{"required_on_create", "The top-level properties the create schema marks required."},
	{"readable_fields", "The properties of the integration's response schema (of get, else list): what reads return."},
}

var (
	stringList    = types.ListType{ElemType: types.StringType}
	supportKindTy = func() types.ObjectType {
		t := types.ObjectType{AttrTypes: map[string]attr.Type{}}
		for _, l := range supportLists {
			t.AttrTypes[l.name] = stringList
		}
		return t
	}()
	integrationTy = types.ObjectType{AttrTypes: map[string]attr.Type{"name": types.StringType, "slug": types.StringType}}
)

func (d *supportDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	kindAttrs := map[string]dschema.Attribute{}
	for _, l := range supportLists {
		kindAttrs[l.name] = dschema.ListAttribute{MarkdownDescription: l.doc, ElementType: types.StringType, Computed: true}
	}
	perKind := map[string]dschema.Attribute{}
	for _, k := range d.kinds {
		perKind[k.plural] = dschema.SingleNestedAttribute{
			MarkdownDescription: "What the integration supports for " + k.plural + ".",
			Attributes:          kindAttrs,
			Computed:            true,
		}
	}
	resp.Schema = dschema.Schema{
		MarkdownDescription: "What the CRM behind one integrated account supports, per kind: its methods, the fields its " +
			"create and update take, the fields it requires on create and the fields its reads return, from Truto's " +
			"capabilities and meta (the answers the plan checks read, asked once per provider process). Modules can " +
			"branch on it, e.g. `count = contains(data.truto_crm_support.crm.kinds.tasks.methods, \"delete\") ? 1 : 0`. " +
			"Reading fails when Truto cannot say.",
		Attributes: map[string]dschema.Attribute{
			integratedAccountName: integratedAccountAttribute(),
			"integration": dschema.SingleNestedAttribute{
				MarkdownDescription: "The integration (the CRM) behind the integrated account.",
				Computed:            true,
				Attributes: map[string]dschema.Attribute{
					"name": dschema.StringAttribute{MarkdownDescription: "Its display name, e.g. `HubSpot`.", Computed: true},
					"slug": dschema.StringAttribute{MarkdownDescription: "Its slug, e.g. `hubspot`.", Computed: true},
				},
			},
			"status": dschema.StringAttribute{
				MarkdownDescription: "The integrated account's status: `active`, `connecting`, `post_install_error`, " +
					"`validation_error` or `needs_reauth` (null when Truto does not say).",
				Computed: true,
			},
			"is_blocked": dschema.BoolAttribute{
				MarkdownDescription: "Whether the integrated account is blocked (every call on it fails).",
				Computed:            true,
			},
			"kinds": dschema.SingleNestedAttribute{
				MarkdownDescription: "Per kind, by its plural (`accounts`, `contacts` ...): what the integration supports.",
				Computed:            true,
				Attributes:          perKind,
			},
		},
	}
}

func (d *supportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(integratedAccountName), &configured)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ia, ok := dataSourceIntegratedAccount(d.data, configured.ValueString(), &resp.Diagnostics)
	if !ok || d.data == nil {
		return
	}
	probes := d.data.checks
	if probes == nil { // capability_checks = false: the data source still asks, without the plan's memo
		probes = newPlanChecks(d.data.client)
	}
	caps, err := probes.caps.get(ctx, ia, func(ctx context.Context) (*truto.Capabilities, error) {
		return d.data.client.Capabilities(ctx, ia)
	})
	if err != nil {
		summary, detail, definite := definiteAnswer(err, ia)
		if !definite {
			summary, detail = "Could not read what the CRM supports", fmt.Sprintf("Truto could not say what integrated "+
				"account %q supports: %s", ia, err.Error())
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	kinds := map[string]attr.Value{}
	for _, k := range d.kinds {
		v, ok := probes.support(ctx, caps, k, ia, &resp.Diagnostics)
		if !ok {
			return
		}
		kinds[k.plural] = v
	}
	kindTypes := map[string]attr.Type{}
	for name := range kinds {
		kindTypes[name] = supportKindTy
	}
	status, blocked := types.StringNull(), false
	if a := caps.Account; a != nil {
		if a.Status != "" {
			status = types.StringValue(a.Status)
		}
		blocked = a.Blocked
	}
	var diags diag.Diagnostics
	state := map[string]attr.Value{
		integratedAccountName: types.StringValue(ia),
		"integration": types.ObjectValueMust(integrationTy.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(caps.DisplayName()), "slug": types.StringValue(caps.Integration.Slug),
		}),
		"status":     status,
		"is_blocked": types.BoolValue(blocked),
		"kinds":      types.ObjectValueMust(kindTypes, kinds),
	}
	for name, v := range state {
		diags.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(diags...)
}

// support is one kind's entry: its methods, and the fields of its create, update and read schemas.
func (c *planChecks) support(ctx context.Context, caps *truto.Capabilities, k *Kind, ia string, diags *diag.Diagnostics) (attr.Value, bool) {
	methods, known := caps.Methods(k.coll.Plural())
	if !known {
		diags.AddError("Could not read what the CRM supports", fmt.Sprintf("Truto's capabilities of integrated account "+
			"%q list no unified CRM resources, so what %s supports cannot be told.", ia, caps.DisplayName()))
		return nil, false
	}
	has := func(m string) bool { return slices.Contains(methods, m) }
	// meta is a method's schemas; nil (no error) when the integration lacks the method.
	meta := func(method string) (*truto.MethodMeta, bool) {
		if !has(method) {
			return nil, true
		}
		m, err := c.metaOf(ctx, k, ia, method)
		if err != nil && truto.StatusCode(err) != http.StatusNotFound {
			diags.AddError("Could not read what the CRM supports", fmt.Sprintf("Truto did not give %s's %s schema of %s "+
				"(integrated account %q): %s", caps.DisplayName(), method, k.plural, ia, err.Error()))
			return nil, false
		}
		return m, true
	}
	create, ok1 := meta("create")
	update, ok2 := meta("update")
	read, ok3 := meta("get")
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	if read == nil || read.Response == nil {
		var ok bool
		if read, ok = meta("list"); !ok {
			return nil, false
		}
	}
	var required []string
	if create != nil && create.RequestBody != nil {
		for _, name := range sortedKeys(create.RequestBody.Properties) {
			if p := create.RequestBody.Properties[name]; p != nil && p.Required {
				required = append(required, name)
			}
		}
	}
	lists := map[string][]string{
		"methods":            methods,
		"create_fields":      bodyFields(create),
		"update_fields":      bodyFields(update),
		"required_on_create": required,
		"readable_fields":    nil,
	}
	if read != nil && read.Response != nil {
		lists["readable_fields"] = sortedKeys(read.Response.Properties)
	}
	vals := map[string]attr.Value{}
	for name, l := range lists {
		elems := make([]attr.Value, 0, len(l))
		for _, s := range l {
			elems = append(elems, types.StringValue(s))
		}
		vals[name] = types.ListValueMust(types.StringType, elems)
	}
	return types.ObjectValueMust(supportKindTy.AttrTypes, vals), true
}

// bodyFields are the top-level properties of a method's request body schema.
func bodyFields(m *truto.MethodMeta) []string {
	if m == nil || m.RequestBody == nil {
		return nil
	}
	return sortedKeys(m.RequestBody.Properties)
}
