# One opportunity by its CRM id.
data "truto_crm_opportunity" "renewal" {
  id = "3456789012"
}

output "renewal_stage_id" {
  value = try(data.truto_crm_opportunity.renewal.stage.id, null)
}
