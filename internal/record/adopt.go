package record

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/truto/terraform-provider-truto/internal/normalize"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// adopt_by (issue 19): a create first looks for a record with the configured natural key and adopts
// it rather than making a second one. A kind declares its keys as data (Spec.AdoptBy); the matching
// rules are internal/normalize's, the ones drift comparison uses.

const (
	adoptByName = "adopt_by"
	adoptedName = "adopted"
	// maxListedMatches bounds the ids an ambiguous match lists.
	maxListedMatches = 10
)

// AdoptKey is one natural key of a kind, made by ByText, ByWebsite or ByEmail.
type AdoptKey struct {
	name   string
	fields []string // the attributes holding the key; several text fields are joined by a space
	member string   // for a list of objects: the item member holding the value
	norm   func(string) string
	filter string // the list filter Truto takes for it ("" = none)
}

// ByText is a key compared as a name (normalize.Text): the fields' values joined by a space, so a
// person's name can be first_name + last_name. filter is the list filter sent with it ("" = none).
func ByText(name, filter string, fields ...string) AdoptKey {
	return AdoptKey{name: name, fields: fields, norm: normalize.Text, filter: filter}
}

// ByWebsite is a key compared as a web address (normalize.Website).
func ByWebsite(name, filter, field string) AdoptKey {
	return AdoptKey{name: name, fields: []string{field}, norm: normalize.Website, filter: filter}
}

// ByEmail is a key matching when any configured address equals any of the record's (normalize.Email);
// list is the list of objects holding them, member the item's attribute.
func ByEmail(name, filter, list, member string) AdoptKey {
	return AdoptKey{name: name, fields: []string{list}, member: member, norm: normalize.Email, filter: filter}
}

// configured reads the key's values from a configuration or plan: unknown when any part is not
// known yet; no values when unset or empty.
func (a AdoptKey) configured(attrs map[string]tftypes.Value) (values []string, unknown bool) {
	if a.member != "" {
		v := attrs[a.fields[0]]
		if !v.IsKnown() {
			return nil, true
		}
		var items []tftypes.Value
		if v.IsNull() || v.As(&items) != nil {
			return nil, false
		}
		for _, it := range items {
			var obj map[string]tftypes.Value
			if !it.IsKnown() || it.As(&obj) != nil {
				return nil, true
			}
			if !obj[a.member].IsKnown() { // only the member counts: the plan leaves the items' CRM ids unknown
				return nil, true
			}
			if s := configString(obj, a.member); strings.TrimSpace(s) != "" {
				values = append(values, s)
			}
		}
		return values, false
	}
	var parts []string
	for _, f := range a.fields {
		v := attrs[f]
		if !v.IsKnown() {
			return nil, true
		}
		if s := strings.TrimSpace(configString(attrs, f)); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return nil, false
	}
	return []string{strings.Join(parts, " ")}, false
}

// of reads the key's values from a record.
func (a AdoptKey) of(rec *truto.Record) []string {
	if a.member != "" {
		raw, _ := rec.Value(a.fields[0])
		items, _ := truto.ObjectList(raw)
		var out []string
		for _, it := range items {
			if s, ok := truto.MemberString(it, a.member); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	var parts []string
	for _, f := range a.fields {
		raw, _ := rec.Value(f)
		if s, ok := truto.LooseString(raw); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{strings.Join(parts, " ")}
}

// matches reports whether any configured value equals any of the record's under the key's rule.
func (a AdoptKey) matches(values []string, rec *truto.Record) bool {
	for _, got := range a.of(rec) {
		for _, want := range values {
			if a.norm(got) == a.norm(want) {
				return true
			}
		}
	}
	return false
}

// adoptQuery is a resolved adopt_by: the keys and their configured values.
type adoptQuery struct {
	keys   []AdoptKey
	values [][]string
}

// describe is "email jane@acme.example and name Jane Doe", for messages.
func (q adoptQuery) describe() string {
	parts := make([]string, len(q.keys))
	for i, key := range q.keys {
		parts[i] = key.name + " " + strings.Join(q.values[i], " or ")
	}
	return strings.Join(parts, " and ")
}

// adoptKeyNames are a kind's key names, for messages.
func (k *Kind) adoptKeyNames() []string {
	names := make([]string, len(k.adoptBy))
	for i, key := range k.adoptBy {
		names[i] = key.name
	}
	return names
}

// adoptQueryOf reads adopt_by and its keys' values from a configuration or plan. ok is false when
// adopt_by is unset or empty, or something is not known yet (the lookup then waits for apply);
// problems are the plan errors of unknown names and unset values.
func (k *Kind) adoptQueryOf(attrs map[string]tftypes.Value) (q adoptQuery, ok bool, problems []string) {
	v := attrs[adoptByName]
	var elems []tftypes.Value
	if len(k.adoptBy) == 0 || !v.IsFullyKnown() || v.IsNull() || v.As(&elems) != nil || len(elems) == 0 {
		return q, false, nil
	}
	allowed := "allowed keys of a " + k.noun + ": " + strings.Join(k.adoptKeyNames(), ", ")
	unknown := false
	for _, e := range elems {
		var name string
		_ = e.As(&name)
		i := slices.IndexFunc(k.adoptBy, func(a AdoptKey) bool { return a.name == name })
		if i < 0 {
			problems = append(problems, fmt.Sprintf("adopt_by: %q is not a natural key of a %s; %s.", name, k.noun, allowed))
			continue
		}
		key := k.adoptBy[i]
		values, unk := key.configured(attrs)
		switch {
		case unk:
			unknown = true
		case len(values) == 0:
			problems = append(problems, fmt.Sprintf("adopt_by: the key %q needs %s set in the configuration (a "+
				"non-empty value to match on); %s.", name, strings.Join(key.fields, " or "), allowed))
		default:
			q.keys = append(q.keys, key)
			q.values = append(q.values, values)
		}
	}
	return q, len(problems) == 0 && !unknown && len(q.keys) > 0, problems
}

// lookup finds the records matching q in integrated account ia. Alone it lists with Truto's filters
// where the kind has them (a single value only: a filter cannot say "any of"); many lookups at once
// share one scan of the collection (truto.Client.Lookup). Every record is re-checked here, because a
// CRM may ignore a filter.
func (k *Kind) lookup(ctx context.Context, c *truto.Client, ia string, q adoptQuery) ([]*truto.Record, error) {
	var params []truto.Param
	for i, key := range q.keys {
		if key.filter != "" && len(q.values[i]) == 1 {
			// white space collapsed: the CRM's own comparison is unknown, the re-check is ours
			params = append(params, truto.Param{Name: key.filter, Value: strings.Join(strings.Fields(q.values[i][0]), " ")})
		}
	}
	match := func(rec *truto.Record) bool {
		for i, key := range q.keys {
			if !key.matches(q.values[i], rec) {
				return false
			}
		}
		return true
	}
	return c.Lookup(ctx, k.coll, truto.RequestOptions{IntegratedAccountID: ia}, params, match)
}

// ambiguous is the error of several matches.
func (k *Kind) ambiguous(q adoptQuery, recs []*truto.Record, ia string) string {
	ids := make([]string, 0, maxListedMatches)
	for _, r := range recs[:min(len(recs), maxListedMatches)] {
		ids = append(ids, r.ID)
	}
	more := ""
	if len(recs) > maxListedMatches {
		more = fmt.Sprintf(" (and %d more)", len(recs)-maxListedMatches)
	}
	return fmt.Sprintf("adopt_by: %d CRM %s match %s: %s%s. Nothing was written. Adopt one with an import block "+
		"whose id is \"%s/<%s_id>\", or narrow adopt_by with another key (%s).",
		len(recs), k.plural, q.describe(), strings.Join(ids, ", "), more, ia, k.noun, strings.Join(k.adoptKeyNames(), ", "))
}

// adoptValidator reports unknown key names and unset key values at plan time, before any request.
type adoptValidator struct{ k *Kind }

func (v adoptValidator) Description(context.Context) string {
	return "adopt_by names natural keys of the kind whose values are set"
}

func (v adoptValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v adoptValidator) ValidateResource(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg map[string]tftypes.Value
	if req.Config.Raw.As(&cfg) != nil {
		return
	}
	_, _, problems := v.k.adoptQueryOf(cfg)
	for _, p := range problems {
		resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "Invalid adopt_by", p)
	}
}

// adoptByField is the adopt_by setting: read at create only, never sent.
type adoptByField struct{ base }

func (adoptByField) resourceAttribute(k *Kind) rschema.Attribute {
	return rschema.ListAttribute{
		ElementType: types.StringType,
		MarkdownDescription: "Natural keys (" + k.adoptKeysDoc() + ") that find an existing " + k.noun + " to **adopt** " +
			"instead of creating one; several keys must all match. Every key's attributes must be set in the " +
			"configuration. At plan time one match shows its `id` and a warning, several are an error; at apply the " +
			"lookup is made again and a match is adopted with one update of the configured attributes that differ. " +
			"Only the create reads it: changing or removing it later plans nothing, and import ignores it.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.List{adoptByPlan{}},
	}
}

// adoptKeysDoc lists the keys and what each matches, for the schema.
func (k *Kind) adoptKeysDoc() string {
	docs := make([]string, len(k.adoptBy))
	for i, key := range k.adoptBy {
		docs[i] = "`" + key.name + "` (" + strings.Join(key.fields, " + ") + ")"
		if key.member != "" {
			docs[i] = "`" + key.name + "` (any of " + key.fields[0] + ")"
		}
	}
	return strings.Join(docs, ", ")
}

// read keeps the setting; a state from before adopt_by existed gets the empty list, so a later
// configured value can be planned as the prior one (Terraform accepts the prior value in place of a
// configured one only when it is not null).
func (adoptByField) read(prior attr.Value, _ *truto.Record, _ bool) attr.Value {
	if l, ok := prior.(types.List); ok && l.IsNull() {
		return types.ListValueMust(types.StringType, nil)
	}
	return prior
}

// adoptByPlan plans the configured keys (or the empty list) on create and the prior value after:
// adopt_by matters only at create.
type adoptByPlan struct{}

func (adoptByPlan) Description(context.Context) string {
	return "adopt_by is read at create; later changes plan nothing"
}
func (p adoptByPlan) MarkdownDescription(ctx context.Context) string { return p.Description(ctx) }

func (adoptByPlan) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	switch {
	case !req.State.Raw.IsNull() && !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	case !req.State.Raw.IsNull():
		resp.PlanValue = req.ConfigValue // a state without a value: null stays null, a configured one is planned
	case req.ConfigValue.IsNull():
		resp.PlanValue = types.ListValueMust(types.StringType, nil)
	}
}

// adoptedField tells whether the record was adopted (true) or created (false).
type adoptedField struct{ base }

func (adoptedField) resourceAttribute(k *Kind) rschema.Attribute {
	return rschema.BoolAttribute{
		MarkdownDescription: "`true` when `adopt_by` found the " + k.noun + " and it was adopted, `false` when the " +
			"provider created it or it was imported (an import is not an adoption by natural key).",
		Computed:      true,
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
}

func (adoptedField) applied(plan attr.Value, _ *truto.Record) attr.Value {
	if !known(plan) {
		return types.BoolValue(false)
	}
	return plan
}

func (adoptedField) read(prior attr.Value, _ *truto.Record, _ bool) attr.Value {
	if !known(prior) {
		return types.BoolValue(false)
	}
	return prior
}

// planAdoption looks the configured key up when a create's values are all known: one match plans
// its id and adopted = true (with a warning) and is returned, several are an error, none plans a
// create. pending is true when adopt_by is set but the lookup waits for apply (a value it needs is
// not known yet), so the apply may adopt or create.
func (r *recordResource) planAdoption(ctx context.Context, typ tftypes.Type, planAttrs, configAttrs map[string]tftypes.Value,
	resp *resource.ModifyPlanResponse) (match *truto.Record, pending bool) {
	q, ok, problems := r.k.adoptQueryOf(configAttrs)
	ia := configString(planAttrs, integratedAccountName)
	if !ok || ia == "" || r.data == nil || r.data.client == nil {
		// nothing to adopt, or not known before apply: Create looks it up then
		return nil, len(problems) == 0 && r.k.adoptBySet(configAttrs)
	}
	recs, err := r.k.lookup(ctx, r.data.client, ia, q)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "list", ia, "", err)
		return nil, false
	}
	switch len(recs) {
	case 0:
		return nil, false
	case 1:
		planAttrs[idName] = tftypes.NewValue(tftypes.String, recs[0].ID)
		planAttrs[adoptedName] = tftypes.NewValue(tftypes.Bool, true)
		resp.Plan.Raw = tftypes.NewValue(typ, planAttrs)
		resp.Diagnostics.AddAttributeWarning(path.Root(adoptByName), "Adopting an existing CRM "+r.k.noun,
			fmt.Sprintf("will adopt %s %s, matched on %s", r.k.noun, recs[0].ID, q.describe()))
		return recs[0], false
	default:
		resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "Several CRM "+r.k.plural+" match adopt_by",
			r.k.ambiguous(q, recs, ia))
		return nil, false
	}
}

// adoptBySet reports whether a configuration's adopt_by names keys, or is not known yet.
func (k *Kind) adoptBySet(attrs map[string]tftypes.Value) bool {
	v := attrs[adoptByName]
	if len(k.adoptBy) == 0 || v.IsNull() {
		return false
	}
	var elems []tftypes.Value
	return !v.IsFullyKnown() || (v.As(&elems) == nil && len(elems) > 0)
}

// checkCreate runs the plan-time checks of the write a create's apply will make, which adopt_by
// decides. The one record the plan's lookup found is adopted with an update of what the
// configuration changes on it: checked as that update (against the update schema), and not at all
// when nothing differs (nothing is written). No match is a create, checked as one. When the lookup
// waits for apply, either may happen: the create is checked, and so is what the integration cannot
// update, every configured attribute counting as sent (the record is not known). Under
// unsupported_fields = "error" an attribute either method lacks then fails the plan: the safe
// reading, as the plan cannot tell which schema will apply, and the other choice would let the
// apply drop the attribute or fail after other resources were written. Under "skip" the plan warns
// for both methods, and the apply leaves out what the method it makes lacks.
func (r *recordResource) checkCreate(ctx context.Context, typ tftypes.Type, planAttrs, configAttrs map[string]tftypes.Value,
	match *truto.Record, pending bool, diags *diag.Diagnostics) {
	if r.data == nil || r.data.checks == nil {
		return
	}
	if match == nil {
		r.checkWrite(ctx, "create", planAttrs, configAttrs, nil, diags)
		if pending {
			r.data.checks.checkUnwritableOf(ctx, r.write("update", planAttrs, configAttrs, nil), diags)
		}
		return
	}
	plan, ok := r.decode(ctx, tftypes.NewValue(typ, planAttrs), "plan", diags)
	if !ok {
		return
	}
	w, err := r.adoptionOf(plan, match, configAttrs).write(ctx, r, configAttrs)
	if err != nil {
		diags.AddError("Invalid "+r.k.noun, err.Error())
		return
	}
	if len(w.sent) > 0 {
		r.data.checks.check(ctx, w, diags)
	}
}

// adoption is what adopting a record makes of a create's plan.
type adoption struct {
	// current is the record as an import would read it; target the plan with what the configuration
	// leaves unset taken from it: the difference is what the configuration changes.
	current, target model
	recordFields    map[string]bool // the custom fields the record holds (nil when the kind has none)
	// pending are the configured attributes not fully known yet (at plan only: a value, or a part
	// of one such as a custom field, known only at apply). The PATCH may carry them, so they count
	// as sent; the target takes the record's value for them, leaving them out of the body, which
	// cannot be rendered before they are known.
	pending map[string]bool
}

// adoptionOf is the adoption of rec by a create planned as plan, configured as configAttrs.
func (r *recordResource) adoptionOf(plan model, rec *truto.Record, configAttrs map[string]tftypes.Value) adoption {
	current := stateAfterRead(r.k.importedState(plan.integratedAccount().ValueString(), rec.ID), rec, true)
	pending := map[string]bool{}
	target := plan.with()
	for i, f := range r.k.fields {
		if v, ok := configAttrs[f.name()]; ok && !v.IsFullyKnown() {
			pending[f.name()] = true
		}
		if target.v[i].IsUnknown() || pending[f.name()] {
			target.v[i] = current.v[i]
		}
	}
	target.set(idName, types.StringValue(rec.ID))
	target.set(adoptedName, types.BoolValue(true))
	current.set(adoptByName, target.get(adoptByName))
	a := adoption{current: current, target: target, pending: pending}
	if _, ok := r.k.index[customFieldsName]; ok {
		entries, _ := customFieldEntries(dynamic(current.get(customFieldsName)))
		a.recordFields = make(map[string]bool, len(entries))
		for name := range entries {
			a.recordFields[name] = true
		}
	}
	return a
}

// body is the adopting update's body with the skipped attributes left out (nil: nothing to send).
func (a adoption) body(skipped []string) (*truto.Record, error) {
	return updateRequest(withoutSkipped(a.target, skipped, func(i int) attr.Value { return a.current.v[i] }), a.current, a.recordFields)
}

// write is the adopting update as the plan checks and unsupported_fields see it: it sends exactly
// the attributes of its body, those the configuration sets to other values than the record's.
func (a adoption) write(ctx context.Context, r *recordResource, configAttrs map[string]tftypes.Value) (plannedWrite, error) {
	body, err := a.body(nil)
	if err != nil {
		return plannedWrite{}, err
	}
	target, err := a.target.encode(ctx)
	if err != nil {
		return plannedWrite{}, err
	}
	current, err := a.current.encode(ctx)
	if err != nil {
		return plannedWrite{}, err
	}
	w := r.write("update", attrsOf(target), configAttrs, attrsOf(current))
	w.sent = map[string]bool{}
	if body != nil {
		for _, name := range body.Names() {
			w.sent[name] = true
		}
	}
	for name := range a.pending {
		w.sent[name] = true
	}
	return w, nil
}

// adopt resolves adopt_by again at apply, never trusting the plan alone. done is false when the
// create goes ahead (no adopt_by, or no match); otherwise the adopted state, or nil after an error.
// A record is adopted with one PATCH of the configured attributes that differ from it (none when
// all agree), its custom fields as after an import (the configured ones managed, others left alone).
func (r *recordResource) adopt(ctx context.Context, req resource.CreateRequest, plan model, resp *resource.CreateResponse) (*model, bool) {
	var planAttrs map[string]tftypes.Value
	if req.Plan.Raw.As(&planAttrs) != nil {
		return nil, false
	}
	q, ok, problems := r.k.adoptQueryOf(planAttrs)
	if len(problems) > 0 {
		for _, p := range problems {
			resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "Invalid adopt_by", p)
		}
		return nil, true
	}
	if !ok && known(plan.id()) {
		// The plan names a record to adopt, so its keys were known: a create here would contradict it.
		resp.Diagnostics.AddError("Cannot adopt the planned CRM "+r.k.noun, "The plan adopts "+r.k.noun+" "+
			plan.id().ValueString()+" but its adopt_by values are not known at apply. Nothing was written: plan again.")
		return nil, true
	}
	if !ok {
		return nil, false
	}
	ia := plan.integratedAccount().ValueString()
	recs, err := r.k.lookup(ctx, r.data.client, ia, q)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "list", ia, "", err)
		return nil, true
	}
	if planned := plan.id(); known(planned) {
		i := slices.IndexFunc(recs, func(rec *truto.Record) bool { return rec.ID == planned.ValueString() })
		if i < 0 {
			resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "Planned CRM "+r.k.noun+" no longer matches",
				fmt.Sprintf("The plan adopts %s %s, which no longer matches %s (deleted or changed since the plan). "+
					"Nothing was written: plan again.", r.k.noun, planned.ValueString(), q.describe()))
			return nil, true
		}
		recs = recs[i : i+1]
	}
	switch len(recs) {
	case 0:
		return nil, false
	case 1:
	default:
		resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "Several CRM "+r.k.plural+" match adopt_by",
			r.k.ambiguous(q, recs, ia))
		return nil, true
	}
	rec := recs[0]
	tflog.Info(ctx, "adopting CRM "+r.k.noun, map[string]any{"id": rec.ID, "matched_on": q.describe()})

	config := attrsOf(req.Config.Raw)
	a := r.adoptionOf(plan, rec, config)
	w, err := a.write(ctx, r, config)
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+r.k.noun, err.Error())
		return nil, true
	}
	// The plan checked the update it saw; the record found now may differ (or the plan saw none, or
	// could not look), so under unsupported_fields = "error" an attribute the integration cannot
	// update fails here, before anything is sent, rather than being dropped by the CRM. Under
	// "skip" it is left out as an update leaves it out.
	if len(w.sent) > 0 && !r.data.checks.refuseUnwritable(ctx, w, &resp.Diagnostics) {
		return nil, true
	}
	skipped := r.data.checks.skipped(ctx, w)
	resp.Diagnostics.Append(setSkippedFields(ctx, resp.Private, skipped)...)
	body, err := a.body(skipped)
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+r.k.noun, err.Error())
		return nil, true
	}
	target := a.target
	if body == nil {
		return &target, true
	}
	opts := requestOptions(plan, "update")
	updated, err := r.data.client.Update(ctx, r.k.coll, opts, rec.ID, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "update", ia, rec.ID, err)
		return nil, true
	}
	// The plan's known values stand; what it left to the CRM comes from the answer, else the record.
	out := plan.with()
	out.set(idName, types.StringValue(rec.ID))
	out.set(adoptedName, types.BoolValue(true))
	after := stateAfterApply(out, updated)
	for i := range after.v {
		if plan.v[i].IsUnknown() && !known(after.v[i]) {
			after.v[i] = target.v[i]
		}
	}
	return &after, true
}

// adoptHint ends the "may have been created" error of a kind with natural keys.
func (k *Kind) adoptHint() string {
	if len(k.adoptBy) == 0 {
		return ""
	}
	return "; or set adopt_by (" + strings.Join(k.adoptKeyNames(), ", ") + ") on the resource and apply again: the " +
		"apply then adopts the " + k.noun + " the lost create made instead of creating a second one."
}

// keepAdoptedCustomFields marks the custom fields an adopted record holds as an import marks them:
// a configuration that later leaves one out stops managing it rather than clearing it.
func (r *recordResource) keepAdoptedCustomFields(ctx context.Context, state model, resp *resource.CreateResponse) {
	if _, ok := r.k.index[customFieldsName]; !ok {
		return
	}
	cf := dynamic(state.get(customFieldsName))
	entries, _ := customFieldEntries(cf)
	all := make(map[string]bool, len(entries))
	for name := range entries {
		all[name] = true
	}
	resp.Diagnostics.Append(setAdoptedCustomFields(ctx, resp.Private, all, cf)...)
}
