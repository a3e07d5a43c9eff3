# The sandbox's fixture accounts, marked with a custom field.
resource "truto_crm_account" "fixture" {
  for_each = toset(["Fixture Alpha", "Fixture Beta"])

  name          = each.key
  custom_fields = { region = "sandbox" }
}

# Every other account marked region = "sandbox" is a stray: each plan warns about them, and
# nothing is ever deleted (strays = "report" is the default).
resource "truto_crm_exclusive_records" "fixture_accounts" {
  kind  = "account"
  match = { custom_fields = { region = "sandbox" } }
  ids   = [for a in truto_crm_account.fixture : a.id]
}

# Test runs leave contacts named "Test Contact" behind: none of them belongs, so each plan lists
# them for deletion (as an update of stray_ids to []), at most 10 at a time.
resource "truto_crm_exclusive_records" "test_leftovers" {
  kind          = "contact"
  match         = { name = "Test Contact" }
  strays        = "delete"
  max_deletions = 10
}
