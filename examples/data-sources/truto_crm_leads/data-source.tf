# Leads owned by one CRM user.
data "truto_crm_leads" "sams" {
  owner_id = "u-1001"
}

output "sams_unconverted_leads" {
  value = [for l in data.truto_crm_leads.sams.leads : l.id if l.converted_contact_id == null]
}
