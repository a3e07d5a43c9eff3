# A CRM user by email (exact, case-insensitive), to own records: no match, or several, is an error.
data "truto_crm_user" "sam" {
  email = "sam@acme.example"
}

# Or by id.
data "truto_crm_user" "by_id" {
  id = "12345"
}

resource "truto_crm_account" "owned" {
  name  = "Initech"
  owner = { id = data.truto_crm_user.sam.id }
}
