package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

var (
	_ resource.ResourceWithConfigure        = (*crmAccountResource)(nil)
	_ resource.ResourceWithImportState      = (*crmAccountResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*crmAccountResource)(nil)
	_ resource.ResourceWithConfigValidators = (*crmAccountResource)(nil)
)

const (
	deletionPolicyDelete  = "delete"
	deletionPolicyAbandon = "abandon"
	defaultTimeout        = 10 * time.Minute
	// privateAdoptCustomFields marks a state just imported: its first read adopts every custom field.
	privateAdoptCustomFields = "adopt_custom_fields"
)

// NewCRMAccountResource returns the truto_crm_account resource.
func NewCRMAccountResource() resource.Resource { return &crmAccountResource{} }

type crmAccountResource struct {
	data *providerData
}

func (r *crmAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_crm_account"
}

func (r *crmAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, err := providerDataFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected provider data", err.Error())
		return
	}
	r.data = data
}

// optionalString is an unmanaged-when-unset string: adopted from the CRM, never diffed while unset.
func optionalString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{keepStateWhenUnset{}},
	}
}

// nestedString is an attribute of a nested list item: unset, it is the CRM's (adopted, never diffed).
func nestedString(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators}
}

func nestedList(desc string, spec listSpec, attrs map[string]schema.Attribute, objValidators ...validator.Object) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: desc + " Sent whole on every change. `[]` clears the list; leaving the attribute out " +
			"leaves it unmanaged.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.List{keepUnchangedList{spec: spec}},
		NestedObject:  schema.NestedAttributeObject{Attributes: attrs, Validators: objValidators},
	}
}

const unmanagedNote = " Unset, the attribute is unmanaged: read from the CRM but never sent or diffed; `\"\"` clears it."

func (r *crmAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	crmID := func(what string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: "The CRM's id of this " + what + ".", Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CRM account (company, organization) managed through Truto's Unified CRM API, in whichever " +
			"CRM the integrated account connects. Attribute names are Truto's unified field names.\n\n" +
			"Optional attributes left out of the configuration are **unmanaged**: read from the CRM into state, never " +
			"sent and never shown as drift. An explicit empty value (`\"\"`, `[]`) clears the field in the CRM, and " +
			"`custom_fields = {}` clears every custom field it managed. Removing an attribute from the configuration " +
			"therefore stops managing it rather than clearing it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account's id in the CRM, assigned on create.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"integrated_account_id": schema.StringAttribute{
				MarkdownDescription: "Truto integrated account (the connected CRM) that holds the account. Defaults to the " +
					"provider's `integrated_account_id`. Changing it replaces the resource. An account created with the " +
					"provider's default stays in that integrated account when the default changes later (its record lives " +
					"there); set this attribute to move it.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(), // must run before RequiresReplace
					stringplanmodifier.RequiresReplace(),
				},
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": optionalString("Account name. Either `name` or `website` must be set (non-empty)." + unmanagedNote),
			"website": optionalString("Website of the account, e.g. `https://acme.example`. Either `name` or `website` " +
				"must be set (non-empty)." + unmanagedNote),
			"description": optionalString("Free-text description." + unmanagedNote),
			"industry":    optionalString("Industry, in the CRM's own vocabulary." + unmanagedNote),
			"number_of_employees": schema.Int64Attribute{
				MarkdownDescription: "Number of employees, 0 or more. Unset, it is unmanaged.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{keepStateWhenUnset{}},
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
			},
			"owner": schema.SingleNestedAttribute{
				MarkdownDescription: "The CRM user who owns the account. Unset, it is unmanaged.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Object{keepStateWhenUnset{}},
				Attributes: map[string]schema.Attribute{
					"id": schema.StringAttribute{
						MarkdownDescription: "The owner's user id in the CRM.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				},
			},
			"addresses": nestedList("Postal addresses.", addressSpec, map[string]schema.Attribute{
				"id":          crmID("address"),
				"type":        nestedString("Address type, in the CRM's vocabulary (e.g. `billing`, `shipping`)."),
				"street_1":    nestedString("First street line."),
				"street_2":    nestedString("Second street line."),
				"city":        nestedString("City."),
				"state":       nestedString("State, province or region."),
				"postal_code": nestedString("Postal code."),
				"country":     nestedString("Country."),
			}, objectNeedsOneOf{"street_1", "street_2", "city", "state", "postal_code", "country"}),
			"phone_numbers": nestedList("Phone numbers.", phoneSpec, map[string]schema.Attribute{
				"id": crmID("phone number"),
				"number": schema.StringAttribute{
					MarkdownDescription: "The phone number.",
					Required:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"extension": nestedString("Extension."),
				"type": nestedString("One of `work`, `mobile`, `fax`.",
					stringvalidator.OneOf("work", "mobile", "fax")),
			}),
			"urls": nestedList("Web addresses other than `website`.", urlSpec, map[string]schema.Attribute{
				"url": schema.StringAttribute{
					MarkdownDescription: "The URL.",
					Required:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"type": nestedString("URL type, in the CRM's vocabulary."),
			}),
			"tags": nestedList("Tags (labels) on the account.", tagSpec, map[string]schema.Attribute{
				"id":   nestedString("The tag's id in the CRM; set it to use an existing tag, or leave it to the CRM."),
				"name": nestedString("The tag's name."),
			}, objectNeedsOneOf{"id", "name"}),
			"custom_fields": schema.DynamicAttribute{
				MarkdownDescription: "Custom fields as a plain object, keyed by the field's name in the CRM: " +
					"`{ tier = \"gold\", seats = 10, active = true }`. Values keep their JSON type (a number is sent as a " +
					"number). Only the keys written here are managed: fields the CRM or other people set never show as drift, " +
					"and removing a key clears that field in the CRM. Unset, no custom field is managed. An import adopts every " +
					"custom field on the record; the adopted ones a configuration does not list are never cleared.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Dynamic{keepStateWhenUnset{}, adoptedCustomFieldsKeepState{}},
				Validators:    []validator.Dynamic{customFieldsValidator{}},
			},
			"remote_data": schema.StringAttribute{
				MarkdownDescription: "Extra vendor fields as a JSON object (use `jsonencode`), passed to the CRM untransformed " +
					"in create and update bodies. Never read back: the CRM's raw record is not stored in state.",
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Validators: []validator.String{jsonObjectValidator{}},
			},
			"remote_query": schema.MapAttribute{
				MarkdownDescription: "Query parameters passed to the CRM untransformed on create and update, sent as " +
					"`remote_query[key]=value` (some integrations need them, e.g. a workspace id). Not read back.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Map{mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1))},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the account was created, RFC 3339. May be set to keep the original creation date " +
					"when seeding or migrating (sent on create; CRMs that do not support it ignore it). Unset, it is read " +
					"from the CRM. Spellings of the same instant (`Z` or `+00:00`, with or without fractions) are equal. " +
					"Changing it replaces the resource: a creation date can only be set by creating.",
				CustomType:    timetypes.RFC3339Type{},
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{keepStateWhenUnset{}, sameInstantKeepsState{}, createdAtRequiresReplace()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the account was last changed in the CRM, RFC 3339.",
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
			},
			"last_activity_at": schema.StringAttribute{
				MarkdownDescription: "When the last activity on the account happened, RFC 3339, where the CRM tracks it.",
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
			},
			"deletion_policy": schema.StringAttribute{
				MarkdownDescription: "What `terraform destroy` does: `delete` (default) deletes the account in the CRM; " +
					"`abandon` only forgets it, for integrations that cannot delete accounts or records that must outlive " +
					"the configuration.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(deletionPolicyDelete),
				Validators: []validator.String{stringvalidator.OneOf(deletionPolicyDelete, deletionPolicyAbandon)},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// timeoutsAttribute is the timeouts library's attribute with descriptions and a validator that
// names the attribute in its error.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	a := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true})
	nested, ok := a.(schema.SingleNestedAttribute)
	if !ok {
		return a
	}
	nested.MarkdownDescription = "How long each operation may take, retries and rate-limit waits included, as durations " +
		"such as `\"30s\"` or `\"15m\"`. Each defaults to `\"" + defaultTimeout.String() + "\"`."
	for name, inner := range nested.Attributes {
		if s, ok := inner.(schema.StringAttribute); ok {
			s.MarkdownDescription = "Timeout of " + name + "."
			s.Validators = append(s.Validators, durationValidator{})
			nested.Attributes[name] = s
		}
	}
	return nested
}

func (r *crmAccountResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{nameOrWebsiteValidator{}}
}

// ModifyPlan fills in the provider's default integrated account, so it is known in the plan; keeps
// the CRM's timestamps out of "(known after apply)" when nothing the CRM stores will change; and warns
// when custom fields adopted by an import leave state.
func (r *crmAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if req.State.Raw.IsNull() {
		r.planDefaultIntegratedAccount(req, resp)
		return
	}
	if req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing changes: the common case of every no-op plan, kept cheap
	}
	plan, ok := decodeAccount(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := decodeAccount(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	adopted := adoptedCustomFields(ctx, req.Private)
	if dropped := droppedAdoptedCustomFields(adopted, plan.CustomFields, state.CustomFields); len(dropped) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("custom_fields"), "Adopted custom fields left unmanaged",
			adoptedWarning(dropped))
	}
	// An edit is not an activity (calls, emails, meetings), so last_activity_at keeps its value; the
	// next read brings any change. updated_at does change, unless nothing is sent to the CRM.
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_activity_at"), state.LastActivityAt)...)
	if onlyLocalChanges(plan, state, adopted) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), state.UpdatedAt)...)
	}
}

// planDefaultIntegratedAccount fills in the provider's integrated account on create when the
// resource sets none, so the value is known in the plan. It works on the raw plan value: this runs
// for every planned create, and the framework's path-based getters and setters cost more than the
// rest of planning a create.
func (r *crmAccountResource) planDefaultIntegratedAccount(req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	const attr = "integrated_account_id"
	var planAttrs, configAttrs map[string]tftypes.Value
	if req.Plan.Raw.As(&planAttrs) != nil || req.Config.Raw.As(&configAttrs) != nil {
		return // not an object: nothing to fill (the framework reports malformed values itself)
	}
	if planAttrs[attr].IsKnown() || !configAttrs[attr].IsNull() || r.data == nil {
		return // set in configuration (possibly to a value known only at apply), or not configured yet
	}
	if r.data.defaultIntegratedAccountID == "" {
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Missing integrated account",
			"Set integrated_account_id on this resource, or integrated_account_id in the provider block (or the "+
				EnvIntegratedAccountID+" environment variable).")
		return
	}
	planAttrs[attr] = tftypes.NewValue(tftypes.String, r.data.defaultIntegratedAccountID)
	resp.Plan.Raw = tftypes.NewValue(req.Plan.Raw.Type(), planAttrs)
}

// onlyLocalChanges reports whether an update would send nothing to the CRM (only deletion_policy,
// timeouts or remote_query changed). Unknown planned values count as changes.
func onlyLocalChanges(plan, state accountModel, adopted map[string]bool) bool {
	for _, v := range []interface{ IsUnknown() bool }{plan.Name, plan.Website, plan.Description, plan.Industry,
		plan.NumberOfEmployees, plan.Owner, plan.Addresses, plan.PhoneNumbers, plan.URLs, plan.Tags, plan.CustomFields,
		plan.RemoteData} {
		if v.IsUnknown() {
			return false
		}
	}
	patch, err := updateRequest(plan, state, adopted)
	return err == nil && patch == nil
}

func (r *crmAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := decodeAccount(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	body, err := createRequest(plan)
	if err != nil {
		resp.Diagnostics.AddError("Invalid account", err.Error())
		return
	}
	opts := requestOptions(plan)
	created, err := r.data.client.CreateAccount(ctx, opts, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", opts.IntegratedAccountID, "", err)
		return
	}
	if created.ID == "" {
		resp.Diagnostics.AddError("Create returned no id",
			"Truto answered the create with success but without an account id, so the record cannot be tracked. "+
				"Check the CRM for the new account and import it.")
		return
	}
	state, err := stateAfterApply(plan, created)
	if err != nil {
		resp.Diagnostics.AddWarning("Unexpected create response", err.Error())
	}
	if c, ok := created.CreatedAt.Get(); ok && known(plan.CreatedAt) && !sameInstant(plan.CreatedAt.ValueString(), c) {
		resp.Diagnostics.AddAttributeWarning(path.Root("created_at"), "The CRM did not keep created_at",
			fmt.Sprintf("created_at was sent as %s but the CRM reports %s; this integration probably ignores it. "+
				"State keeps the configured value.", plan.CreatedAt.ValueString(), c))
	}
	tflog.Debug(ctx, "created CRM account", map[string]any{"id": state.ID.ValueString()})
	setState(ctx, &resp.State, state, &resp.Diagnostics)
}

func (r *crmAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, ok := decodeAccount(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, prior.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	opts := truto.RequestOptions{IntegratedAccountID: prior.IntegratedAccountID.ValueString(), IgnoreRemoteData: true}
	got, err := r.data.client.GetAccount(ctx, opts, prior.ID.ValueString())
	if truto.IsCRMNotFound(err) {
		resp.Diagnostics.AddWarning("CRM account no longer exists",
			fmt.Sprintf("The CRM reports that account %q (integrated account %q) does not exist; it was probably deleted "+
				"outside Terraform. It is removed from state, and the next apply creates it again.",
				prior.ID.ValueString(), opts.IntegratedAccountID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		// Anything else, including Truto's own 404, keeps state untouched: dropping the record here
		// would make the next apply create a duplicate.
		addAPIError(&resp.Diagnostics, "read", opts.IntegratedAccountID, prior.ID.ValueString(), err)
		return
	}
	adopt, d := req.Private.GetKey(ctx, privateAdoptCustomFields)
	resp.Diagnostics.Append(d...)
	state, err := stateAfterRead(prior, got, len(adopt) > 0)
	if err != nil {
		resp.Diagnostics.AddWarning("Unexpected read response", err.Error())
	}
	if len(adopt) > 0 { // just imported: remember which custom fields were adopted rather than configured
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdoptCustomFields, nil)...)
		entries, _ := customFieldEntries(state.CustomFields)
		all := make(map[string]bool, len(entries))
		for k := range entries {
			all[k] = true
		}
		resp.Diagnostics.Append(setAdoptedCustomFields(ctx, resp.Private, all, state.CustomFields)...)
	}
	setState(ctx, &resp.State, state, &resp.Diagnostics)
}

func (r *crmAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := decodeAccount(ctx, req.Plan.Raw, "plan", &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := decodeAccount(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, ok := r.start(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	adopted := adoptedCustomFields(ctx, req.Private)
	body, err := updateRequest(plan, state, adopted)
	if err != nil {
		resp.Diagnostics.AddError("Invalid account", err.Error())
		return
	}
	updated := &truto.Account{ID: state.ID.ValueString(), UpdatedAt: timeField(state.UpdatedAt),
		LastActivityAt: timeField(state.LastActivityAt)}
	if body != nil {
		opts := requestOptions(plan)
		updated, err = r.data.client.UpdateAccount(ctx, opts, state.ID.ValueString(), body)
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", opts.IntegratedAccountID, state.ID.ValueString(), err)
			return
		}
	}
	plan.ID = state.ID
	newState, err := stateAfterApply(plan, updated)
	if err != nil {
		resp.Diagnostics.AddWarning("Unexpected update response", err.Error())
	}
	setState(ctx, &resp.State, newState, &resp.Diagnostics)
	if len(adopted) > 0 {
		resp.Diagnostics.Append(setAdoptedCustomFields(ctx, resp.Private, adopted, newState.CustomFields)...)
	}
}

func (r *crmAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := decodeAccount(ctx, req.State.Raw, "state", &resp.Diagnostics)
	if !ok {
		return
	}
	if state.DeletionPolicy.ValueString() == deletionPolicyAbandon {
		tflog.Info(ctx, "deletion_policy is abandon: forgetting the CRM account without deleting it",
			map[string]any{"id": state.ID.ValueString()})
		return
	}
	ctx, cancel, ok := r.start(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	opts := truto.RequestOptions{IntegratedAccountID: state.IntegratedAccountID.ValueString()}
	err := r.data.client.DeleteAccount(ctx, opts, state.ID.ValueString())
	if err != nil && !truto.IsCRMNotFound(err) { // a CRM 404: already gone, which is what destroy wants
		addAPIError(&resp.Diagnostics, "delete", opts.IntegratedAccountID, state.ID.ValueString(), err)
	}
}

// ImportState accepts "<integrated_account_id>/<id>", or "<id>" when the provider sets a default
// integrated account.
func (r *crmAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defaultIA := ""
	if r.data != nil {
		defaultIA = r.data.defaultIntegratedAccountID
	}
	ia, id, err := parseImportID(req.ID, defaultIA)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("integrated_account_id"), ia)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_policy"), deletionPolicyDelete)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdoptCustomFields, []byte(`true`))...)
}

// parseImportID splits an import id. It is pure so its error messages can be tested directly.
func parseImportID(raw, defaultIA string) (ia, id string, err error) {
	const format = `expected "<integrated_account_id>/<account_id>", or "<account_id>" when the provider sets integrated_account_id`
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
func setState(ctx context.Context, st *tfsdk.State, m accountModel, diags *diag.Diagnostics) {
	raw, err := accountToTerraform(ctx, m)
	if err != nil {
		diags.AddError("Invalid state", err.Error())
		return
	}
	st.Raw = raw
}

func (r *crmAccountResource) configured(diags *diag.Diagnostics) bool {
	if r.data == nil || r.data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return false
	}
	return true
}

func requestOptions(m accountModel) truto.RequestOptions {
	opts := truto.RequestOptions{IntegratedAccountID: m.IntegratedAccountID.ValueString(), IgnoreRemoteData: true}
	if known(m.RemoteQuery) {
		opts.RemoteQuery = map[string]string{}
		for k, v := range m.RemoteQuery.Elements() {
			if s, ok := v.(types.String); ok && known(s) {
				opts.RemoteQuery[k] = s.ValueString()
			}
		}
	}
	return opts
}

func timeField(v timetypes.RFC3339) truto.Field[string] {
	if known(v) {
		return truto.Value(v.ValueString())
	}
	return truto.Field[string]{}
}

type timeoutGetter func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// start begins a CRUD call: it checks the provider is configured and bounds ctx by the operation's
// timeout (default defaultTimeout).
func (r *crmAccountResource) start(ctx context.Context, get timeoutGetter, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	if !r.configured(diags) {
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

// decodeAccount decodes a raw plan or state, reporting a failure as a diagnostic.
func decodeAccount(ctx context.Context, raw tftypes.Value, what string, diags *diag.Diagnostics) (accountModel, bool) {
	m, err := accountFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Invalid "+what, err.Error())
		return m, false
	}
	return m, true
}

// addAPIError turns a client error into diagnostics a user can act on.
func addAPIError(diags *diag.Diagnostics, action, ia, id string, err error) {
	summary := "Failed to " + action + " CRM account"
	if action == "list" {
		summary += "s"
	}
	var unknown *truto.OutcomeUnknownError
	if errors.As(err, &unknown) {
		diags.AddError("CRM account may have been created",
			err.Error()+"\n\nTerraform did not record the account. Before applying again, look for it in the CRM "+
				"(for example with the truto_crm_accounts data source filtered by name) and, if it exists, import it: "+
				"terraform import <resource address> "+ia+"/<account_id>")
		return
	}
	var apiErr *truto.APIError
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, err.Error())
		return
	}
	hint := ""
	switch {
	case apiErr.StatusCode == 401 && !apiErr.IsRemoteError:
		hint = "Check the provider's api_token (" + EnvAPIToken + "): Truto rejected it."
	case apiErr.StatusCode == 401:
		hint = "The CRM rejected the integrated account's credentials; reconnect integrated account " + ia + " in Truto."
	case apiErr.StatusCode == 403:
		hint = "The token or the integrated account lacks the scopes for this operation."
	case truto.IsTrutoNotFound(err):
		hint = "Truto cannot see integrated account " + ia + " with this token (wrong integrated_account_id, or a " +
			"token of another environment). State is left untouched."
	case apiErr.StatusCode == 404 && id != "":
		hint = "The CRM does not know account " + id + "."
	case apiErr.StatusCode == 405 && action == "delete":
		hint = "Integrated account " + ia + " cannot delete accounts (a read-only sandbox, or an integration without " +
			"delete). Set deletion_policy = \"abandon\" to only forget the account on destroy."
	case apiErr.StatusCode == 405:
		hint = "Integrated account " + ia + " is read-only (a sandbox) or its integration does not support this operation."
	case apiErr.StatusCode == 409:
		hint = "The CRM reports a conflict with an existing record (a uniqueness rule); import that record instead."
	case apiErr.StatusCode == 503:
		hint = "Integrated account " + ia + " is blocked in Truto; reconnect it, then apply again."
	}
	detail := err.Error()
	if hint != "" {
		detail = apiErr.Brief() + "\n\n" + hint
	}
	if apiErr.Insight != nil && len(apiErr.Insight.MissingRequiredBodyFields) > 0 {
		for _, f := range apiErr.Insight.MissingRequiredBodyFields {
			summary, detail := "Missing required attribute "+f,
				fmt.Sprintf("The CRM requires %s to %s this account: set it in the configuration.\n\n%s", f, action, detail)
			if attr, ok := schemaAttribute(f); ok {
				diags.AddAttributeError(path.Root(attr), summary, detail)
			} else {
				diags.AddError(summary, detail+"\n\nIt is not a unified field: pass it with remote_data.")
			}
		}
		return
	}
	diags.AddError(summary, detail)
}

// accountAttributes are the top-level attributes a Truto field name can point at.
var accountAttributes = map[string]bool{"name": true, "website": true, "description": true, "industry": true,
	"number_of_employees": true, "owner": true, "addresses": true, "phone_numbers": true, "urls": true, "tags": true,
	"custom_fields": true, "created_at": true}

// schemaAttribute maps a Truto field name such as "owner.id" or "addresses[0].city" to the top-level
// attribute that holds it, if there is one.
func schemaAttribute(field string) (string, bool) {
	if i := strings.IndexAny(field, ".["); i > 0 {
		field = field[:i]
	}
	return field, accountAttributes[field]
}

func sameInstant(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Equal(tb)
}
