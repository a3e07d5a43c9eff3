package truto

import (
	"context"
	"encoding/json"
	"fmt"
)

// FieldDefinition is one field of the custom-field catalog. Name is the key a record's
// custom_fields uses.
type FieldDefinition struct {
	ID, Name, Label, Description, Type, EntityType string
	Options                                        []FieldOption
	IsRequired, IsUserDefined, IsHidden            bool
}

// FieldOption is one choice of an enum or array field; Value is stringified (numbers, bools).
type FieldOption struct{ Label, Value string }

// fieldCatalog is the custom-field catalog: a list endpoint like the records'.
var fieldCatalog = Collection{Path: "/unified/crm/fields", Noun: "field"}

// Fields lists every field of the catalog for one entity (account, contact, lead, note,
// opportunity, task), following next_cursor across pages (at most 50 of them).
func (c *Client) Fields(ctx context.Context, integratedAccountID, entity string) ([]FieldDefinition, error) {
	if entity == "" {
		return nil, fmt.Errorf("truto: listing %s: the entity is required", fieldCatalog.Path)
	}
	opts := RequestOptions{IntegratedAccountID: integratedAccountID, Params: []Param{{"entity", entity}}}
	var out []FieldDefinition
	cursor := ""
	seen := map[string]bool{}
	for range maxFieldPages {
		page, err := c.listPage(ctx, fieldCatalog, opts, ListParams{}, cursor, probe)
		if err != nil {
			return nil, err
		}
		for i := range page.Result {
			out = append(out, decodeField(&page.Result[i]))
		}
		if page.NextCursor == "" {
			return out, nil
		}
		if seen[page.NextCursor] {
			return nil, fmt.Errorf("truto: GET %s: the API returned the same next_cursor twice; stopping to avoid an endless loop", fieldCatalog.Path)
		}
		seen[page.NextCursor] = true
		cursor = page.NextCursor
	}
	return nil, fmt.Errorf("truto: GET %s: still more pages after %d; stopping to avoid an endless loop", fieldCatalog.Path, maxFieldPages)
}

// decodeField reads one catalog entry; a member that does not fit is left empty.
func decodeField(rec *Record) FieldDefinition {
	text := func(name string) string {
		raw, _ := rec.Value(name)
		s, _ := LooseString(raw)
		return s
	}
	flag := func(name string) bool {
		raw, _ := rec.Value(name)
		b, _ := LooseBool(raw)
		return b
	}
	f := FieldDefinition{
		ID: rec.ID, Name: text("name"), Label: text("label"), Description: text("description"),
		Type: text("type"), EntityType: text("entity_type"),
		IsRequired: flag("is_required"), IsUserDefined: flag("is_user_defined"), IsHidden: flag("is_hidden"),
	}
	raw, _ := rec.Value("options")
	var opts []json.RawMessage
	_ = json.Unmarshal(raw, &opts)
	for _, o := range opts {
		if obj, ok := Object(o); ok {
			label, _ := jsonText(obj["label"])
			value, _ := jsonText(obj["value"])
			f.Options = append(f.Options, FieldOption{Label: label, Value: value})
		} else if v, ok := jsonText(o); ok { // a bare value is its own label
			f.Options = append(f.Options, FieldOption{Label: v, Value: v})
		}
	}
	return f
}
