resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_contact" "jane" {
  first_name = "Jane"
  last_name  = "Doe"
  account    = { id = truto_crm_account.acme.id }
}

# A call logged against the account and the contact. Changing engagement_type replaces it.
resource "truto_crm_engagement" "discovery" {
  engagement_type = "call"
  direction       = "outbound" # calls only
  subject         = "Discovery call"
  content         = "Roadmap, pricing, next steps."
  start_time      = "2026-11-30T15:00:00Z"
  end_time        = "2026-11-30T15:30:00Z"
  account         = { id = truto_crm_account.acme.id }
  contact         = [{ id = truto_crm_contact.jane.id }]
}
