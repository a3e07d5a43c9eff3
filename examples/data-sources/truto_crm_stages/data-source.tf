# Every stage of every pipeline, to point deals at by name.
data "truto_crm_stages" "all" {}

# The stages of one pipeline, by the pipeline's CRM id: "pipeline-sales" is the emulator's (a
# HubSpot portal's first pipeline is "default"). A pipeline with no stages gives a warning that
# names the pipelines there are.
data "truto_crm_stages" "sales" {
  pipeline_id = "pipeline-sales"
}

output "pipelines" {
  value = distinct([for s in data.truto_crm_stages.all.stages : s.pipeline.name])
}

output "stage_ids" {
  value = data.truto_crm_stages.sales.ids_by_name
}

output "stage_names" {
  value = [for s in data.truto_crm_stages.sales.stages : s.name]
}
