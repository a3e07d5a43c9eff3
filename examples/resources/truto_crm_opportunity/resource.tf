resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_contact" "jane" {
  first_name = "Jane"
  last_name  = "Doe"
  account    = { id = truto_crm_account.acme.id }
}

# The deal's owner, looked up by email, and the stage, looked up by name.
data "truto_crm_user" "sam" {
  email = "sam@demo.example"
}

data "truto_crm_stages" "sales" {
  pipeline_id = "pipeline-sales" # the emulator's pipeline; a HubSpot portal's first is "default"
}

resource "truto_crm_opportunity" "renewal" {
  name        = "Acme renewal 2027"
  description = "Three-year renewal with the platinum tier."
  amount      = 48000.50 # kept exactly
  currency    = "USD"
  close_date  = "2026-12-31" # a date, or an RFC 3339 time
  status      = "open"       # the CRM's own vocabulary

  account = { id = truto_crm_account.acme.id }
  contact = [{ id = truto_crm_contact.jane.id }]
  owner   = { id = data.truto_crm_user.sam.id }
  stage   = { id = data.truto_crm_stages.sales.ids_by_name["Proposal"] }

  custom_fields = {
    forecast_category = "commit"
  }
}
