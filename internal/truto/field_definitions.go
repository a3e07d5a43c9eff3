package truto

import (
	"context"
	"encoding/json"
	"fmt"
)

// Field definitions: create, read, change and delete one field of the custom-field catalog
// (reference §11). They go through the record machinery (Create, Get, Update, Delete on the
// catalog's path), so retries, the Idempotency-Key, rate limits and the outcome-unknown report of
// a create work as for records. Every call sends entity as a query parameter: some integrations
// require it on every fields call, and meta's query_schema says which; sending it where it is not
// required is harmless.

// FieldInput is a field definition to create, or the changes to make to one (PATCH: what is left
// out is left alone). Empty strings, nil pointers and nil Options are left out of the body.
type FieldInput struct {
	Name, Label, Type string
	// Description is sent when not nil; "" clears it on update.
	Description *string
	// Options are sent when not nil (an empty list as []), each as {label, value}, with
	// description when not empty and is_hidden when true.
	Options []FieldOption
	// The flags are sent when not nil, under the names in FlagNames.
	IsRequired, IsUnique, IsHidden *bool
	// FieldGroupID is sent as field_group {id} when not empty.
	FieldGroupID string
	// FlagNames are the body names of the three flags; an empty name takes the default
	// (DefaultFieldFlagNames). Choose them with FieldFlagNamesFrom(meta.RequestBody).
	FlagNames FieldFlagNames
}

// FieldFlagNames are the request-body names of a field's flags, which the reference leaves
// unsettled (is_hidden or hidden, §11 and §14 #4).
type FieldFlagNames struct{ Required, Unique, Hidden string }

// DefaultFieldFlagNames are the unified field object's own names: the names reads return, and
// Truto's unified bodies elsewhere use the unified model's names.
var DefaultFieldFlagNames = FieldFlagNames{Required: "is_required", Unique: "is_unique", Hidden: "is_hidden"}

// fieldFlagCandidates are the spellings each flag is known under, the default first.
var fieldFlagCandidates = struct{ required, unique, hidden []string }{
	required: []string{"is_required", "required"},
	unique:   []string{"is_unique", "unique"},
	hidden:   []string{"is_hidden", "hidden"},
}

// FieldFlagNamesFrom chooses the flags' body names from a create or update meta's
// request_body_schema (nil: the defaults): for each flag, the first spelling its top-level
// properties list, else the default.
func FieldFlagNamesFrom(body *Schema) FieldFlagNames {
	var props []string
	if body != nil {
		for name := range body.Properties {
			props = append(props, name)
		}
	}
	return FieldFlagNames{
		Required: ChooseBodyName(props, fieldFlagCandidates.required...),
		Unique:   ChooseBodyName(props, fieldFlagCandidates.unique...),
		Hidden:   ChooseBodyName(props, fieldFlagCandidates.hidden...),
	}
}

// ChooseBodyName returns the first candidate that properties (a schema's top-level property
// names) holds, else the first candidate: the safe reading when the schema says nothing.
func ChooseBodyName(properties []string, candidates ...string) string {
	for _, c := range candidates {
		for _, p := range properties {
			if p == c {
				return c
			}
		}
	}
	if len(candidates) == 0 {
		return ""
	}
	return candidates[0]
}

func (n FieldFlagNames) orDefault() FieldFlagNames {
	d := DefaultFieldFlagNames
	return FieldFlagNames{Required: orDefault(n.Required, d.Required), Unique: orDefault(n.Unique, d.Unique), Hidden: orDefault(n.Hidden, d.Hidden)}
}

// body builds the request body; a create also carries entity (the documented create integrations
// all require it in the body).
func (in *FieldInput) body(entity string, create bool) (*Record, error) {
	rec := &Record{}
	set := func(name string, v any) error { return rec.SetValue(name, v) }
	var err error
	str := func(name, v string) {
		if v != "" && err == nil {
			err = set(name, v)
		}
	}
	if create {
		str("entity", entity)
	}
	str("name", in.Name)
	str("label", in.Label)
	str("type", in.Type)
	if in.Description != nil && err == nil {
		err = set("description", *in.Description)
	}
	if in.Options != nil && err == nil {
		type option struct {
			Label       string `json:"label"`
			Value       string `json:"value"`
			Description string `json:"description,omitempty"`
			IsHidden    bool   `json:"is_hidden,omitempty"`
		}
		opts := make([]option, len(in.Options))
		for i, o := range in.Options {
			opts[i] = option(o)
		}
		err = set("options", opts)
	}
	names := in.FlagNames.orDefault()
	for _, f := range []struct {
		name string
		v    *bool
	}{{names.Required, in.IsRequired}, {names.Unique, in.IsUnique}, {names.Hidden, in.IsHidden}} {
		if f.v != nil && err == nil {
			err = set(f.name, *f.v)
		}
	}
	if in.FieldGroupID != "" && err == nil {
		err = set("field_group", map[string]string{"id": in.FieldGroupID})
	}
	if err != nil {
		return nil, fmt.Errorf("truto: encoding the field definition: %w", err)
	}
	return rec, nil
}

// withEntity adds entity= to a copy of opts.
func withEntity(opts RequestOptions, entity string) (RequestOptions, error) {
	if entity == "" {
		return opts, fmt.Errorf("truto: %s: the entity is required", fieldCatalog.Path)
	}
	opts.Params = append(append([]Param(nil), opts.Params...), Param{"entity", entity})
	return opts, nil
}

// CreateField creates a field definition of entity (account, contact ...): POST
// /unified/crm/fields?entity=. Like Create, it sends one Idempotency-Key on every attempt and
// returns an *OutcomeUnknownError when the field may exist although no success was seen. A
// response without a readable definition but with an id yields a definition holding only the id.
func (c *Client) CreateField(ctx context.Context, opts RequestOptions, entity string, in FieldInput) (*FieldDefinition, error) {
	opts, err := withEntity(opts, entity)
	if err != nil {
		return nil, err
	}
	body, err := in.body(entity, true)
	if err != nil {
		return nil, err
	}
	rec, err := c.Create(ctx, fieldCatalog, opts, body)
	if err != nil {
		return nil, err
	}
	def := decodeField(rec)
	return &def, nil
}

// GetField reads one field definition: GET /unified/crm/fields/{id}?entity=. The list is partial
// (§11), get is the full object. A CRM 404 (IsCRMNotFound) means the field is gone.
func (c *Client) GetField(ctx context.Context, opts RequestOptions, entity, id string) (*FieldDefinition, error) {
	opts, err := withEntity(opts, entity)
	if err != nil {
		return nil, err
	}
	rec, err := c.Get(ctx, fieldCatalog, opts, id)
	if err != nil {
		return nil, err
	}
	def := decodeField(rec)
	return &def, nil
}

// UpdateField changes a field definition: PATCH /unified/crm/fields/{id}?entity=. An empty 2xx
// body yields a definition holding only the id (read it back with GetField).
func (c *Client) UpdateField(ctx context.Context, opts RequestOptions, entity, id string, in FieldInput) (*FieldDefinition, error) {
	opts, err := withEntity(opts, entity)
	if err != nil {
		return nil, err
	}
	body, err := in.body(entity, false)
	if err != nil {
		return nil, err
	}
	rec, err := c.Update(ctx, fieldCatalog, opts, id, body)
	if err != nil {
		return nil, err
	}
	def := decodeField(rec)
	return &def, nil
}

// DeleteField deletes a field definition: DELETE /unified/crm/fields/{id}?entity=. The reference
// documents no delete for fields: it is the generic method mapping (§2), for accounts whose
// capabilities list delete on fields; others answer 405 or 404. Deleting a field erases its value
// on every record.
func (c *Client) DeleteField(ctx context.Context, opts RequestOptions, entity, id string) error {
	opts, err := withEntity(opts, entity)
	if err != nil {
		return err
	}
	return c.Delete(ctx, fieldCatalog, opts, id)
}

// FieldMeta reads the meta of a fields method ("create", "update", "get" ...) for the account's
// integration: its request_body_schema names the flags (FieldFlagNamesFrom), its query_schema
// says whether entity is required.
func (c *Client) FieldMeta(ctx context.Context, integratedAccountID, method string) (*MethodMeta, error) {
	return c.Meta(ctx, fieldCatalog, integratedAccountID, method)
}

// fieldOption reads one option: {label, value[, description][, is_hidden]} or a bare value (its
// own label). Values are stringified (numbers, bools).
func fieldOption(raw json.RawMessage) (FieldOption, bool) {
	obj, ok := Object(raw)
	if !ok {
		v, ok := jsonText(raw)
		return FieldOption{Label: v, Value: v}, ok
	}
	var o FieldOption
	o.Label, _ = jsonText(obj["label"])
	o.Value, _ = jsonText(obj["value"])
	o.Description, _ = MemberString(obj, "description")
	o.IsHidden, _ = LooseBool(obj["is_hidden"])
	return o, true
}
