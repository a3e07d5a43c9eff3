# One note by its CRM id.
data "truto_crm_note" "kickoff" {
  id = "4567890123"
}

output "kickoff_text" {
  value = data.truto_crm_note.kickoff.content
}
