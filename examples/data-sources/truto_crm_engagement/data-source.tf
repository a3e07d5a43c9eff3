# An engagement to read back (an id usually comes from the CRM or from truto_crm_engagements).
resource "truto_crm_engagement" "discovery" {
  engagement_type = "call"
  subject         = "Discovery call"
  start_time      = "2026-11-30T15:00:00Z"
  end_time        = "2026-11-30T15:30:00Z"
}

# One engagement by its CRM id.
data "truto_crm_engagement" "discovery" {
  id = truto_crm_engagement.discovery.id
}

output "discovery_minutes" {
  value = data.truto_crm_engagement.discovery.duration
}
