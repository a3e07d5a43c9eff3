# One contact by its CRM id, with every custom field on the record.
data "truto_crm_contact" "jane" {
  id = "2345678901"
}

output "jane_account_id" {
  value = try(data.truto_crm_contact.jane.account.id, null)
}

output "jane_emails" {
  value = [for e in coalesce(data.truto_crm_contact.jane.email_addresses, []) : e.email]
}
