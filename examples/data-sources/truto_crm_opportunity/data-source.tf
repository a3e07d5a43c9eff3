# A deal to read back (an id usually comes from the CRM or from truto_crm_opportunities), in the
# stage looked up by name.
data "truto_crm_stages" "all" {}

resource "truto_crm_opportunity" "renewal" {
  name  = "Acme renewal 2027"
  stage = { id = data.truto_crm_stages.all.ids_by_name["Proposal"] }
}

# One opportunity by its CRM id.
data "truto_crm_opportunity" "renewal" {
  id = truto_crm_opportunity.renewal.id
}

output "renewal_stage_id" {
  value = try(data.truto_crm_opportunity.renewal.stage.id, null)
}
