package record

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_exclusive_records governs the records of one kind that a match selects: those listed
// in ids belong, every other one is a stray. Strays are reported (a plan warning) or, when asked
// for, deleted: the plan is then an update of stray_ids to [] and so lists each record it deletes,
// and apply deletes only those of them that still match and are still not in ids. The resource
// itself owns nothing: destroying it deletes nothing.

const (
	ExclusiveTypeName = "truto_crm_exclusive_records"

	exclKind         = "kind"
	exclMatch        = "match"
	exclStrays       = "strays"
	exclMaxDeletions = "max_deletions"
	exclStrayIDs     = "stray_ids"
	exclLabel        = "label"

	straysReport = "report"
	straysDelete = "delete"

	defaultMaxDeletions = 25
	// reportedStrays is how many strays a warning names before it only counts the rest.
	reportedStrays = 20
)

var (
	_ resource.ResourceWithConfigure      = (*exclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*exclusiveResource)(nil)
	_ resource.ResourceWithValidateConfig = (*exclusiveResource)(nil)
)

type exclusiveResource struct {
	kinds map[string]*Kind // the writable kinds by noun
	nouns []string
	data  *ProviderData
}

// NewExclusiveResource returns the constructor of truto_crm_exclusive_records over the writable
// kinds.
func NewExclusiveResource(writable []*Kind) func() resource.Resource {
	r := exclusiveResource{kinds: map[string]*Kind{}}
	for _, k := range writable {
		r.kinds[k.noun] = k
		r.nouns = append(r.nouns, k.noun)
	}
	return func() resource.Resource { c := r; return &c }
}

type exclusiveModel struct {
	ID                  types.String `tfsdk:"id"`
	Kind                types.String `tfsdk:"kind"`
	IntegratedAccountID types.String `tfsdk:"integrated_account_id"`
	Match               types.Object `tfsdk:"match"`
	IDs                 types.Set    `tfsdk:"ids"`
	Strays              types.String `tfsdk:"strays"`
	MaxDeletions        types.Int64  `tfsdk:"max_deletions"`
	StrayIDs            types.List   `tfsdk:"stray_ids"`
}

func (r *exclusiveResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = ExclusiveTypeName
}

func (r *exclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	configure(req.ProviderData, &r.data, &resp.Diagnostics)
}

var strayType = types.ObjectType{AttrTypes: map[string]attr.Type{idName: types.StringType, exclLabel: types.StringType}}

// matchFilters are the filters match offers: every re-checked filter of the writable kinds, with
// the kinds that have it. A filter left to the CRM (search_term) cannot be re-checked, so it cannot
// decide what is deleted.
func (r *exclusiveResource) matchFilters() (map[string]dschema.StringAttribute, map[string][]string) {
	attrs, owners := map[string]dschema.StringAttribute{}, map[string][]string{}
	for _, noun := range r.nouns {
		k := r.kinds[noun]
		for name, a := range k.matchFilters() {
			if s, ok := a.(dschema.StringAttribute); ok {
				attrs[name] = s
				owners[name] = append(owners[name], "`"+k.listTypeName+"`")
			}
		}
	}
	return attrs, owners
}

// matchFilters are the list filters of k a match may use, by attribute name: those the provider
// re-checks on every listed record.
func (k *Kind) matchFilters() map[string]dschema.Attribute {
	out := map[string]dschema.Attribute{}
	for _, f := range k.filters {
		if f.rechecked() == "" {
			continue
		}
		maps.Copy(out, f.attributes(k))
	}
	return out
}

func (r *exclusiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	filters, owners := r.matchFilters()
	matchAttrs := map[string]rschema.Attribute{
		customFieldsName: rschema.DynamicAttribute{
			MarkdownDescription: "Custom fields a governed record must carry, as a plain object keyed by the field's name " +
				"in the CRM: `{ source = \"fixture\" }`. Compared as drift compares custom fields: a CRM that stores " +
				"every field as a string (`\"10\"`) matches a configured number (`10`). A record lacking one of them is " +
				"not governed.",
			Optional:   true,
			Validators: []validator.Dynamic{customFieldsValidator{}},
		},
	}
	for name, a := range filters {
		matchAttrs[name] = rschema.StringAttribute{
			MarkdownDescription: "The `" + name + "` filter of " + joinAnd(owners[name]) + ", with the same meaning: " +
				"sent to Truto and re-checked on every listed record. Setting it for a kind whose list has no such filter " +
				"is an error.",
			CustomType: a.CustomType,
			Optional:   true,
			Validators: a.Validators,
		}
	}
	resp.Schema = rschema.Schema{
		MarkdownDescription: "Governs the CRM records of one kind that `match` selects: the records in `ids` belong, " +
			"every other governed record is a **stray**. Keeps sandbox, demo and test CRMs in a known state: the " +
			"fixture records exist, and nothing else under the fixture's marker does.\n\n" +
			"Each refresh lists the governed records (pages of 100) and records the strays in `stray_ids`. With " +
			"`strays = \"report\"` (the default) a plan with strays shows one warning naming them, and nothing is ever " +
			"deleted. With `strays = \"delete\"` a plan with strays is an in-place update of `stray_ids` to `[]`, so the " +
			"plan lists every record it deletes; apply deletes exactly those, after checking that each still matches and " +
			"is still not in `ids` (a record that stopped matching is left alone). More strays than `max_deletions` fails " +
			"the plan and deletes nothing.\n\n" +
			"Records created in the same apply (ids unknown at plan) cannot be strays; ids of records that no longer " +
			"exist are ignored. Creating this resource only reads and reports; destroying it deletes nothing.",
		Attributes: map[string]rschema.Attribute{
			idName: rschema.StringAttribute{
				MarkdownDescription: "`<integrated_account_id>/<kind>`.",
				Computed:            true,
			},
			exclKind: rschema.StringAttribute{
				MarkdownDescription: "The kind of records governed: " + JoinOr(Backticked(r.nouns)) + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(r.nouns...)},
			},
			integratedAccountName: rschema.StringAttribute{
				MarkdownDescription: "Truto integrated account (the connected CRM) whose records are governed. Defaults to " +
					"the provider's `integrated_account_id` (or the `" + EnvIntegratedAccountID + "` environment variable).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			exclMatch: rschema.SingleNestedAttribute{
				MarkdownDescription: "Which records the set governs: the kind's own list filters (as its list data source " +
					"takes them) and `custom_fields`, all of which a record must pass. Every listed record is re-checked by " +
					"the provider, because Truto silently ignores a filter the CRM cannot apply. Unset, every record of the " +
					"kind in the integrated account is governed.",
				Optional:   true,
				Attributes: matchAttrs,
			},
			idsName: rschema.SetAttribute{
				MarkdownDescription: "The ids of the governed records that belong, typically `[for r in <resource> : r.id]`. " +
					"Unset or empty, every governed record is a stray.",
				ElementType: types.StringType,
				Optional:    true,
			},
			exclStrays: rschema.StringAttribute{
				MarkdownDescription: "What to do with strays: `report` (the default) warns at plan and never deletes; " +
					"`delete` plans their deletion.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(straysReport),
				Validators: []validator.String{stringvalidator.OneOf(straysReport, straysDelete)},
			},
			exclMaxDeletions: rschema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("The most strays one plan may delete (default %d). A plan with more "+
					"fails, naming the count, and deletes nothing.", defaultMaxDeletions),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(defaultMaxDeletions),
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			exclStrayIDs: rschema.ListNestedAttribute{
				MarkdownDescription: "The governed records not in `ids`, as last read, in the API's order.",
				Computed:            true,
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					idName: rschema.StringAttribute{MarkdownDescription: "The record's id in the CRM.", Computed: true},
					exclLabel: rschema.StringAttribute{
						MarkdownDescription: "The record's label, as `terraform query` names it (its name, email or subject; " +
							"else its id).",
						Computed: true,
					},
				}},
			},
		},
	}
}

// ValidateConfig rejects a match filter the kind does not have.
func (r *exclusiveResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m exclusiveModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Kind.IsNull() || m.Kind.IsUnknown() || m.Match.IsNull() || m.Match.IsUnknown() {
		return
	}
	k := r.kinds[m.Kind.ValueString()]
	if k == nil {
		return // the kind's validator reports it
	}
	own := map[string]bool{customFieldsName: true}
	for name := range k.matchFilters() {
		own[name] = true
	}
	for _, name := range sortedAttrNames(m.Match.Attributes()) {
		if v := m.Match.Attributes()[name]; !v.IsNull() && !own[name] {
			var names []string
			for n := range own {
				names = append(names, n)
			}
			sort.Strings(names)
			resp.Diagnostics.AddAttributeError(path.Root(exclMatch).AtName(name), "Filter not available for "+k.plural,
				fmt.Sprintf("match.%s is not a filter of %s; their match takes %s.", name, k.plural, joinAnd(Backticked(names))))
		}
	}
}

func sortedAttrNames(m map[string]attr.Value) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// strays lists the records of k in ia that match, and returns those not in ids (the strays), in
// the API's order.
func (r *exclusiveResource) strays(ctx context.Context, k *Kind, ia string, match types.Object, ids map[string]bool) ([]*truto.Record, error) {
	params, checks, err := matchParams(ctx, k, match)
	if err != nil {
		return nil, err
	}
	params.Limit = maxPageSize
	var out []*truto.Record
	for rec, err := range r.data.client.List(ctx, k.coll, truto.RequestOptions{IntegratedAccountID: ia, IgnoreRemoteData: true}, params) {
		if err != nil {
			return nil, err
		}
		if rec.ID == "" || ids[rec.ID] || !passes(checks, &rec) {
			continue
		}
		out = append(out, &rec)
	}
	return out, nil
}

// matchParams are the query parameters and the checks of a match (nothing when it is null).
func matchParams(ctx context.Context, k *Kind, match types.Object) (truto.ListParams, []func(*truto.Record) bool, error) {
	var params truto.ListParams
	if match.IsNull() {
		return params, nil, nil
	}
	raw, err := match.ToTerraformValue(ctx)
	if err != nil {
		return params, nil, err
	}
	var cfg map[string]tftypes.Value
	if err := raw.As(&cfg); err != nil {
		return params, nil, err
	}
	var checks []func(*truto.Record) bool
	for _, f := range k.filters {
		if f.rechecked() == "" {
			continue
		}
		p, c, err := f.apply(cfg)
		if err != nil {
			return params, nil, err
		}
		params.Filters = append(params.Filters, p...)
		checks = append(checks, c...)
	}
	if cf, ok := match.Attributes()[customFieldsName].(types.Dynamic); ok && !cf.IsNull() {
		want, err := customFieldEntries(cf)
		if err != nil {
			return params, nil, err
		}
		if len(want) > 0 {
			checks = append(checks, func(rec *truto.Record) bool { return carries(rec, want) })
		}
	}
	return params, checks, nil
}

// carries reports whether a record has every wanted custom field, compared as a read compares a
// managed custom field.
func carries(rec *truto.Record, want map[string]attr.Value) bool {
	members := customFieldsField{base{customFieldsName}}.members(rec)
	for key, w := range want {
		raw, ok := members[key]
		if !ok {
			return false
		}
		v, err := decodeJSON(raw)
		if err != nil {
			return false
		}
		if w.IsNull() {
			if v != nil {
				return false
			}
			continue
		}
		if !jsonToValue(v, w).Equal(w) {
			return false
		}
	}
	return true
}

// knownIDs are the known elements of ids (an unknown element is a record not created yet).
func knownIDs(s types.Set) map[string]bool {
	out := map[string]bool{}
	if s.IsNull() || s.IsUnknown() {
		return out
	}
	for _, e := range s.Elements() {
		if v, ok := e.(types.String); ok && !v.IsNull() && !v.IsUnknown() {
			out[v.ValueString()] = true
		}
	}
	return out
}

func (k *Kind) strayList(recs []*truto.Record) types.List {
	elems := make([]attr.Value, 0, len(recs))
	for _, rec := range recs {
		elems = append(elems, types.ObjectValueMust(strayType.AttrTypes, map[string]attr.Value{
			idName: types.StringValue(rec.ID), exclLabel: types.StringValue(k.label(rec)),
		}))
	}
	return types.ListValueMust(strayType, elems)
}

// strayEntries are the ids and labels of a stray_ids value.
func strayEntries(l types.List) (ids, labels []string) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	for _, e := range l.Elements() {
		o, ok := e.(types.Object)
		if !ok {
			continue
		}
		id, _ := o.Attributes()[idName].(types.String)
		label, _ := o.Attributes()[exclLabel].(types.String)
		ids, labels = append(ids, id.ValueString()), append(labels, label.ValueString())
	}
	return ids, labels
}

// strayLines names up to reportedStrays strays, one a line, then counts the rest.
func strayLines(l types.List) string {
	ids, labels := strayEntries(l)
	var b strings.Builder
	for i, id := range ids {
		if i == reportedStrays {
			fmt.Fprintf(&b, "  ... and %d more\n", len(ids)-reportedStrays)
			break
		}
		if labels[i] != "" && labels[i] != id {
			fmt.Fprintf(&b, "  %s (%s)\n", id, labels[i])
		} else {
			fmt.Fprintf(&b, "  %s\n", id)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (r *exclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: the resource only governs, nothing is deleted
	}
	var plan, config exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *exclusiveModel
	if !req.State.Raw.IsNull() {
		state = &exclusiveModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if config.IntegratedAccountID.IsNull() && r.data != nil {
		ia, ok := r.data.defaultIntegratedAccount(&resp.Diagnostics)
		if !ok {
			return
		}
		plan.IntegratedAccountID = types.StringValue(ia)
	}
	// Another kind or CRM is another set: stray_ids in state name records of the old one, and an id
	// may name another record in the new one, so an update could delete records the plan never
	// listed. The replacement's create only reads and reports.
	if state != nil && !state.Kind.Equal(plan.Kind) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(exclKind))
	}
	if state != nil && !state.IntegratedAccountID.Equal(plan.IntegratedAccountID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(integratedAccountName))
	}
	if len(resp.RequiresReplace) > 0 {
		state = nil
	}
	k := r.kinds[plan.Kind.ValueString()]
	ia := plan.IntegratedAccountID
	if k == nil || ia.IsUnknown() || ia.IsNull() || r.data == nil {
		plan.ID, plan.StrayIDs = types.StringUnknown(), types.ListUnknown(strayType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	plan.ID = types.StringValue(ia.ValueString() + "/" + k.noun)
	deleting := plan.Strays.ValueString() == straysDelete
	if deleting && r.data.checks != nil {
		r.data.checks.check(ctx, plannedWrite{k: k, ia: ia.ValueString(), method: "delete",
			advice: "Set strays = \"report\" to only report the records outside ids."}, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	// The strays as the planned match and ids see them: the refreshed ones when neither changed.
	var strays types.List
	switch {
	case plan.Match.IsUnknown() || !fullyKnown(ctx, plan.Match):
		if deleting {
			resp.Diagnostics.AddAttributeError(path.Root(exclMatch), "match is not known at plan",
				"With strays = \"delete\", match must be known at plan, so that the plan can list the records it deletes.")
			return
		}
		strays = types.ListUnknown(strayType)
	case state != nil && state.Kind.Equal(plan.Kind) && state.IntegratedAccountID.Equal(plan.IntegratedAccountID) &&
		state.Match.Equal(plan.Match) && state.IDs.Equal(plan.IDs) && !state.StrayIDs.IsUnknown():
		strays = state.StrayIDs
	case !fullyKnown(ctx, plan.IDs) && state == nil:
		strays = types.ListUnknown(strayType) // which listed record an unknown id names is known only at apply
	default:
		recs, err := r.strays(ctx, k, ia.ValueString(), plan.Match, knownIDs(plan.IDs))
		if err != nil {
			addAPIError(&resp.Diagnostics, k, "list", ia.ValueString(), "", err)
			return
		}
		if !fullyKnown(ctx, plan.IDs) {
			// An unknown id may name any record not yet a stray: only the refreshed strays still
			// count (ids created in this apply name new records, which cannot be strays).
			recs = slices.DeleteFunc(recs, func(rec *truto.Record) bool { return !isStray(state.StrayIDs, rec.ID) })
		}
		strays = k.strayList(recs)
	}

	n := len(strays.Elements())
	if !strays.IsUnknown() && n > 0 {
		if deleting && int64(n) > plan.MaxDeletions.ValueInt64() {
			resp.Diagnostics.AddAttributeError(path.Root(exclMaxDeletions), "Too many strays to delete",
				fmt.Sprintf("%d %s match and are not in ids, more than max_deletions (%d); nothing was deleted. Check "+
					"match and ids, or raise max_deletions:\n%s", n, k.plural, plan.MaxDeletions.ValueInt64(), strayLines(strays)))
			return
		}
		if !deleting || state == nil {
			outcome := "nothing is deleted"
			if deleting {
				outcome = "creating the set only reports them; the next plan deletes them"
			}
			resp.Diagnostics.AddWarning(fmt.Sprintf("%d stray %s", n, pluralOf(k, n)),
				fmt.Sprintf("%d %s of integrated account %q %s and %s not in ids:\n%s\n\nstrays = %q: %s.",
					n, pluralOf(k, n), ia.ValueString(), verb(n, "matches", "match"), verb(n, "is", "are"), strayLines(strays),
					plan.Strays.ValueString(), outcome))
		}
	}
	switch {
	case state == nil:
		plan.StrayIDs = types.ListUnknown(strayType) // create reads them
	case deleting:
		plan.StrayIDs = types.ListValueMust(strayType, []attr.Value{})
		if !strays.IsUnknown() && !strays.Equal(state.StrayIDs) {
			if extra := newStrays(strays, state.StrayIDs); len(extra) > 0 {
				resp.Diagnostics.AddWarning("Strays left for the next apply",
					fmt.Sprintf("With this configuration, %d more %s become strays (%s); this apply deletes only the "+
						"strays the plan lists, and the next plan lists these.", len(extra), pluralOf(k, len(extra)),
						strings.Join(extra, ", ")))
			}
		}
	default:
		plan.StrayIDs = strays
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func pluralOf(k *Kind, n int) string {
	if n == 1 {
		return k.noun
	}
	return k.plural
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// isStray reports whether stray_ids holds id.
func isStray(l types.List, id string) bool {
	ids, _ := strayEntries(l)
	return slices.Contains(ids, id)
}

// newStrays are the ids of strays not in prior.
func newStrays(strays, prior types.List) []string {
	was, _ := strayEntries(prior)
	now, _ := strayEntries(strays)
	var out []string
	for _, id := range now {
		if !slices.Contains(was, id) {
			out = append(out, id)
		}
	}
	return out
}

// fullyKnown reports whether a value holds no unknown.
func fullyKnown(ctx context.Context, v attr.Value) bool {
	raw, err := v.ToTerraformValue(ctx)
	return err == nil && raw.IsFullyKnown()
}

func (r *exclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.read(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *exclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state exclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.read(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// read sets stray_ids (and id) from a listing; a failed listing is an error and changes nothing.
func (r *exclusiveResource) read(ctx context.Context, m *exclusiveModel, diags *diag.Diagnostics) {
	k := r.kinds[m.Kind.ValueString()]
	if k == nil || r.data == nil || r.data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return
	}
	ia := m.IntegratedAccountID.ValueString()
	recs, err := r.strays(ctx, k, ia, m.Match, knownIDs(m.IDs))
	if err != nil {
		addAPIError(diags, k, "list", ia, "", err)
		return
	}
	m.ID = types.StringValue(ia + "/" + k.noun)
	m.StrayIDs = k.strayList(recs)
}

// Update deletes, with strays = "delete", the strays the plan lists (those in state) that still
// match and are still not in ids.
func (r *exclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Strays.ValueString() != straysDelete {
		if plan.StrayIDs.IsUnknown() {
			r.read(ctx, &plan, &resp.Diagnostics)
			if resp.Diagnostics.HasError() {
				return
			}
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	k := r.kinds[plan.Kind.ValueString()]
	ia := plan.IntegratedAccountID.ValueString()
	planned, _ := strayEntries(state.StrayIDs)
	if len(planned) == 0 {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	// Re-check: only records that still match and are still not in ids are deleted.
	recs, err := r.strays(ctx, k, ia, plan.Match, knownIDs(plan.IDs))
	if err != nil {
		addAPIError(&resp.Diagnostics, k, "list", ia, "", err)
		return
	}
	still := map[string]*truto.Record{}
	for _, rec := range recs {
		still[rec.ID] = rec
	}
	var doomed []*truto.Record
	for _, id := range planned {
		if rec := still[id]; rec != nil {
			doomed = append(doomed, rec)
		} else {
			tflog.Info(ctx, "the stray no longer matches, or is now in ids: left alone", map[string]any{"id": id})
		}
	}
	failed := r.deleteAll(ctx, k, ia, doomed, &resp.Diagnostics)
	plan.StrayIDs = k.strayList(failed)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// deleteAll deletes records, concurrently so that the client can group them into batch-deletes
// where the integration has it, and returns those it could not delete (with an error each).
func (r *exclusiveResource) deleteAll(ctx context.Context, k *Kind, ia string, recs []*truto.Record, diags *diag.Diagnostics) []*truto.Record {
	r.data.enableBatchDelete(ctx, k, ia)
	opts := truto.RequestOptions{IntegratedAccountID: ia}
	parallel := 10
	if r.data.client.BatchDeletes(k.coll, ia) {
		parallel = truto.MaxBatchDelete
	}
	errs := make([]error, len(recs))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, rec := range recs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := r.data.client.Delete(ctx, k.coll, opts, rec.ID); err != nil && !truto.IsCRMNotFound(err) {
				errs[i] = err
			}
		})
	}
	wg.Wait()
	var failed []*truto.Record
	for i, err := range errs {
		if err != nil {
			failed = append(failed, recs[i])
			addAPIError(diags, k, "delete", ia, recs[i].ID, err)
		}
	}
	return failed
}

// Delete deletes nothing: the resource only governs records it does not own.
func (r *exclusiveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
