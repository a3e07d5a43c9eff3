package kinds

import (
	"slices"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// truto_crm_fields: the custom-field catalog of one entity, the names custom_fields takes.
var FieldCatalog = record.Declare(record.Spec{
	Noun:     "field",
	Plural:   "fields",
	ListOnly: true,
	Fields: []record.Field{
		record.Text("name", "The field's name: its key in a record's `custom_fields`."),
		record.Text("label", "The field's display label."),
		record.Text("description", "The field's description, where the CRM has one."),
		record.Text("type", "The field's type: `string`, `text`, `rich_text`, `number`, `boolean`, `date`, `datetime`, `time`, "+
			"`enum`, `array` or `file`."),
		record.List("options", "The choices of an `enum` or `array` field.", fieldOptionSpec),
		record.Boolean("is_required", "Whether the CRM requires the field."),
		record.Boolean("is_user_defined", "Whether the field is a custom field (the catalog lists the CRM's standard fields too)."),
		record.Boolean("is_hidden", "Whether the CRM hides the field."),
	},
	Filters: []record.Filter{
		record.Selector("entity", func() []string { return catalogEntities }, func(values []string) string {
			return "The record type whose fields to list: " + record.JoinOr(record.Backticked(values)) + " (`activity` holds engagements' " +
				"fields). Each CRM serves a subset (HubSpot, for example, has no catalog of notes or tasks)."
		}),
		record.Exact("name"),
	},
	SummaryOf: []string{"name", "label", "description", "type", "options", "is_required", "is_user_defined", "is_hidden"},
	IndexBy:   "name",
	About: "These are the keys a record's `custom_fields` takes, and the values each accepts. Where an integration serves " +
		"this catalog, the provider also checks every resource's `custom_fields` against it at plan time.",
})

// catalogEntities are the custom-field catalog's entities of the kinds (their catalog option),
// sorted: the one list the entity argument accepts, so every entity a plan check names can be
// listed (Truto also documents project and view, which no kind maps to). Set by init: FieldCatalog
// is one of the kinds, and its entity argument takes these values.
var catalogEntities []string

func init() { catalogEntities = catalogEntitiesOf(All) }

// CatalogEntities are the catalog entities the kinds use, sorted: the entities truto_crm_fields,
// truto_crm_field and the plan checks know.
func CatalogEntities() []string { return catalogEntities }

// catalogEntitiesOf are the distinct catalog entities of ks, sorted.
func catalogEntitiesOf(ks []*record.Kind) []string {
	var out []string
	for _, k := range ks {
		if k.Catalog() != "" && !slices.Contains(out, k.Catalog()) {
			out = append(out, k.Catalog())
		}
	}
	slices.Sort(out)
	return out
}

// fieldOptionSpec is one choice of an enum or array field.
var fieldOptionSpec = record.NewListSpec("option",
	record.ItemText("label", "The choice's display label."),
	record.ItemText("value", "The value to put in `custom_fields`."),
)
