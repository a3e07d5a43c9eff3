# One account by its CRM id, with every custom field on the record.
data "truto_crm_account" "acme" {
  id = "9876543210"
}

# The same account with the CRM's raw record, for vendor fields outside the unified schema.
data "truto_crm_account" "acme_raw" {
  id                    = "9876543210"
  integrated_account_id = "6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41"
  include_remote_data   = true
}

output "acme_tier" {
  value = try(data.truto_crm_account.acme.custom_fields.tier, null)
}

output "acme_hubspot_lead_status" {
  value = try(jsondecode(data.truto_crm_account.acme_raw.remote_data).properties.hs_lead_status, null)
}
