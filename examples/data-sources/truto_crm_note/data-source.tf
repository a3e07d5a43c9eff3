# A note to read back (an id usually comes from the CRM or from truto_crm_notes).
resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_note" "kickoff" {
  content = "Met Jane at the kick-off."
  account = { id = truto_crm_account.acme.id }
}

# One note by its CRM id.
data "truto_crm_note" "kickoff" {
  id = truto_crm_note.kickoff.id
}

output "kickoff_text" {
  value = data.truto_crm_note.kickoff.content
}
