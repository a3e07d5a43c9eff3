resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

data "truto_crm_user" "sam" {
  email = "sam@demo.example"
}

# Minimal: a first name, a last name or an email address is all Truto requires. Every attribute
# left out is unmanaged: read from the CRM, never sent, never shown as drift.
resource "truto_crm_contact" "minimal" {
  email_addresses = [{ email = "info@acme.example" }]
}

# A person at an account, owned by a CRM user.
resource "truto_crm_contact" "jane" {
  first_name = "Jane"
  last_name  = "Doe"
  title      = "VP Engineering"
  account    = { id = truto_crm_account.acme.id }  # a reference to a record created in the same apply
  owner      = { id = data.truto_crm_user.sam.id } # a CRM user id, here looked up by email

  email_addresses = [{ email = "jane.doe@acme.example", type = "work" }] # compared case-insensitively
  phone_numbers   = [{ number = "+1 555 0142", type = "mobile" }]
  addresses       = [{ city = "Springfield", country = "US" }]
  tags            = [{ name = "champion" }]

  custom_fields = {
    linkedin = "https://www.linkedin.com/in/janedoe"
    nps      = 9
  }

  # "abandon" only forgets the contact on destroy (for CRMs that cannot delete contacts).
  deletion_policy = "delete"
}
