package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// truto_crm_stages: the stages of the CRM's pipelines, to point a deal's stage at.
var Stage = record.Declare(record.Spec{
	Noun:     "stage",
	Plural:   "stages",
	ListOnly: true,
	Fields: []record.Field{
		record.Text("name", "The stage's name."),
		record.Number("position", "The stage's position (order) in its pipeline."),
		record.Text("status", "`active` or `inactive`, where the CRM says."),
		record.NamedRef("pipeline", "The pipeline the stage belongs to.", "The pipeline's id in the CRM.", "The pipeline's name."),
		record.Timestamp("created_at", "When the stage was created, RFC 3339.", record.KeptOnUpdate),
		record.Timestamp("updated_at", "When the stage was last changed in the CRM, RFC 3339.", record.KeptOnUpdate),
	},
	Filters: []record.Filter{
		record.ByParent("pipeline", "of this pipeline id"),
		record.Exact("name"),
		record.Exact("status"),
		record.SortBy("position", "name"),
	},
	SummaryOf: []string{"name", "position", "status", "pipeline", "created_at", "updated_at"},
	KeyedBy:   "name",
})
