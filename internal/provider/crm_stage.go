package provider

// truto_crm_stages: the stages of the CRM's pipelines, to point a deal's stage at.

var stageKind = declare(kindSpec{
	noun:     "stage",
	plural:   "stages",
	listOnly: true,
	fields: []field{
		text("name", "The stage's name."),
		number("position", "The stage's position (order) in its pipeline."),
		text("status", "`active` or `inactive`, where the CRM says."),
		namedRef("pipeline", "The pipeline the stage belongs to.", "The pipeline's id in the CRM.", "The pipeline's name."),
		timestamp("created_at", "When the stage was created, RFC 3339.", keptOnUpdate),
		timestamp("updated_at", "When the stage was last changed in the CRM, RFC 3339.", keptOnUpdate),
	},
	filters: []filter{
		byRef("pipeline", "of this pipeline id"),
		exactFilter{"name"},
		exactFilter{"status"},
		sortBy("position", "name"),
	},
	summaryOf: []string{"name", "position", "status", "pipeline", "created_at", "updated_at"},
	keyedBy:   "name",
})
