# The custom fields a contact can have in the connected CRM, and the choices of one of them.
data "truto_crm_fields" "contact" {
  entity = "contact"
}

output "contact_custom_fields" {
  value = [for f in data.truto_crm_fields.contact.fields : f.name if f.is_user_defined]
}

output "tier_choices" {
  value = try([for o in data.truto_crm_fields.contact.by_name["tier"].options : o.value], [])
}
