# The stages of one pipeline, to point deals at by name.
data "truto_crm_stages" "sales" {
  pipeline_id = "default"
}

output "stage_ids" {
  value = data.truto_crm_stages.sales.ids_by_name
}

output "stage_names" {
  value = [for s in data.truto_crm_stages.sales.stages : s.name]
}
