package provider

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// accountModel is the Terraform state of a truto_crm_account.
type accountModel struct {
	ID                  types.String         `tfsdk:"id"`
	IntegratedAccountID types.String         `tfsdk:"integrated_account_id"`
	Name                types.String         `tfsdk:"name"`
	Website             types.String         `tfsdk:"website"`
	Description         types.String         `tfsdk:"description"`
	Industry            types.String         `tfsdk:"industry"`
	NumberOfEmployees   types.Int64          `tfsdk:"number_of_employees"`
	Owner               types.Object         `tfsdk:"owner"`
	Addresses           types.List           `tfsdk:"addresses"`
	PhoneNumbers        types.List           `tfsdk:"phone_numbers"`
	URLs                types.List           `tfsdk:"urls"`
	Tags                types.List           `tfsdk:"tags"`
	CustomFields        types.Dynamic        `tfsdk:"custom_fields"`
	RemoteData          jsontypes.Normalized `tfsdk:"remote_data"`
	RemoteQuery         types.Map            `tfsdk:"remote_query"`
	CreatedAt           timetypes.RFC3339    `tfsdk:"created_at"`
	UpdatedAt           timetypes.RFC3339    `tfsdk:"updated_at"`
	LastActivityAt      timetypes.RFC3339    `tfsdk:"last_activity_at"`
	DeletionPolicy      types.String         `tfsdk:"deletion_policy"`
	Timeouts            timeouts.Value       `tfsdk:"timeouts"`
}

var ownerAttrTypes = map[string]attr.Type{"id": types.StringType}

// stringFields pairs each plain string attribute with its Account field, so the rules for strings are
// written once.
func (m *accountModel) stringFields(a *truto.Account) []struct {
	tf  *types.String
	api *truto.Field[string]
} {
	return []struct {
		tf  *types.String
		api *truto.Field[string]
	}{
		{&m.Name, &a.Name}, {&m.Website, &a.Website}, {&m.Description, &a.Description}, {&m.Industry, &a.Industry},
	}
}

// listFields pairs each nested list attribute with its spec and Account field.
type listField struct {
	name string
	spec listSpec
	tf   *types.List
	api  func() (any, bool) // the API's value and whether it was present and non-null
	set  func(items []item) error
}

func (m *accountModel) listFields(a *truto.Account) []listField {
	return []listField{
		{"addresses", addressSpec, &m.Addresses, fieldAny(a.Addresses), setList(addressSpec, &a.Addresses)},
		{"phone_numbers", phoneSpec, &m.PhoneNumbers, fieldAny(a.PhoneNumbers), setList(phoneSpec, &a.PhoneNumbers)},
		{"urls", urlSpec, &m.URLs, fieldAny(a.URLs), setList(urlSpec, &a.URLs)},
		{"tags", tagSpec, &m.Tags, fieldAny(a.Tags), setList(tagSpec, &a.Tags)},
	}
}

func fieldAny[T any](f truto.Field[T]) func() (any, bool) {
	return func() (any, bool) {
		v, ok := f.Get()
		return v, ok
	}
}

func setList[T any](spec listSpec, f *truto.Field[[]T]) func([]item) error {
	return func(items []item) error {
		out := []T{} // never nil: an empty list is sent as [] (which clears), not null
		if err := spec.toAPI(items, &out); err != nil {
			return err
		}
		*f = truto.Value(out)
		return nil
	}
}

func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// createRequest builds the body of a create from the plan: every known, non-null attribute. An
// empty string is left out (there is nothing to clear yet).
func createRequest(plan accountModel) (*truto.Account, error) {
	a := &truto.Account{}
	for _, f := range plan.stringFields(a) {
		if known(*f.tf) && f.tf.ValueString() != "" {
			*f.api = truto.Value(f.tf.ValueString())
		}
	}
	if known(plan.NumberOfEmployees) {
		a.NumberOfEmployees = truto.Value(plan.NumberOfEmployees.ValueInt64())
	}
	if known(plan.Owner) {
		a.Owner = truto.Value(ownerFrom(plan.Owner))
	}
	for _, lf := range plan.listFields(a) {
		if known(*lf.tf) {
			if err := lf.set(lf.spec.items(*lf.tf)); err != nil {
				return nil, fmt.Errorf("%s: %w", lf.name, err)
			}
		}
	}
	cf, err := customFieldsCreate(plan.CustomFields)
	if err != nil {
		return nil, fmt.Errorf("custom_fields: %w", err)
	}
	if len(cf) > 0 {
		a.CustomFields = cf
	}
	if known(plan.RemoteData) {
		a.RemoteData = json.RawMessage(plan.RemoteData.ValueString())
	}
	if known(plan.CreatedAt) {
		a.CreatedAt = truto.Value(plan.CreatedAt.ValueString())
	}
	return a, nil
}

// updateRequest builds a PATCH body holding only what differs between plan and state. Custom fields
// that an import adopted and the plan leaves out are not cleared: they were never configured. A string set
// to "" is sent as "" (which clears it, and unlike null no CRM rejects it as the wrong type; a CRM
// that then returns null or leaves the field out is read back as ""); lists are sent whole. It returns nil when nothing the API
// stores has changed (only deletion_policy, timeouts or remote_query, say).
func updateRequest(plan, state accountModel, adopted map[string]bool) (*truto.Account, error) {
	a := &truto.Account{}
	changed := false
	stateA := &truto.Account{}
	stateStrings := state.stringFields(stateA)
	for i, f := range plan.stringFields(a) {
		if !known(*f.tf) || f.tf.Equal(*stateStrings[i].tf) {
			continue
		}
		changed = true
		*f.api = truto.Value(f.tf.ValueString())
	}
	if known(plan.NumberOfEmployees) && !plan.NumberOfEmployees.Equal(state.NumberOfEmployees) {
		a.NumberOfEmployees, changed = truto.Value(plan.NumberOfEmployees.ValueInt64()), true
	}
	if known(plan.Owner) && !plan.Owner.Equal(state.Owner) {
		a.Owner, changed = truto.Value(ownerFrom(plan.Owner)), true
	}
	stateLists := state.listFields(stateA)
	for i, lf := range plan.listFields(a) {
		if !known(*lf.tf) || lf.tf.Equal(*stateLists[i].tf) {
			continue
		}
		if err := lf.set(lf.spec.items(*lf.tf)); err != nil {
			return nil, fmt.Errorf("%s: %w", lf.name, err)
		}
		changed = true
	}
	if known(plan.CustomFields) {
		cf, err := customFieldsPatch(plan.CustomFields, state.CustomFields, adopted)
		if err != nil {
			return nil, fmt.Errorf("custom_fields: %w", err)
		}
		if len(cf) > 0 {
			a.CustomFields, changed = cf, true
		}
	}
	if known(plan.RemoteData) {
		if eq, _ := plan.RemoteData.StringSemanticEquals(bg, state.RemoteData); !eq {
			a.RemoteData, changed = json.RawMessage(plan.RemoteData.ValueString()), true
		}
	}
	if !changed {
		return nil, nil
	}
	return a, nil
}

func ownerFrom(o types.Object) truto.Owner {
	id, _ := o.Attributes()["id"].(types.String)
	return truto.Owner{ID: id.ValueString()}
}

func ownerValue(f truto.Field[truto.Owner]) types.Object {
	o, ok := f.Get()
	if !ok || o.ID == "" {
		return types.ObjectNull(ownerAttrTypes)
	}
	return types.ObjectValueMust(ownerAttrTypes, map[string]attr.Value{"id": types.StringValue(o.ID)})
}

// stateAfterApply builds the state after a create or update: the plan, with every unknown value
// (the id, timestamps, attributes the configuration leaves unset, CRM ids in lists) filled from the
// API's response. Known planned values are kept as they are: Terraform requires it, and the response
// of some integrations is partial. Drift the CRM introduced shows up at the next read.
func stateAfterApply(plan accountModel, a *truto.Account) (accountModel, error) {
	s := plan
	if s.ID.IsUnknown() || s.ID.IsNull() {
		s.ID = types.StringValue(a.ID)
	}
	for _, f := range s.stringFields(a) {
		if f.tf.IsUnknown() {
			*f.tf = stringValue(*f.api)
		}
	}
	if s.NumberOfEmployees.IsUnknown() {
		s.NumberOfEmployees = int64Value(a.NumberOfEmployees)
	}
	if s.Owner.IsUnknown() {
		s.Owner = ownerValue(a.Owner)
	}
	for _, lf := range s.listFields(a) {
		v, present := lf.api()
		items, err := lf.spec.fromAPI(v, present)
		if err != nil {
			return s, fmt.Errorf("%s: %w", lf.name, err)
		}
		*lf.tf = lf.spec.afterApply(*lf.tf, items, present)
	}
	if s.CustomFields.IsUnknown() {
		// Unset custom_fields manages no keys; the CRM's own fields are not adopted.
		s.CustomFields = types.DynamicNull()
	}
	if s.CreatedAt.IsUnknown() {
		s.CreatedAt = timeValue(a.CreatedAt)
	}
	s.UpdatedAt = keepOrTime(s.UpdatedAt, a.UpdatedAt)
	s.LastActivityAt = keepOrTime(s.LastActivityAt, a.LastActivityAt)
	return s, nil
}

// stateAfterRead builds the state from a read of the record. The CRM's values replace the prior
// ones, so changes made outside Terraform show up as drift, except where that would be noise:
//   - a string the configuration sets to "" that the CRM returns as null or leaves out stays "";
//   - created_at keeps its prior value (it is write-once; some CRMs ignore a supplied one, and a
//     different spelling of the same instant must not diff);
//   - custom_fields keeps only the managed (prior) keys, unless adoptAll (right after an import);
//   - remote_data and remote_query are never read back (they are request-only), and
//     integrated_account_id, deletion_policy and timeouts are Terraform-side settings.
func stateAfterRead(prior accountModel, a *truto.Account, adoptAll bool) (accountModel, error) {
	s := prior // the id stays the one Terraform tracks, whatever the CRM answers with
	priorA := &truto.Account{}
	priorStrings := prior.stringFields(priorA)
	for i, f := range s.stringFields(a) {
		v := stringValue(*f.api)
		if p := *priorStrings[i].tf; v.IsNull() && known(p) && p.ValueString() == "" {
			v = p
		}
		*f.tf = v
	}
	s.NumberOfEmployees = int64Value(a.NumberOfEmployees)
	s.Owner = ownerValue(a.Owner)
	for _, lf := range s.listFields(a) {
		v, present := lf.api()
		items, err := lf.spec.fromAPI(v, present)
		if err != nil {
			return s, fmt.Errorf("%s: %w", lf.name, err)
		}
		*lf.tf = lf.spec.afterRead(*lf.tf, items, present)
	}
	s.CustomFields = customFieldsFromAPI(a.CustomFields, prior.CustomFields, adoptAll)
	if !known(prior.CreatedAt) {
		s.CreatedAt = timeValue(a.CreatedAt)
	}
	s.UpdatedAt = timeValue(a.UpdatedAt)
	s.LastActivityAt = timeValue(a.LastActivityAt)
	return s, nil
}

func stringValue(f truto.Field[string]) types.String {
	if v, ok := f.Get(); ok {
		return types.StringValue(v)
	}
	return types.StringNull()
}

func int64Value(f truto.Field[int64]) types.Int64 {
	if v, ok := f.Get(); ok {
		return types.Int64Value(v)
	}
	return types.Int64Null()
}

// timeValue keeps the API's spelling; it is wrapped without validation because a CRM that returns
// a non-RFC 3339 time must not fail a read.
func timeValue(f truto.Field[string]) timetypes.RFC3339 {
	if v, ok := f.Get(); ok && v != "" {
		return timetypes.RFC3339{StringValue: basetypes.NewStringValue(v)}
	}
	return timetypes.NewRFC3339Null()
}

// keepOrTime fills an unknown timestamp from the response; a known one (no change planned) stays.
func keepOrTime(v timetypes.RFC3339, f truto.Field[string]) timetypes.RFC3339 {
	if v.IsUnknown() {
		return timeValue(f)
	}
	return v
}
