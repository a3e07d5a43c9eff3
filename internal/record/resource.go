package record

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var (
	_ resource.ResourceWithConfigure        = (*recordResource)(nil)
	_ resource.ResourceWithImportState      = (*recordResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*recordResource)(nil)
	_ resource.ResourceWithConfigValidators = (*recordResource)(nil)
)

const (
	defaultTimeout = 10 * time.Minute
	// privateImportAdoptsAll marks a state just imported: its first read adopts every custom field
	// on the record (whose names then go to privateAdoptedCustomFields).
	privateImportAdoptsAll = "import_adopts_all_custom_fields"
)

// recordResource is the resource of one record kind.
type recordResource struct {
	k    *Kind
	data *ProviderData
}

// NewResource returns the constructor of a kind's resource.
func NewResource(k *Kind) func() resource.Resource {
	return func() resource.Resource { return &recordResource{k: k} }
}

func (r *recordResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.k.typeName
}

func (r *recordResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	configure(req.ProviderData, &r.data, &resp.Diagnostics)
	r.k = r.data.kind(r.k) // compare values under the provider's settings (default_phone_region)
}

func (r *recordResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.k.resourceSchema()
}

func (r *recordResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	var vs []resource.ConfigValidator
	if len(r.k.createRule) > 0 {
		vs = append(vs, createRuleValidator{k: r.k})
	}
	for _, o := range r.k.onlyWith {
		vs = append(vs, o)
	}
	if len(r.k.adoptBy) > 0 {
		vs = append(vs, adoptValidator{k: r.k})
	}
	return vs
}

// ModifyPlan fills in the provider's default integrated account, so it is known in the plan; keeps
// the CRM's timestamps out of "(known after apply)" when nothing the CRM stores will change; and warns
// when custom fields adopted by an import leave state.
func (r *recordResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.checkDelete(ctx, req.State.Raw, &resp.Diagnostics)
		return // destroy
	}
	if req.State.Raw.IsNull() {
		var planAttrs, configAttrs map[string]tftypes.Value
		if req.Plan.Raw.As(&planAttrs) != nil || req.Config.Raw.As(&configAttrs) != nil {
			return // not an object: nothing to plan (the framework reports malformed values itself)
		}
		r.planDefaultIntegratedAccount(req.Plan.Raw.Type(), planAttrs, configAttrs, resp)
		if resp.Diagnostics.HasError() {
			return
		}
		// adopt_by first: the write the apply makes (a create, or an update of the record it adopts)
		// is the one checked.
		match, pending := r.planAdoption(ctx, req.Plan.Raw.Type(), planAttrs, configAttrs, resp)
		if !resp.Diagnostics.HasError() {
			r.checkCreate(ctx, req.Plan.Raw.Type(), planAttrs, configAttrs, match, pending, &resp.Diagnostics)
		}
		return
	}
	if req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing changes: the common case of every no-op plan, kept cheap
	}
	plan, ok := r.decode(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := r.decode(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	planRaw, ok := r.replanCompared(ctx, req, plan, state, resp)
	if !ok || planRaw.Equal(req.State.Raw) {
		return
	}
	adopted := adoptedCustomFields(ctx, req.Private)
	if _, ok := r.k.index[customFieldsName]; ok {
		if dropped := droppedAdoptedCustomFields(adopted, dynamic(plan.get(customFieldsName)), dynamic(state.get(customFieldsName))); len(dropped) > 0 {
			resp.Diagnostics.AddAttributeWarning(path.Root(customFieldsName), "Adopted custom fields left unmanaged",
				adoptedWarning(dropped))
		}
	}
	nothing := sendsNothing(plan, state, adopted)
	switch {
	case replaced(plan, state):
		r.checkDelete(ctx, req.State.Raw, &resp.Diagnostics) // the create is planned (and checked) on its own
	case !nothing:
		var planAttrs, configAttrs map[string]tftypes.Value
		if planRaw.As(&planAttrs) == nil && req.Config.Raw.As(&configAttrs) == nil {
			r.checkWrite(ctx, "update", planAttrs, configAttrs, attrsOf(req.State.Raw), &resp.Diagnostics)
		}
	}
	planned := plan.with()
	for i, f := range r.k.fields {
		if u, ok := f.(updatePlanner); ok {
			planned.v[i] = u.planUpdate(plan.v[i], state.v[i], nothing)
		}
	}
	raw, err := planned.encode(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Invalid plan", err.Error())
		return
	}
	resp.Plan.Raw = raw
}

// replanCompared plans again, under the provider's settings, what the schema's plan modifiers
// planned under none (Kind.replanCompared), before anything else looks at the plan: a phone list
// that default_phone_region makes unchanged plans as the state's. plan is changed in place; the
// result is the raw plan, set as the response's when it changed. False after an error.
func (r *recordResource) replanCompared(ctx context.Context, req resource.ModifyPlanRequest, plan, state model,
	resp *resource.ModifyPlanResponse) (tftypes.Value, bool) {
	if r.k.cmp == (comparing{}) {
		return req.Plan.Raw, true
	}
	config, ok := r.decode(ctx, req.Config.Raw, "configuration", &resp.Diagnostics)
	if !ok || !r.k.replanCompared(config, plan, state) {
		return req.Plan.Raw, ok
	}
	raw, err := plan.encode(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Invalid plan", err.Error())
		return raw, false
	}
	resp.Plan.Raw = raw
	return raw, true
}

// planDefaultIntegratedAccount fills in the provider's integrated account on create when the
// resource sets none, so the value is known in the plan. It works on the raw plan value: this runs
// for every create, and converting the whole plan would cost more than the rest of the call.
func (r *recordResource) planDefaultIntegratedAccount(typ tftypes.Type, planAttrs, configAttrs map[string]tftypes.Value,
	resp *resource.ModifyPlanResponse) {
	if planAttrs[integratedAccountName].IsKnown() || !configAttrs[integratedAccountName].IsNull() || r.data == nil {
		return // set in configuration (possibly to a value known only at apply), or not configured yet
	}
	ia, ok := r.data.defaultIntegratedAccount(&resp.Diagnostics)
	if !ok {
		return
	}
	planAttrs[integratedAccountName] = tftypes.NewValue(tftypes.String, ia)
	resp.Plan.Raw = tftypes.NewValue(typ, planAttrs)
}

// checkWrite runs the plan-time checks of a create or an update (see planChecks).
func (r *recordResource) checkWrite(ctx context.Context, method string, planAttrs, configAttrs, stateAttrs map[string]tftypes.Value,
	diags *diag.Diagnostics) {
	if r.data == nil || r.data.checks == nil {
		return
	}
	r.data.checks.check(ctx, r.write(method, planAttrs, configAttrs, stateAttrs), diags)
}

// write is the planned write of a create or update (stateAttrs nil on create).
func (r *recordResource) write(method string, planAttrs, configAttrs, stateAttrs map[string]tftypes.Value) plannedWrite {
	return plannedWrite{k: r.k, ia: configString(planAttrs, integratedAccountName), method: method, config: configAttrs,
		plan: planAttrs, prior: stateAttrs, unsupported: r.data.unsupportedMode(configAttrs)}
}

// checkDelete runs the plan-time checks of deleting the record state holds, unless its deletion
// policy only forgets it.
func (r *recordResource) checkDelete(ctx context.Context, state tftypes.Value, diags *diag.Diagnostics) {
	if r.data == nil || r.data.checks == nil {
		return
	}
	var attrs map[string]tftypes.Value
	if state.As(&attrs) != nil {
		return
	}
	if configString(attrs, deletionPolicyName) == deletionPolicyAbandon {
		return
	}
	ia := configString(attrs, integratedAccountName)
	r.data.checks.check(ctx, plannedWrite{k: r.k, ia: ia, method: "delete"}, diags)
}

func (r *recordResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.decode(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, plan.timeouts().Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	if adopted, done := r.adopt(ctx, req, plan, resp); done {
		if adopted != nil {
			r.setState(ctx, &resp.State, *adopted, &resp.Diagnostics)
			setIdentity(resp.Identity, *adopted)
			r.keepAdoptedCustomFields(ctx, *adopted, resp)
		}
		return
	}
	skipped := r.data.checks.skipped(ctx, r.write("create", attrsOf(req.Plan.Raw), attrsOf(req.Config.Raw), nil))
	body, err := createRequest(withoutSkipped(plan, skipped, r.k.null))
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+r.k.noun, err.Error())
		return
	}
	opts := requestOptions(plan, "create")
	created, err := r.data.client.Create(ctx, r.k.coll, opts, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "create", opts.IntegratedAccountID, "", err)
		return
	}
	if created.ID == "" {
		resp.Diagnostics.AddError("Create returned no id",
			"Truto answered the create with success but without "+article(r.k.noun)+" "+r.k.noun+" id, so the record "+
				"cannot be tracked. Check the CRM for the new "+r.k.noun+" and import it.")
		return
	}
	state := stateAfterApply(plan, created)
	for i, f := range r.k.fields {
		if c, ok := f.(createChecker); ok {
			c.checkCreated(plan.v[i], created, &resp.Diagnostics)
		}
	}
	tflog.Debug(ctx, "created CRM "+r.k.noun, map[string]any{"id": state.id().ValueString()})
	r.setState(ctx, &resp.State, state, &resp.Diagnostics)
	resp.Diagnostics.Append(setSkippedFields(ctx, resp.Private, skipped)...)
	setIdentity(resp.Identity, state)
}

func (r *recordResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, ok := r.decode(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, prior.timeouts().Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	opts := truto.RequestOptions{IntegratedAccountID: prior.integratedAccount().ValueString(), IgnoreRemoteData: true}
	adoptAll, d := req.Private.GetKey(ctx, privateImportAdoptsAll)
	resp.Diagnostics.Append(d...)
	imported := len(adoptAll) > 0
	// Fields this process knows the integration never returns do not make a list page's record
	// incomplete (it would be read again by id, to the same effect).
	never := r.data.checks.neverReturnedOf(ctx, r.k, opts.IntegratedAccountID, false)
	how := truto.ReadHow{Complete: complete(prior, never), Scope: queryParams(prior, "list")}
	get, list, known, integration := r.data.checks.readMethods(ctx, r.k, opts.IntegratedAccountID)
	if known && !get && !list {
		r.cannotRead(prior, integration, imported, resp)
		return
	}
	how.NoGet = known && !get
	got, incomplete, err := r.data.client.Read(ctx, r.k.coll, opts, prior.id().ValueString(), how)
	if f := r.k.listedApart(); f != nil && len(how.Scope) == 0 && r.listRefused(err) {
		got, incomplete, err = r.readApart(ctx, f, opts, prior.id().ValueString(), how, err)
	}
	if truto.IsCRMNotFound(err) || truto.IsNotListed(err) {
		source := "The CRM reports that"
		if truto.IsNotListed(err) {
			source = "The CRM's list of " + r.k.plural + " (read whole, as the integration cannot get one by id) shows that"
		}
		resp.Diagnostics.AddWarning("CRM "+r.k.noun+" no longer exists",
			fmt.Sprintf("%s %s %q (integrated account %q) does not exist; it was probably deleted "+
				"outside Terraform. It is removed from state, and the next apply creates it again.",
				source, r.k.noun, prior.id().ValueString(), opts.IntegratedAccountID))
		resp.State.RemoveResource(ctx)
		setIdentity(resp.Identity, prior) // the framework wants one even for a record that is gone
		return
	}
	if truto.IsUnreadable(err) {
		r.cannotRead(prior, integration, imported, resp)
		return
	}
	if err != nil {
		// Anything else, including Truto's own 404, keeps state untouched: dropping the record here
		// would make the next apply create a duplicate.
		addAPIError(&resp.Diagnostics, r.k, "read", opts.IntegratedAccountID, prior.id().ValueString(), err)
		return
	}
	state := stateAfterRead(prior, got, imported)
	r.keepNeverReturned(ctx, prior, got, incomplete, &state)
	keepSkipped(prior, skippedFields(ctx, req.Private), &state)
	if imported { // just imported: remember which custom fields were adopted rather than configured
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportAdoptsAll, nil)...)
		if _, ok := r.k.index[customFieldsName]; ok {
			cf := dynamic(state.get(customFieldsName))
			entries, _ := customFieldEntries(cf)
			all := make(map[string]bool, len(entries))
			for k := range entries {
				all[k] = true
			}
			resp.Diagnostics.Append(setAdoptedCustomFields(ctx, resp.Private, all, cf)...)
		}
	}
	r.setState(ctx, &resp.State, state, &resp.Diagnostics)
	setIdentity(resp.Identity, state) // a state written before identities gains one here
}

// cannotRead answers a read of a kind the integration can read no record of (neither get nor
// list): the state stays as the last apply wrote it, with a warning once per process; an import,
// which has nothing in state yet, fails.
func (r *recordResource) cannotRead(prior model, integration string, imported bool, resp *resource.ReadResponse) {
	if integration == "" {
		integration = "The integration"
	}
	ia := prior.integratedAccount().ValueString()
	if imported {
		resp.Diagnostics.AddError("Cannot import the "+r.k.noun,
			fmt.Sprintf("%s supports neither get nor list on %s (integrated account %q), so %s %q cannot be read, and "+
				"an import needs one of them. Keep managing it from the configuration that created it.", integration,
				r.k.plural, ia, r.k.noun, prior.id().ValueString()))
		return
	}
	if r.data.said.first(unreadableKey(r.k, ia)) {
		resp.Diagnostics.AddWarning(unreadable(integration, r.k), unreadableDetail(integration, r.k, ia))
	}
	setIdentity(resp.Identity, prior)
}

// keepNeverReturned keeps the state's value of attributes the integration never returns: the
// response leaving them out says nothing about the CRM, so they are not read as cleared. The
// integration's response schema is asked only when a response lacks a value the state holds (rare
// outside that case), once per process. A list item the integration cannot complete with a get
// (incomplete) says nothing about what it lacks either: the state's values are kept for all of it.
func (r *recordResource) keepNeverReturned(ctx context.Context, prior model, got *truto.Record, incomplete bool, state *model) {
	var missing []int
	for i, f := range r.k.fields {
		if c, ok := f.(completeChecker); ok && !c.completeIn(prior.v[i], got) {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return
	}
	var never map[string]bool
	if !incomplete {
		never = r.data.checks.neverReturnedOf(ctx, r.k, prior.integratedAccount().ValueString(), true)
	}
	for _, i := range missing {
		if incomplete || never[r.k.fields[i].name()] {
			state.v[i] = prior.v[i]
		}
	}
}

func (r *recordResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.decode(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := r.decode(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, plan.timeouts().Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	adopted := adoptedCustomFields(ctx, req.Private)
	skipped := r.data.checks.skipped(ctx, r.write("update", attrsOf(req.Plan.Raw), attrsOf(req.Config.Raw), attrsOf(req.State.Raw)))
	body, err := updateRequest(withoutSkipped(plan, skipped, func(i int) attr.Value { return state.v[i] }), state, adopted)
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+r.k.noun, err.Error())
		return
	}
	id := state.id().ValueString()
	updated := &truto.Record{ID: id}
	if body != nil {
		opts := requestOptions(plan, "update")
		updated, err = r.data.client.Update(ctx, r.k.coll, opts, id, body)
		if err != nil {
			addAPIError(&resp.Diagnostics, r.k, "update", opts.IntegratedAccountID, id, err)
			return
		}
	}
	plan.set(idName, state.id())
	newState := stateAfterApply(plan, updated)
	if body == nil {
		// Nothing was sent, so nothing the CRM maintains changed: keep what state has.
		for i, f := range r.k.fields {
			if _, ok := f.(updatePlanner); ok && newState.v[i].IsUnknown() {
				newState.v[i] = state.v[i]
			}
		}
	}
	r.setState(ctx, &resp.State, newState, &resp.Diagnostics)
	setIdentity(resp.Identity, newState)
	if prev := skippedFields(ctx, req.Private); len(prev)+len(skipped) > 0 {
		// Skipped before and sent now (the integration writes it now): the CRM holds it from here on.
		for _, name := range prev {
			if body == nil {
				skipped = append(skipped, name)
			} else if _, sent := body.Raw(name); !sent {
				skipped = append(skipped, name)
			}
		}
		resp.Diagnostics.Append(setSkippedFields(ctx, resp.Private, skipped)...)
	}
	if _, ok := r.k.index[customFieldsName]; ok && len(adopted) > 0 {
		resp.Diagnostics.Append(setAdoptedCustomFields(ctx, resp.Private, adopted, dynamic(newState.get(customFieldsName)))...)
	}
}

func (r *recordResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.decode(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	if state.deletionPolicy().ValueString() == deletionPolicyAbandon {
		tflog.Info(ctx, "deletion_policy is abandon: forgetting the CRM "+r.k.noun+" without deleting it",
			map[string]any{"id": state.id().ValueString()})
		return
	}
	ctx, cancel, ok := r.start(ctx, state.timeouts().Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	opts := requestOptions(state, "delete")
	opts.IgnoreRemoteData = false
	r.data.enableBatchDelete(ctx, r.k, opts.IntegratedAccountID) // a destroy of many records: batch-deletes
	err := r.data.client.Delete(ctx, r.k.coll, opts, state.id().ValueString())
	if err != nil && !truto.IsCRMNotFound(err) { // a CRM 404: already gone, which is what destroy wants
		addAPIError(&resp.Diagnostics, r.k, "delete", opts.IntegratedAccountID, state.id().ValueString(), err)
	}
}

// ImportState accepts "<integrated_account_id>/<id>", or "<id>" when the provider sets a default
// integrated account, or an import block's identity.
func (r *recordResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ia, id, ok := importTarget(r.k, req, r.data, &resp.Diagnostics)
	if !ok {
		return
	}
	if resp.Identity != nil {
		resp.Identity.Raw = identityValue(ia, id)
	}
	r.setState(ctx, &resp.State, r.k.importedState(ia, id), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportAdoptsAll, []byte(`true`))...)
}

// readApart reads a record of a kind listed apart by f (ListedApart) whose value state does not
// hold yet (an import) when the unfiltered list was refused (listErr, a 400: the CRM requires the
// filter): under each value the integration's list meta allows for f, or else f's own, until one
// lists it. Values refused (400) are passed over; when none lists it, the record is not listed.
func (r *recordResource) readApart(ctx context.Context, f *optional, opts truto.RequestOptions, id string, how truto.ReadHow,
	listErr error) (*truto.Record, bool, error) {
	values := f.listedApart
	if r.data.checks != nil {
		if m, err := r.data.checks.metaOf(ctx, r.k, opts.IntegratedAccountID, "list"); err == nil && m != nil && m.Query != nil {
			if p := m.Query.Properties[f.name()]; p != nil && len(p.Enum) > 0 {
				values = p.Enum
			}
		}
	}
	err := listErr
	for _, v := range values {
		how.Scope = []truto.Param{{Name: f.name(), Value: v}}
		got, incomplete, vErr := r.data.client.Read(ctx, r.k.coll, opts, id, how)
		switch {
		case vErr == nil:
			return got, incomplete, nil
		case truto.IsNotListed(vErr):
			err = vErr
		case !r.listRefused(vErr):
			return nil, false, vErr
		}
	}
	return nil, false, err
}

// listRefused reports a 400 to a list of the kind: the CRM does not take the list as asked.
func (r *recordResource) listRefused(err error) bool {
	var e *truto.APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusBadRequest && e.Path == r.k.coll.Path
}

// importedState is the state of a record just imported, before its first read: its id, its
// integrated account and the default deletion policy; everything else is read from the CRM.
func (k *Kind) importedState(ia, id string) model {
	m := model{k: k, v: make([]attr.Value, len(k.fields))}
	for i, t := range k.attrTypes {
		m.v[i], _ = t.ValueFromTerraform(context.Background(), tftypes.NewValue(t.TerraformType(context.Background()), nil))
	}
	m.set(idName, types.StringValue(id))
	m.set(integratedAccountName, types.StringValue(ia))
	m.set(deletionPolicyName, types.StringValue(deletionPolicyDelete))
	return m
}

// parseImportID splits an import id. It is pure so its error messages can be tested directly.
func parseImportID(k *Kind, raw, defaultIA string) (ia, id string, err error) {
	format := fmt.Sprintf(`expected "<integrated_account_id>/<%[1]s_id>", or "<%[1]s_id>" when the provider sets integrated_account_id`, k.noun)
	parts := strings.SplitN(raw, "/", 2) // the CRM's id may itself contain "/"
	switch {
	case len(parts) == 2 && strings.TrimSpace(parts[0]) != "" && strings.TrimSpace(parts[1]) != "":
		return parts[0], parts[1], nil
	case len(parts) == 1 && strings.TrimSpace(raw) != "" && defaultIA != "":
		return defaultIA, raw, nil
	case len(parts) == 1 && strings.TrimSpace(raw) != "":
		return "", "", fmt.Errorf("%s; got %q but the provider has no integrated_account_id (or %s)", format, raw,
			EnvIntegratedAccountID)
	default:
		return "", "", fmt.Errorf("%s; got %q", format, raw)
	}
}

// setState stores m as the resource's new state.
func (r *recordResource) setState(ctx context.Context, st *tfsdk.State, m model, diags *diag.Diagnostics) {
	raw, err := m.encode(ctx)
	if err != nil {
		diags.AddError("Invalid state", err.Error())
		return
	}
	st.Raw = raw
}

type timeoutGetter func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// start begins a CRUD call: it checks the provider is configured and bounds ctx by the operation's
// timeout (default defaultTimeout).
func (r *recordResource) start(ctx context.Context, get timeoutGetter, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	if r.data == nil || r.data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return ctx, func() {}, false
	}
	d, timeoutDiags := get(ctx, defaultTimeout)
	diags.Append(timeoutDiags...)
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// decode decodes a raw plan or state, reporting a failure as a diagnostic.
func (r *recordResource) decode(ctx context.Context, raw tftypes.Value, what string, diags *diag.Diagnostics) (model, bool) {
	m, err := r.k.decode(ctx, raw)
	if err != nil {
		diags.AddError("Invalid "+what, err.Error())
		return m, false
	}
	return m, true
}

func dynamic(v any) types.Dynamic {
	d, _ := v.(types.Dynamic)
	return d
}
