package record

import (
	"encoding/json"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// customFieldsField is the record's custom_fields: a plain object whose values keep their JSON
// type, managed per key (see custom_fields.go and adopted_custom_fields.go).
type customFieldsField struct{ base }

// The names of the attributes every record kind has for what Truto passes to the CRM as it is.
const (
	customFieldsName = "custom_fields"
	remoteDataName   = "remote_data"
	remoteQueryName  = "remote_query"
)

func (customFieldsField) resourceAttribute(*Kind) rschema.Attribute {
	return rschema.DynamicAttribute{
		MarkdownDescription: "Custom fields as a plain object, keyed by the field's name in the CRM: " +
			"`{ tier = \"gold\", seats = 10, active = true }`. Values keep their JSON type (a number is sent as a " +
			"number). Only the keys written here are managed: fields the CRM or other people set never show as drift, " +
			"and removing a key clears that field in the CRM. Unset, no custom field is managed. An import adopts every " +
			"custom field on the record; the adopted ones a configuration does not list are never cleared.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.Dynamic{keepStateWhenUnset{}, adoptedCustomFieldsKeepState{}},
		Validators:    []validator.Dynamic{customFieldsValidator{}},
	}
}

func (customFieldsField) dataAttribute(*Kind) dschema.Attribute {
	return dschema.DynamicAttribute{
		MarkdownDescription: "Every custom field on the record, keyed by the field's name in the CRM, with its JSON " +
			"type (string, number, bool, object, tuple); a field the CRM returns as null is a null attribute. " +
			"Unlike the resource, which only holds the keys it manages, this includes fields set by the CRM or by " +
			"other people. Null when the CRM returns no custom fields.",
		Computed: true,
	}
}

func (customFieldsField) sent() bool { return true }

func (f customFieldsField) create(plan attr.Value, body *truto.Record) error {
	d, _ := plan.(types.Dynamic)
	cf, err := customFieldsCreate(d)
	if err != nil {
		return err
	}
	return setObject(body, f.n, cf)
}

func (f customFieldsField) update(plan, state attr.Value, body *truto.Record, c *changeContext) error {
	if !known(plan) {
		return nil
	}
	p, _ := plan.(types.Dynamic)
	s, _ := state.(types.Dynamic)
	cf, err := customFieldsPatch(p, s, c.adopted)
	if err != nil {
		return err
	}
	return setObject(body, f.n, cf)
}

// setObject sends a non-empty map of raw values as one JSON object, keys sorted.
func setObject(body *truto.Record, name string, members map[string]json.RawMessage) error {
	if len(members) == 0 {
		return nil
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		kb, _ := json.Marshal(k)
		buf = append(append(append(buf, kb...), ':'), members[k]...)
	}
	body.Set(name, append(buf, '}'))
	return nil
}

// applied leaves unset custom_fields managing no keys: the CRM's own fields are not adopted.
func (customFieldsField) applied(plan attr.Value, _ *truto.Record) attr.Value {
	if plan.IsUnknown() {
		return types.DynamicNull()
	}
	return plan
}

func (f customFieldsField) read(prior attr.Value, resp *truto.Record, adoptAll bool) attr.Value {
	p, _ := prior.(types.Dynamic)
	return customFieldsFromAPI(f.members(resp), p, adoptAll)
}

// completeIn requires every managed custom field in the record's custom_fields.
func (f customFieldsField) completeIn(prior attr.Value, rec *truto.Record) bool {
	managed, _ := customFieldEntries(dynamic(prior))
	if len(managed) == 0 {
		return true
	}
	members := f.members(rec)
	for k := range managed {
		if _, ok := members[k]; !ok {
			return false
		}
	}
	return true
}

func (f customFieldsField) dataValue(resp *truto.Record) attr.Value {
	return allCustomFields(f.members(resp))
}

// members are the custom fields of a response; anything but an object is ignored.
func (f customFieldsField) members(resp *truto.Record) map[string]json.RawMessage {
	raw, _ := resp.Value(f.n)
	obj, _ := truto.Object(raw)
	return obj
}

func (f customFieldsField) summaryAttributes(k *Kind) map[string]dschema.Attribute {
	return map[string]dschema.Attribute{f.n + "_json": dschema.StringAttribute{
		MarkdownDescription: "Every custom field on the " + k.noun + " as a JSON object string (use `jsondecode`); " +
			"`{}` when it has none. A JSON string because Terraform cannot hold dynamically typed values inside a list.",
		CustomType: jsontypes.NormalizedType{},
		Computed:   true,
	}}
}

func (f customFieldsField) summaryValues(resp *truto.Record) map[string]attr.Value {
	return map[string]attr.Value{f.n + "_json": jsontypes.NewNormalizedValue(customFieldsJSON(f.members(resp)))}
}

// remoteDataField holds extra vendor fields sent in create and update bodies; never read back.
type remoteDataField struct{ base }

func (remoteDataField) resourceAttribute(*Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: "Extra vendor fields as a JSON object (use `jsonencode`), passed to the CRM untransformed " +
			"in create and update bodies. Never read back: the CRM's raw record is not stored in state.",
		CustomType: jsontypes.NormalizedType{},
		Optional:   true,
		Validators: []validator.String{jsonObjectValidator{}},
	}
}

func (remoteDataField) sent() bool { return true }

func (f remoteDataField) create(plan attr.Value, body *truto.Record) error {
	if known(plan) {
		n, _ := plan.(jsontypes.Normalized)
		body.Set(f.n, json.RawMessage(n.ValueString()))
	}
	return nil
}

func (f remoteDataField) update(plan, state attr.Value, body *truto.Record, _ *changeContext) error {
	p, _ := plan.(jsontypes.Normalized)
	s, _ := state.(jsontypes.Normalized)
	if known(p) {
		if eq, _ := p.StringSemanticEquals(bg, s); !eq {
			body.Set(f.n, json.RawMessage(p.ValueString()))
		}
	}
	return nil
}

// remoteQueryField holds query parameters passed to the CRM on writes; never read back.
type remoteQueryField struct{ base }

func (remoteQueryField) resourceAttribute(*Kind) rschema.Attribute {
	return rschema.MapAttribute{
		MarkdownDescription: "Query parameters passed to the CRM untransformed on create and update, sent as " +
			"`remote_query[key]=value` (some integrations need them, e.g. a workspace id). Not read back.",
		ElementType: types.StringType,
		Optional:    true,
		Validators:  []validator.Map{mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1))},
	}
}

func (remoteQueryField) requestOptions(plan attr.Value, opts *truto.RequestOptions) {
	m, ok := plan.(types.Map)
	if !ok || !known(m) {
		return
	}
	opts.RemoteQuery = map[string]string{}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && known(s) {
			opts.RemoteQuery[k] = s.ValueString()
		}
	}
}
