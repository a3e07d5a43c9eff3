package provider

// truto_crm_stages: the stages of the CRM's pipelines, to point a deal's stage at.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

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

// warnNoSuchPipeline warns when a stages list filtered on a pipeline came back empty because the CRM
// has no stage in that pipeline at all, naming the pipelines it has: an empty ids_by_name would
// otherwise surface only as Terraform's "Invalid index" where a stage is looked up by name.
func warnNoSuchPipeline(ctx context.Context, client *truto.Client, opts truto.RequestOptions, pipelineID string, diags *diag.Diagnostics) {
	var pipelines []string
	seen := map[string]bool{}
	for rec, err := range client.List(ctx, stageKind.coll, opts, truto.ListParams{}) {
		if err != nil {
			return // the list itself succeeded; this is only a hint
		}
		raw, _ := rec.Value("pipeline")
		obj, _ := truto.Object(raw)
		id, ok := truto.MemberString(obj, "id")
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		if id == pipelineID {
			return // the pipeline exists; other filters left nothing
		}
		if name, ok := truto.MemberString(obj, "name"); ok && name != "" {
			id = fmt.Sprintf("%q (%s)", id, name)
		} else {
			id = fmt.Sprintf("%q", id)
		}
		pipelines = append(pipelines, id)
	}
	known := "The CRM lists no stage in any pipeline."
	if len(pipelines) > 0 {
		known = "Its pipelines: " + strings.Join(pipelines, ", ") + "."
	}
	diags.AddAttributeWarning(path.Root("pipeline_id"), "No stages in this pipeline",
		fmt.Sprintf("The CRM behind integrated account %q has no stage in pipeline %q, so stages and ids_by_name are empty. %s",
			opts.IntegratedAccountID, pipelineID, known))
}
