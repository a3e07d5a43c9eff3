# The notes on one account.
data "truto_crm_notes" "acme" {
  account_id = "9876543210"
}

output "acme_note_titles" {
  value = [for n in data.truto_crm_notes.acme.notes : n.title]
}
