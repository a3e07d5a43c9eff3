# One engagement by its CRM id.
data "truto_crm_engagement" "discovery" {
  id = "4567890123"
}

output "discovery_minutes" {
  value = data.truto_crm_engagement.discovery.duration
}
