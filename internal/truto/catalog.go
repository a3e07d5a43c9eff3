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
	IsRequired, IsUnique, IsHidden, IsUserDefined  bool
	// FieldGroupID is field_group.id, else the id of the first of field_groups.
	FieldGroupID         string
	CreatedAt, UpdatedAt string // as the API spells them
	// returned are the members the response carried with a value (see Returned).
	returned map[string]bool
}

// Returned reports whether the response carried member (a unified name such as "is_unique" or
// "field_group") with a value: a member the integration does not return is not a false or an
// empty value, and must not be read as drift.
func (f *FieldDefinition) Returned(member string) bool { return f.returned[member] }

// FieldOption is one choice of an enum or array field; Value is stringified (numbers, bools).
// Description and IsHidden are what some CRMs add.
type FieldOption struct {
	Label, Value, Description string
	IsHidden                  bool
}

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

// decodeField reads one field definition; a member that does not fit is left empty. The flags are
// read under their unified names, else under the bare spelling (hidden, required, unique) the
// reference also shows (§14 #4).
func decodeField(rec *Record) FieldDefinition {
	f := FieldDefinition{ID: rec.ID, returned: map[string]bool{}}
	value := func(names ...string) json.RawMessage {
		for _, n := range names {
			if raw, ok := rec.Value(n); ok {
				f.returned[names[0]] = true
				return raw
			}
		}
		return nil
	}
	text := func(name string) string {
		s, _ := LooseString(value(name))
		return s
	}
	flag := func(names ...string) bool {
		b, _ := LooseBool(value(names...))
		return b
	}
	f.Name, f.Label, f.Description = text("name"), text("label"), text("description")
	f.Type, f.EntityType = text("type"), text("entity_type")
	f.CreatedAt, f.UpdatedAt = text("created_at"), text("updated_at")
	f.IsRequired = flag(fieldFlagCandidates.required...)
	f.IsUnique = flag(fieldFlagCandidates.unique...)
	f.IsHidden = flag(fieldFlagCandidates.hidden...)
	f.IsUserDefined = flag("is_user_defined")
	if id, ok := RefID(value("field_group")); ok {
		f.FieldGroupID = id
	} else if groups, ok := ObjectList(value("field_groups")); ok && len(groups) > 0 {
		f.FieldGroupID, _ = MemberString(groups[0], "id")
		f.returned["field_group"] = f.FieldGroupID != ""
	}
	var opts []json.RawMessage
	_ = json.Unmarshal(value("options"), &opts)
	for _, raw := range opts {
		if o, ok := fieldOption(raw); ok {
			f.Options = append(f.Options, o)
		}
	}
	return f
}
