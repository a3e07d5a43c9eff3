# A contact to read back (an id usually comes from the CRM or from truto_crm_contacts).
resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_contact" "jane" {
  first_name      = "Jane"
  last_name       = "Doe"
  account         = { id = truto_crm_account.acme.id }
  email_addresses = [{ email = "jane.doe@acme.example", type = "work" }]
}

# One contact by its CRM id, with every custom field on the record.
data "truto_crm_contact" "jane" {
  id = truto_crm_contact.jane.id
}

output "jane_account_id" {
  value = try(data.truto_crm_contact.jane.account.id, null)
}

output "jane_emails" {
  value = [for e in coalesce(data.truto_crm_contact.jane.email_addresses, []) : e.email]
}
