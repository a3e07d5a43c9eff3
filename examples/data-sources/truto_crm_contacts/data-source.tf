# The contacts of one account (the provider follows the API's cursor across pages, and re-checks
# account_id on every result in case the CRM ignores the filter).
data "truto_crm_contacts" "at_acme" {
  account_id = "9876543210"
}

# The contact with this email address.
data "truto_crm_contacts" "jane" {
  email = "jane.doe@acme.example"
  limit = 1
}

output "acme_contact_names" {
  value = keys(data.truto_crm_contacts.at_acme.ids_by_name)
}

output "jane_id" {
  value = one(data.truto_crm_contacts.jane.ids)
}
