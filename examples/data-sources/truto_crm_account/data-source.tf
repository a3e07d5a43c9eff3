# An account to read back. An id usually comes from the CRM or from the truto_crm_accounts data
# source; here it is the id of an account this configuration creates.
resource "truto_crm_account" "acme" {
  name          = "Acme Corporation"
  custom_fields = { tier = "gold" }
}

# One account by its CRM id, with every custom field on the record.
data "truto_crm_account" "acme" {
  id = truto_crm_account.acme.id
}

# The same account with the CRM's raw record, for vendor fields outside the unified schema, from
# an integrated account named here rather than the provider's default.
data "truto_crm_account" "acme_raw" {
  id                    = truto_crm_account.acme.id
  integrated_account_id = truto_crm_account.acme.integrated_account_id
  include_remote_data   = true
}

output "acme_tier" {
  value = try(data.truto_crm_account.acme.custom_fields.tier, null)
}

output "acme_hubspot_lead_status" {
  value = try(jsondecode(data.truto_crm_account.acme_raw.remote_data).properties.hs_lead_status, null)
}
