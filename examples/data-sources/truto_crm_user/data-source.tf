# A CRM user by email (exact, case-insensitive), to own records: no match, or several, is an error
# (truto_crm_users lists them all). The emulator's users are alex@, sam@ and jo@demo.example.
data "truto_crm_user" "sam" {
  email = "sam@demo.example"
}

# Or by id ("user-jo" in the emulator).
data "truto_crm_user" "by_id" {
  id = "user-jo"
}

resource "truto_crm_account" "owned" {
  name  = "Initech"
  owner = { id = data.truto_crm_user.sam.id }
}
