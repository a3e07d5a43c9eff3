package provider

import "slices"

// truto_crm_fields: the custom-field catalog of one entity, the names custom_fields takes.

var fieldKind = declare(kindSpec{
	noun:     "field",
	plural:   "fields",
	listOnly: true,
	fields: []field{
		text("name", "The field's name: its key in a record's `custom_fields`."),
		text("label", "The field's display label."),
		text("description", "The field's description, where the CRM has one."),
		text("type", "The field's type: `string`, `text`, `rich_text`, `number`, `boolean`, `date`, `datetime`, `time`, "+
			"`enum`, `array` or `file`."),
		list("options", "The choices of an `enum` or `array` field.", fieldOptionSpec),
		boolean("is_required", "Whether the CRM requires the field."),
		boolean("is_user_defined", "Whether the field is a custom field (the catalog lists the CRM's standard fields too)."),
		boolean("is_hidden", "Whether the CRM hides the field."),
	},
	filters: []filter{
		selectorFilter{name: "entity", values: func() []string { return catalogEntities }, doc: func(values []string) string {
			return "The record type whose fields to list: " + joinOr(quoted(values)) + " (`activity` holds engagements' " +
				"fields). Each CRM serves a subset (HubSpot, for example, has no catalog of notes or tasks)."
		}},
		exactFilter{"name"},
	},
	summaryOf: []string{"name", "label", "description", "type", "options", "is_required", "is_user_defined", "is_hidden"},
	indexBy:   "name",
	about: "These are the keys a record's `custom_fields` takes, and the values each accepts. Where an integration serves " +
		"this catalog, the provider also checks every resource's `custom_fields` against it at plan time.",
})

// catalogEntities are the custom-field catalog's entities of the kinds (their catalog option),
// sorted: the one list the entity argument accepts, so every entity a plan check names can be
// listed (Truto also documents project and view, which no kind maps to). Set by init: fieldKind is
// one of the kinds, and its entity argument takes these values.
var catalogEntities []string

func init() { catalogEntities = catalogEntitiesOf(kinds) }

// catalogEntitiesOf are the distinct catalog entities of ks, sorted.
func catalogEntitiesOf(ks []*kind) []string {
	var out []string
	for _, k := range ks {
		if k.catalog != "" && !slices.Contains(out, k.catalog) {
			out = append(out, k.catalog)
		}
	}
	slices.Sort(out)
	return out
}

// fieldOptionSpec is one choice of an enum or array field.
var fieldOptionSpec = newListSpec("option",
	itemText("label", "The choice's display label."),
	itemText("value", "The value to put in `custom_fields`."),
)

// quoted puts each item in backticks, for descriptions.
func quoted(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return out
}
