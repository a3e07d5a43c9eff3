resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_contact" "jane" {
  first_name = "Jane"
  last_name  = "Doe"
  account    = { id = truto_crm_account.acme.id }
}

# A note needs a parent: an account, contacts or an opportunity (changing them replaces the note).
resource "truto_crm_note" "kickoff" {
  title   = "Kick-off"
  content = <<-EOT
    Met Jane at the kick-off.
    Next step: a demo of the platinum tier.
  EOT
  account = { id = truto_crm_account.acme.id }
  contact = [{ id = truto_crm_contact.jane.id }]
}
