# The calls logged with one contact.
data "truto_crm_engagements" "calls_with_jane" {
  engagement_type = "call"
  contact_id      = "2345678901"
}

output "calls_with_jane" {
  value = length(data.truto_crm_engagements.calls_with_jane.ids)
}
