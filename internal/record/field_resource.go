package record

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_field manages one definition of the custom-field catalog (reference §11): the CRM's
// own shape, next to the records that use it. It is not a record kind: its identity carries the
// entity, every call sends the entity as a query parameter, and destroy abandons by default
// (deleting a field erases its value on every record).

var (
	_ resource.ResourceWithConfigure      = (*fieldResource)(nil)
	_ resource.ResourceWithImportState    = (*fieldResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*fieldResource)(nil)
	_ resource.ResourceWithValidateConfig = (*fieldResource)(nil)
	_ resource.ResourceWithIdentity       = (*fieldResource)(nil)
)

// FieldTypes are the catalog's field types (reference §11), the values a field's type takes.
var FieldTypes = []string{"string", "text", "rich_text", "number", "boolean", "date", "datetime", "time", "enum", "array", "file"}

// choiceTypes are the types whose values are options.
var choiceTypes = []string{"enum", "array"}

const (
	entityName     = "entity"
	fieldOptions   = "options"
	fieldTypeName  = "type"
	fieldNameName  = "name"
	fieldGroupName = "field_group"
)

// fieldResource is truto_crm_field. k is the catalog's kind (its collection, noun and plural word
// messages and capability checks); entities are the catalog entities the kinds use.
type fieldResource struct {
	k        *Kind
	entities []string
	data     *ProviderData
}

// NewFieldResource returns the constructor of truto_crm_field; catalog is the custom-field
// catalog's kind, entities the one list of catalog entities (the catalog data source's).
func NewFieldResource(catalog *Kind, entities []string) func() resource.Resource {
	return func() resource.Resource { return &fieldResource{k: catalog, entities: entities} }
}

// fieldModel is the resource's value.
type fieldModel struct {
	ID                  types.String `tfsdk:"id"`
	IntegratedAccountID types.String `tfsdk:"integrated_account_id"`
	Entity              types.String `tfsdk:"entity"`
	Name                types.String `tfsdk:"name"`
	Label               types.String `tfsdk:"label"`
	Type                types.String `tfsdk:"type"`
	Description         types.String `tfsdk:"description"`
	Options             types.List   `tfsdk:"options"`
	IsRequired          types.Bool   `tfsdk:"is_required"`
	IsUnique            types.Bool   `tfsdk:"is_unique"`
	IsHidden            types.Bool   `tfsdk:"is_hidden"`
	FieldGroup          types.Object `tfsdk:"field_group"`
	IsUserDefined       types.Bool   `tfsdk:"is_user_defined"`
	CreatedAt           types.String `tfsdk:"created_at"`
	UpdatedAt           types.String `tfsdk:"updated_at"`
	DeletionPolicy      types.String `tfsdk:"deletion_policy"`
	AdoptBy             types.List   `tfsdk:"adopt_by"`
}

var (
	fieldOptionType = types.ObjectType{AttrTypes: map[string]attr.Type{"label": types.StringType, "value": types.StringType}}
	fieldGroupType  = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType}}
)

func (r *fieldResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.k.typeName
}

func (r *fieldResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	configure(req.ProviderData, &r.data, &resp.Diagnostics)
}

func (r *fieldResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = fieldSchema(r.entities)
}

func fieldSchema(entities []string) rschema.Schema {
	unmanaged := " Left out, it is unmanaged: read from the CRM, never sent."
	return rschema.Schema{
		MarkdownDescription: "A custom-field definition of the connected CRM (a HubSpot property, a Salesforce custom " +
			"field ...): the keys a record's `custom_fields` takes. Records may use a field created in the same apply: " +
			"reference its `name` as the key (`custom_fields = { (truto_crm_field.tier.name) = \"gold\" }`), or write " +
			"the key literally, set `name` on the field and add `depends_on = [truto_crm_field.tier]` to the record, " +
			"so the field is planned and created first and the plan-time catalog check knows it. The values a record " +
			"sets are checked against the options the CRM's catalog and the configuration's fields offer. " +
			"Destroy only forgets a field unless `deletion_policy = \"delete\"`: deleting a field erases its value " +
			"on every record.",
		Attributes: map[string]rschema.Attribute{
			idName: rschema.StringAttribute{
				MarkdownDescription: "The field's id in the CRM.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			integratedAccountName: rschema.StringAttribute{
				MarkdownDescription: "Truto integrated account (the connected CRM) that holds the field. Defaults to the " +
					"provider's `integrated_account_id` (or the `" + EnvIntegratedAccountID + "` environment variable). " +
					"Changing it replaces the field.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			entityName: rschema.StringAttribute{
				MarkdownDescription: "The record type the field belongs to: " + JoinOr(Backticked(entities)) + " (`activity` " +
					"holds engagements' fields). Each CRM serves a subset. Changing it replaces the field.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(entities...)},
			},
			fieldNameName: rschema.StringAttribute{
				MarkdownDescription: "The field's name: its key in a record's `custom_fields`. Some CRMs require it on " +
					"create, others derive it from the label (HubSpot: `Customer Tier` becomes `customer_tier`); left out, " +
					"it is the CRM's. Set it to use the key literally in records of the same configuration. Changing it " +
					"replaces the field. A CRM that stores the name in its own spelling (another case, Salesforce's `__c` " +
					"suffix) holds the same field: the state keeps the configured name (a warning gives the CRM's), and " +
					"changing it to the CRM's spelling replaces nothing.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = nameReplaces(req.ConfigValue, req.StateValue)
					}, "Changing the name replaces the field, unless the new name is the CRM's spelling of it.",
						"Changing the name replaces the field, unless the new name is the CRM's spelling of it."),
				},
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"label": rschema.StringAttribute{
				MarkdownDescription: "The field's display label.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			fieldTypeName: rschema.StringAttribute{
				MarkdownDescription: "The field's type: " + JoinOr(Backticked(FieldTypes)) + ". `enum` and `array` fields " +
					"need `options`; the others take none. Changing it replaces the field.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(FieldTypes...)},
			},
			"description": rschema.StringAttribute{
				MarkdownDescription: "The field's description, where the CRM has one." + unmanaged,
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepStateWhenUnset{}},
			},
			fieldOptions: rschema.ListNestedAttribute{
				MarkdownDescription: "The choices of an `enum` or `array` field (required for them; other types take " +
					"none). The order is not significant, and what a CRM adds to options (a description, a hidden flag) is " +
					"not a change. Adding an option updates the field in place; records of the same configuration may use " +
					"it in the same apply.",
				Optional: true,
				Computed: true,
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					"label": rschema.StringAttribute{MarkdownDescription: "The choice's display label.", Required: true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
					"value": rschema.StringAttribute{MarkdownDescription: "The value records store in `custom_fields`.", Required: true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
				}},
				PlanModifiers: []planmodifier.List{sameOptionsKeepState{}},
			},
			"is_required": rschema.BoolAttribute{
				MarkdownDescription: "Whether every record must have a value." + unmanaged + flagBodyNames,
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keepStateWhenUnset{}},
			},
			"is_unique": rschema.BoolAttribute{
				MarkdownDescription: "Whether values must differ on every record." + unmanaged + flagBodyNames,
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keepStateWhenUnset{}},
			},
			"is_hidden": rschema.BoolAttribute{
				MarkdownDescription: "Whether the CRM hides the field in its forms." + unmanaged + flagBodyNames,
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keepStateWhenUnset{}},
			},
			fieldGroupName: rschema.SingleNestedAttribute{
				MarkdownDescription: "The group (section) the CRM shows the field in." + unmanaged,
				Optional:            true,
				Computed:            true,
				Attributes: map[string]rschema.Attribute{
					"id": rschema.StringAttribute{MarkdownDescription: "The group's id in the CRM.", Required: true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
				},
				PlanModifiers: []planmodifier.Object{keepStateWhenUnset{}},
			},
			"is_user_defined": rschema.BoolAttribute{
				MarkdownDescription: "Whether the field is a custom field (fields made by this resource are).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keepStateWhenUnset{}},
			},
			"created_at": rschema.StringAttribute{
				MarkdownDescription: "When the field was created, as the CRM reports it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepStateWhenUnset{}},
			},
			"updated_at": rschema.StringAttribute{
				MarkdownDescription: "When the field last changed, as the CRM reports it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepStateWhenUnset{}}, // unknown again when an update is planned
			},
			adoptByName: rschema.ListAttribute{
				MarkdownDescription: "`[\"name\"]` makes a create first look for a field of the entity with the configured " +
					"`name` and adopt it (updated to the configuration) instead of creating a second one, as `adopt_by` does " +
					"for records: a seed re-applied after its state was lost, or a field someone made by hand. The field found " +
					"must have the configured `type`. Needs `name`.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(fieldNameName))},
			},
			deletionPolicyName: rschema.StringAttribute{
				MarkdownDescription: "What `terraform destroy` (or a replacement) does: `abandon` (default) only forgets the " +
					"field, which stays in the CRM with its values; `delete` deletes it, erasing its value on every record. " +
					"`delete` fails the plan where the integrated account cannot delete fields.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(deletionPolicyAbandon),
				Validators: []validator.String{stringvalidator.OneOf(deletionPolicyAbandon, deletionPolicyDelete)},
			},
		},
	}
}

// flagBodyNames says how the flags are sent.
const flagBodyNames = " Sent under the name the integration's create or update schema gives it (`is_required` or " +
	"`required`, and so on)."

// ValidateConfig refuses options that do not fit the type, before anything is asked.
func (r *fieldResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var typ, name types.String
	var opts, adoptBy types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(fieldTypeName), &typ)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(fieldOptions), &opts)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(fieldNameName), &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(adoptByName), &adoptBy)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if known(adoptBy) && len(adoptBy.Elements()) > 0 && name.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root(adoptByName), "adopt_by needs name",
			`adopt_by = ["name"] finds the field by its name: set name (the key records use in custom_fields).`)
	}
	if !known(typ) || opts.IsUnknown() {
		return
	}
	choice := slices.Contains(choiceTypes, typ.ValueString())
	switch {
	case choice && (opts.IsNull() || len(opts.Elements()) == 0):
		resp.Diagnostics.AddAttributeError(path.Root(fieldOptions), "Missing options",
			fmt.Sprintf("A field of type %q needs options: set options = [{ label = ..., value = ... }, ...].", typ.ValueString()))
	case !choice && !opts.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root(fieldOptions), "Options on a field without choices",
			fmt.Sprintf("Only %s fields take options; this field is of type %q: remove options, or change the type.",
				JoinOr(quotedValues(choiceTypes)), typ.ValueString()))
	}
	seen := map[string]bool{}
	for _, o := range optionsOf(opts) {
		if o.Value == "" {
			continue // unknown, or refused by the attribute's own validator
		}
		if seen[o.Value] {
			resp.Diagnostics.AddAttributeError(path.Root(fieldOptions), "Duplicate option value",
				fmt.Sprintf("Option value %q is used twice; each option needs its own value.", o.Value))
		}
		seen[o.Value] = true
	}
}

// ModifyPlan fills in the default integrated account, marks updated_at unknown when something is
// sent, checks the write against what the account supports, and tells the plan-time catalog check
// of records which field this configuration declares.
func (r *fieldResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state fieldModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if req.Plan.Raw.IsNull() { // destroy
		r.checkDelete(ctx, state, &resp.Diagnostics)
		return
	}
	var plan, config fieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.IntegratedAccountID.IsUnknown() && config.IntegratedAccountID.IsNull() && r.data != nil {
		ia, ok := r.data.defaultIntegratedAccount(&resp.Diagnostics)
		if !ok {
			return
		}
		plan.IntegratedAccountID = types.StringValue(ia)
	}
	create := req.State.Raw.IsNull()
	replace := !create && (!plan.Entity.Equal(state.Entity) || !plan.Type.Equal(state.Type) ||
		!plan.IntegratedAccountID.Equal(state.IntegratedAccountID) || nameReplaces(config.Name, state.Name))
	if !create && !replace && fieldChanges(plan, state) {
		plan.UpdatedAt = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if replace {
		r.checkDelete(ctx, state, &resp.Diagnostics)
	}
	if r.data == nil || r.data.checks == nil {
		return
	}
	r.data.checks.planField(plan.IntegratedAccountID.ValueString(), plan.Entity.ValueString(), plannedDefinition(plan))
	switch {
	case create || replace:
		r.data.checks.checkField(ctx, r.k, fieldWrite(plan, config, "create"), &resp.Diagnostics)
	case fieldChanges(plan, state):
		r.data.checks.checkField(ctx, r.k, fieldWrite(plan, config, "update"), &resp.Diagnostics)
	case !plan.DeletionPolicy.Equal(state.DeletionPolicy):
		r.data.checks.checkField(ctx, r.k, fieldWrite(plan, config, ""), &resp.Diagnostics) // nothing is sent
	}
}

// checkDelete refuses, at plan, deleting a field the account cannot delete.
func (r *fieldResource) checkDelete(ctx context.Context, state fieldModel, diags *diag.Diagnostics) {
	if r.data == nil || r.data.checks == nil || state.DeletionPolicy.ValueString() != deletionPolicyDelete {
		return
	}
	r.data.checks.check(ctx, plannedWrite{k: r.k, ia: state.IntegratedAccountID.ValueString(), method: "delete"}, diags)
}

// nameReplaces reports whether a configured name replaces the field named state: a configured name
// that is not the state's nor its spelling in a CRM (sameFieldName).
func nameReplaces(config, state types.String) bool {
	switch {
	case config.IsNull() || state.IsNull() || state.IsUnknown():
		return false
	case config.IsUnknown():
		return true
	}
	return !sameFieldName(config.ValueString(), state.ValueString())
}

// crmNameSuffixes are what CRMs append to a custom field's name: Salesforce's tier__c.
var crmNameSuffixes = []string{"__c"}

// sameFieldName reports whether two names are one field's: equal but for case (HubSpot lowercases,
// Salesforce's API names ignore it) and a suffix a CRM appends.
func sameFieldName(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	for _, sfx := range crmNameSuffixes {
		if strings.EqualFold(a+sfx, b) || strings.EqualFold(a, b+sfx) {
			return true
		}
	}
	return false
}

// fieldChanges reports whether the plan changes what the CRM holds (the arguments an update sends).
func fieldChanges(plan, state fieldModel) bool {
	return !plan.Label.Equal(state.Label) || !plan.Description.Equal(state.Description) ||
		!plan.Options.Equal(state.Options) || !plan.IsRequired.Equal(state.IsRequired) ||
		!plan.IsUnique.Equal(state.IsUnique) || !plan.IsHidden.Equal(state.IsHidden) || !plan.FieldGroup.Equal(state.FieldGroup)
}

// fieldWrite is the planned write of a field, for the plan-time checks.
func fieldWrite(plan, config fieldModel, method string) plannedFieldWrite {
	return plannedFieldWrite{ia: plan.IntegratedAccountID.ValueString(), method: method,
		nameSet: !config.Name.IsNull(), deleteKept: plan.DeletionPolicy.ValueString() == deletionPolicyDelete}
}

// plannedDefinition is what a planned field tells the catalog check (an empty name: not known).
func plannedDefinition(plan fieldModel) truto.FieldDefinition {
	def := truto.FieldDefinition{Type: plan.Type.ValueString(), Label: plan.Label.ValueString(), IsUserDefined: true}
	if known(plan.Name) {
		def.Name = plan.Name.ValueString()
	}
	for _, o := range optionsOf(plan.Options) {
		if o.Value != "" {
			def.Options = append(def.Options, o)
		}
	}
	return def
}

func (r *fieldResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan fieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultTimeout)
	defer cancel()
	ia, entity := plan.IntegratedAccountID.ValueString(), plan.Entity.ValueString()
	if known(plan.AdoptBy) && len(plan.AdoptBy.Elements()) > 0 {
		if adopted, done := r.adopt(ctx, plan, &resp.Diagnostics); done {
			if adopted != nil {
				resp.Diagnostics.Append(resp.State.Set(ctx, adopted)...)
				setFieldIdentity(ctx, resp.Identity, *adopted, &resp.Diagnostics)
			}
			return
		}
	}
	in := r.input(ctx, plan, nil, "create")
	opts := truto.RequestOptions{IntegratedAccountID: ia}
	def, err := r.data.client.CreateField(ctx, opts, entity, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "create", ia, "", err)
		return
	}
	r.data.checks.forgetCatalog(ia, entity)
	if def.ID == "" {
		resp.Diagnostics.AddError("Create returned no id",
			"Truto answered the field create with success but without the field's id, so it cannot be tracked. Find "+
				"it with the truto_crm_fields data source and import it: terraform import <resource address> "+
				ia+"/"+entity+"/<field_id>.")
		return
	}
	state := fieldAfterApply(plan, def)
	warnCRMSpelling(plan, def, &resp.Diagnostics)
	tflog.Debug(ctx, "created CRM field", map[string]any{"id": def.ID, "entity": entity})
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setFieldIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
}

func (r *fieldResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var prior fieldModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultTimeout)
	defer cancel()
	ia, entity, id := prior.IntegratedAccountID.ValueString(), prior.Entity.ValueString(), prior.ID.ValueString()
	def, err := r.data.client.GetField(ctx, truto.RequestOptions{IntegratedAccountID: ia}, entity, id)
	if truto.IsCRMNotFound(err) {
		resp.Diagnostics.AddWarning("CRM field no longer exists",
			fmt.Sprintf("The CRM reports that %s field %q (integrated account %q) does not exist; it was probably deleted "+
				"outside Terraform. It is removed from state, and the next apply creates it again.", entity, id, ia))
		resp.State.RemoveResource(ctx)
		setFieldIdentity(ctx, resp.Identity, prior, &resp.Diagnostics)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "read", ia, id, err)
		return
	}
	state := fieldAfterRead(prior, def)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setFieldIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
}

func (r *fieldResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state fieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultTimeout)
	defer cancel()
	ia, entity, id := state.IntegratedAccountID.ValueString(), state.Entity.ValueString(), state.ID.ValueString()
	plan.ID = state.ID
	if !fieldChanges(plan, state) { // deletion_policy only: nothing to send
		plan.UpdatedAt = state.UpdatedAt
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setFieldIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
		return
	}
	in := r.input(ctx, plan, &state, "update")
	def, err := r.data.client.UpdateField(ctx, truto.RequestOptions{IntegratedAccountID: ia}, entity, id, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, r.k, "update", ia, id, err)
		return
	}
	r.data.checks.forgetCatalog(ia, entity)
	def.ID = id
	newState := fieldAfterApply(plan, def)
	if newState.UpdatedAt.IsUnknown() {
		newState.UpdatedAt = state.UpdatedAt // an empty answer: the next read tells
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
	setFieldIdentity(ctx, resp.Identity, newState, &resp.Diagnostics)
}

func (r *fieldResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fieldModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ia, entity, id := state.IntegratedAccountID.ValueString(), state.Entity.ValueString(), state.ID.ValueString()
	if state.DeletionPolicy.ValueString() != deletionPolicyDelete {
		tflog.Info(ctx, "deletion_policy is abandon: forgetting the CRM field without deleting it", map[string]any{"id": id})
		return
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultTimeout)
	defer cancel()
	err := r.data.client.DeleteField(ctx, truto.RequestOptions{IntegratedAccountID: ia}, entity, id)
	if err != nil && !truto.IsCRMNotFound(err) {
		addAPIError(&resp.Diagnostics, r.k, "delete", ia, id, err)
		return
	}
	r.data.checks.forgetCatalog(ia, entity)
}

// warnCRMSpelling says when the CRM stored the configured name in its own spelling: the state keeps
// the configured one (Terraform holds a configured value as configured), records need the CRM's.
func warnCRMSpelling(plan fieldModel, def *truto.FieldDefinition, diags *diag.Diagnostics) {
	if !known(plan.Name) || def.Name == "" || def.Name == plan.Name.ValueString() {
		return
	}
	diags.AddAttributeWarning(path.Root(fieldNameName), "The CRM spells the field's name another way",
		fmt.Sprintf("The CRM stored the field named %q as %q, the key records use in custom_fields. The state keeps %q "+
			"as the same field; set name = %q to refer to the CRM's key (the field is not replaced).",
			plan.Name.ValueString(), def.Name, plan.Name.ValueString(), def.Name))
}

// adopt looks for a field of the entity with the planned name (or its spelling in the CRM); done is false when there is none
// (create it), and the adopted state is nil when adopting failed (diagnostics say why). A field
// found is updated to the configuration, then read back.
func (r *fieldResource) adopt(ctx context.Context, plan fieldModel, diags *diag.Diagnostics) (adopted *fieldModel, done bool) {
	ia, entity, name := plan.IntegratedAccountID.ValueString(), plan.Entity.ValueString(), plan.Name.ValueString()
	defs, err := r.data.client.Fields(ctx, ia, entity)
	if err != nil {
		addAPIError(diags, r.k, "list", ia, "", err)
		return nil, true
	}
	i := slices.IndexFunc(defs, func(d truto.FieldDefinition) bool { return d.Name == name && d.ID != "" })
	if i < 0 {
		i = slices.IndexFunc(defs, func(d truto.FieldDefinition) bool { return sameFieldName(d.Name, name) && d.ID != "" })
	}
	if i < 0 {
		return nil, false
	}
	opts := truto.RequestOptions{IntegratedAccountID: ia}
	id := defs[i].ID
	found, err := r.data.client.GetField(ctx, opts, entity, id)
	if err != nil {
		addAPIError(diags, r.k, "read", ia, id, err)
		return nil, true
	}
	if found.Type != "" && found.Type != plan.Type.ValueString() {
		diags.AddAttributeError(path.Root(fieldTypeName), "Field to adopt has another type",
			fmt.Sprintf("adopt_by: the CRM's %s field %q (id %s) is of type %q, not %q. Nothing was written. Change type "+
				"to %q to adopt it, or give this field another name.", entity, name, id, found.Type, plan.Type.ValueString(), found.Type))
		return nil, true
	}
	prior := fieldAfterRead(importedField(ia, entity, id), found)
	plan.ID = prior.ID
	if in := r.input(ctx, plan, &prior, "update"); sendsSomething(in) {
		if _, err := r.data.client.UpdateField(ctx, opts, entity, id, in); err != nil {
			addAPIError(diags, r.k, "update", ia, id, err)
			return nil, true
		}
		r.data.checks.forgetCatalog(ia, entity)
		if found, err = r.data.client.GetField(ctx, opts, entity, id); err != nil {
			addAPIError(diags, r.k, "read", ia, id, err)
			return nil, true
		}
	}
	found.ID = id
	state := fieldAfterApply(plan, found)
	warnCRMSpelling(plan, found, diags)
	tflog.Info(ctx, "adopted the CRM field with the configured name", map[string]any{"id": id, "name": name})
	return &state, true
}

// ImportState accepts "<integrated_account_id>/<entity>/<id>", "<entity>/<id>" when the provider
// sets a default integrated account, or an import block's identity.
func (r *fieldResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var ia, entity, id string
	if req.ID != "" || req.Identity == nil {
		var err error
		ia, entity, id, err = parseFieldImportID(req.ID, r.data.integratedAccount(""), r.entities)
		if err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error())
			return
		}
	} else {
		var ident fieldIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		ia, entity, id = r.data.integratedAccount(ident.IntegratedAccountID.ValueString()), ident.Entity.ValueString(), ident.ID.ValueString()
		switch {
		case id == "" || entity == "":
			resp.Diagnostics.AddError("Invalid import identity", "The identity of the field to import needs its entity and its id in the CRM.")
			return
		case !slices.Contains(r.entities, entity):
			resp.Diagnostics.AddAttributeError(path.Root(entityName), "Invalid import identity",
				fmt.Sprintf("entity %q is not one of %s.", entity, JoinOr(quotedValues(r.entities))))
			return
		case ia == "":
			resp.Diagnostics.AddAttributeError(path.Root(integratedAccountName), "Invalid import identity",
				missingIntegratedAccount("in the import block's identity"))
			return
		}
	}
	state := importedField(ia, entity, id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setFieldIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
}

// importedField is the state of a field just imported, before its first read: everything else is
// read from the CRM, and destroy abandons it.
func importedField(ia, entity, id string) fieldModel {
	return fieldModel{
		ID: types.StringValue(id), IntegratedAccountID: types.StringValue(ia), Entity: types.StringValue(entity),
		Name: types.StringNull(), Label: types.StringNull(), Type: types.StringNull(), Description: types.StringNull(),
		Options: types.ListNull(fieldOptionType), IsRequired: types.BoolNull(), IsUnique: types.BoolNull(),
		IsHidden: types.BoolNull(), FieldGroup: types.ObjectNull(fieldGroupType.AttrTypes), IsUserDefined: types.BoolNull(),
		CreatedAt: types.StringNull(), UpdatedAt: types.StringNull(), DeletionPolicy: types.StringValue(deletionPolicyAbandon),
		AdoptBy: types.ListNull(types.StringType),
	}
}

// parseFieldImportID splits "<integrated_account_id>/<entity>/<id>" or "<entity>/<id>" (the
// latter when defaultIA is set). The id may itself contain "/".
func parseFieldImportID(raw, defaultIA string, entities []string) (ia, entity, id string, err error) {
	format := `expected "<integrated_account_id>/<entity>/<field_id>", or "<entity>/<field_id>" when the provider sets ` +
		`integrated_account_id, with entity one of ` + JoinOr(quotedValues(entities))
	parts := strings.SplitN(raw, "/", 2)
	if len(parts) == 2 && slices.Contains(entities, parts[0]) && strings.TrimSpace(parts[1]) != "" {
		if defaultIA == "" {
			return "", "", "", fmt.Errorf("%s; got %q but the provider has no integrated_account_id (or %s)", format, raw,
				EnvIntegratedAccountID)
		}
		return defaultIA, parts[0], parts[1], nil
	}
	parts = strings.SplitN(raw, "/", 3)
	if len(parts) == 3 && strings.TrimSpace(parts[0]) != "" && slices.Contains(entities, parts[1]) && strings.TrimSpace(parts[2]) != "" {
		return parts[0], parts[1], parts[2], nil
	}
	return "", "", "", fmt.Errorf("%s; got %q", format, raw)
}

// ready reports whether the provider is configured.
func (r *fieldResource) ready(diags *diag.Diagnostics) bool {
	if r.data == nil || r.data.client == nil {
		diags.AddError("Provider not configured",
			"The Truto provider was not configured before use; this is a bug in the provider, please report it.")
		return false
	}
	return true
}

// input is the body of a create (prior nil: every known argument) or an update (what changes).
// The flags' body names come from the method's meta, asked only when a flag is sent.
func (r *fieldResource) input(ctx context.Context, plan fieldModel, prior *fieldModel, method string) truto.FieldInput {
	changed := func(p, s attr.Value) bool { return known(p) && (prior == nil || !p.Equal(s)) }
	var in truto.FieldInput
	if prior == nil {
		in.Name, in.Type = knownString(plan.Name), plan.Type.ValueString()
	}
	var st fieldModel
	if prior != nil {
		st = *prior
	}
	if changed(plan.Label, st.Label) {
		in.Label = plan.Label.ValueString()
	}
	if known(plan.Description) && (prior == nil || !plan.Description.Equal(st.Description)) {
		d := plan.Description.ValueString()
		if prior != nil || d != "" {
			in.Description = &d
		}
	}
	if changed(plan.Options, st.Options) && (prior == nil || !sameOptions(optionsOf(plan.Options), optionsOf(st.Options))) {
		in.Options = optionsOf(plan.Options)
	}
	flag := func(p, s types.Bool) *bool {
		if !changed(p, s) {
			return nil
		}
		b := p.ValueBool()
		return &b
	}
	in.IsRequired, in.IsUnique, in.IsHidden = flag(plan.IsRequired, st.IsRequired), flag(plan.IsUnique, st.IsUnique), flag(plan.IsHidden, st.IsHidden)
	if changed(plan.FieldGroup, st.FieldGroup) {
		if id, ok := plan.FieldGroup.Attributes()["id"].(types.String); ok {
			in.FieldGroupID = id.ValueString()
		}
	}
	if in.IsRequired != nil || in.IsUnique != nil || in.IsHidden != nil {
		in.FlagNames = r.data.checks.fieldFlagNames(ctx, r.data.client, r.k, plan.IntegratedAccountID.ValueString(), method)
	}
	return in
}

// sendsSomething reports whether an update body holds a change.
func sendsSomething(in truto.FieldInput) bool {
	return in.Label != "" || in.Description != nil || in.Options != nil || in.IsRequired != nil || in.IsUnique != nil ||
		in.IsHidden != nil || in.FieldGroupID != ""
}

func knownString(v types.String) string {
	if known(v) {
		return v.ValueString()
	}
	return ""
}

// fieldAfterApply is the state after a create or update: the plan, with what it left to the CRM
// (unknown) taken from the response, or its zero value when the response lacks it.
func fieldAfterApply(plan fieldModel, def *truto.FieldDefinition) fieldModel {
	s := plan
	s.ID = types.StringValue(def.ID)
	str := func(v types.String, member, got string) types.String {
		if !v.IsUnknown() {
			return v
		}
		if def.Returned(member) || got != "" {
			return types.StringValue(got)
		}
		return types.StringNull()
	}
	flag := func(v types.Bool, member string, got bool) types.Bool {
		if !v.IsUnknown() {
			return v
		}
		return types.BoolValue(def.Returned(member) && got)
	}
	s.Name = str(s.Name, "name", def.Name)
	s.Description = str(s.Description, "description", def.Description)
	s.CreatedAt = str(s.CreatedAt, "created_at", def.CreatedAt)
	s.UpdatedAt = str(s.UpdatedAt, "updated_at", def.UpdatedAt)
	s.IsRequired = flag(s.IsRequired, "is_required", def.IsRequired)
	s.IsUnique = flag(s.IsUnique, "is_unique", def.IsUnique)
	s.IsHidden = flag(s.IsHidden, "is_hidden", def.IsHidden)
	if s.IsUserDefined.IsUnknown() {
		s.IsUserDefined = types.BoolValue(!def.Returned("is_user_defined") || def.IsUserDefined)
	}
	if s.Options.IsUnknown() {
		s.Options = optionsValue(def.Options)
	}
	if s.FieldGroup.IsUnknown() {
		s.FieldGroup = groupValue(def.FieldGroupID)
	}
	if s.Name.IsNull() || s.Name.ValueString() == "" {
		s.Name = types.StringValue(def.Name) // the key records use: "" only if the CRM said nothing
	}
	return s
}

// fieldAfterRead is the state after a read: every attribute from the CRM, except what the response
// leaves out (kept), options in the state's order when they are the same choices, and the state's
// own spelling of a value the CRM holds alike.
func fieldAfterRead(prior fieldModel, def *truto.FieldDefinition) fieldModel {
	s := prior
	str := func(v types.String, member, got string) types.String {
		if def.Returned(member) {
			return types.StringValue(got)
		}
		return v
	}
	flag := func(v types.Bool, member string, got bool) types.Bool {
		if def.Returned(member) {
			return types.BoolValue(got)
		}
		if v.IsNull() {
			return types.BoolValue(false)
		}
		return v
	}
	if !known(s.Name) || !sameFieldName(s.Name.ValueString(), def.Name) {
		s.Name = str(s.Name, "name", def.Name) // the state's spelling of the CRM's name is kept
	}
	s.Label = str(s.Label, "label", def.Label)
	s.Type = str(s.Type, "type", def.Type)
	if def.Returned("description") && (def.Description != "" || !s.Description.IsNull()) {
		s.Description = types.StringValue(def.Description)
	}
	s.CreatedAt = str(s.CreatedAt, "created_at", def.CreatedAt)
	s.UpdatedAt = str(s.UpdatedAt, "updated_at", def.UpdatedAt)
	s.IsRequired = flag(s.IsRequired, "is_required", def.IsRequired)
	s.IsUnique = flag(s.IsUnique, "is_unique", def.IsUnique)
	s.IsHidden = flag(s.IsHidden, "is_hidden", def.IsHidden)
	s.IsUserDefined = flag(s.IsUserDefined, "is_user_defined", def.IsUserDefined)
	if def.Returned("options") || !s.Options.IsNull() || len(def.Options) > 0 {
		if !sameOptions(optionsOf(s.Options), def.Options) {
			s.Options = optionsValue(def.Options)
		}
	}
	if def.Returned("field_group") {
		s.FieldGroup = groupValue(def.FieldGroupID)
	} else if s.FieldGroup.IsUnknown() {
		s.FieldGroup = types.ObjectNull(fieldGroupType.AttrTypes)
	}
	if s.Description.IsUnknown() {
		s.Description = types.StringNull()
	}
	return s
}

// optionsOf reads a list of options (unknown members left empty).
func optionsOf(l types.List) []truto.FieldOption {
	if !known(l) {
		return nil
	}
	out := []truto.FieldOption{}
	for _, e := range l.Elements() {
		o, ok := e.(types.Object)
		if !ok || !known(o) {
			continue
		}
		var opt truto.FieldOption
		if v, ok := o.Attributes()["label"].(types.String); ok && known(v) {
			opt.Label = v.ValueString()
		}
		if v, ok := o.Attributes()["value"].(types.String); ok && known(v) {
			opt.Value = v.ValueString()
		}
		out = append(out, opt)
	}
	return out
}

// optionsValue is the options a CRM returned, as state (label and value only); null when none.
func optionsValue(opts []truto.FieldOption) types.List {
	if len(opts) == 0 {
		return types.ListNull(fieldOptionType)
	}
	elems := make([]attr.Value, len(opts))
	for i, o := range opts {
		elems[i] = types.ObjectValueMust(fieldOptionType.AttrTypes, map[string]attr.Value{
			"label": types.StringValue(o.Label), "value": types.StringValue(o.Value)})
	}
	return types.ListValueMust(fieldOptionType, elems)
}

func groupValue(id string) types.Object {
	if id == "" {
		return types.ObjectNull(fieldGroupType.AttrTypes)
	}
	return types.ObjectValueMust(fieldGroupType.AttrTypes, map[string]attr.Value{"id": types.StringValue(id)})
}

// sameOptions reports whether a and b are the same choices (label and value), in any order.
func sameOptions(a, b []truto.FieldOption) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(o truto.FieldOption) string { return o.Value + "\x00" + o.Label }
	count := map[string]int{}
	for _, o := range a {
		count[key(o)]++
	}
	for _, o := range b {
		if count[key(o)]--; count[key(o)] < 0 {
			return false
		}
	}
	return true
}

// sameOptionsKeepState plans a field's options: unset, they keep the state's (unmanaged); set to
// the state's choices in another order, they plan to the state's order (the order is not
// significant, so reordering sends nothing).
type sameOptionsKeepState struct{}

func (sameOptionsKeepState) Description(context.Context) string {
	return "Unset, options keep their state; the same choices in another order are no change."
}

func (m sameOptionsKeepState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameOptionsKeepState) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	if req.ConfigValue.IsNull() || (known(req.ConfigValue) && known(req.StateValue) &&
		sameOptions(optionsOf(req.ConfigValue), optionsOf(req.StateValue))) {
		resp.PlanValue = req.StateValue
	}
}

// fieldIdentityModel is a field's resource identity.
type fieldIdentityModel struct {
	IntegratedAccountID types.String `tfsdk:"integrated_account_id"`
	Entity              types.String `tfsdk:"entity"`
	ID                  types.String `tfsdk:"id"`
}

func (r *fieldResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = fieldIdentitySchema()
}

func fieldIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		integratedAccountName: identityschema.StringAttribute{
			OptionalForImport: true,
			Description: "Truto integrated account (the connected CRM) that holds the field; optional for import when the " +
				"provider sets integrated_account_id.",
		},
		entityName: identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The record type the field belongs to (account, contact ...).",
		},
		idName: identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The field's id in the CRM.",
		},
	}}
}

// setFieldIdentity stores the identity of a field, where the client supports identities.
func setFieldIdentity(ctx context.Context, dst *tfsdk.ResourceIdentity, m fieldModel, diags *diag.Diagnostics) {
	if dst == nil || !known(m.ID) {
		return
	}
	diags.Append(dst.Set(ctx, fieldIdentityModel{IntegratedAccountID: m.IntegratedAccountID, Entity: m.Entity, ID: m.ID})...)
}
