data "truto_crm_user" "sam" {
  email = "sam@demo.example"
}

resource "truto_crm_lead" "wile" {
  title       = "Acme wants a demo"
  first_name  = "Wile E."
  last_name   = "Coyote"
  lead_source = "Advertisement" # the CRM's own vocabulary
  owner       = { id = data.truto_crm_user.sam.id }

  email_addresses = [
    { email = "wile@acme.example", type = "primary" },
  ]

  custom_fields = {
    rating = "hot"
  }
}

# Once the CRM converts the lead, the refresh shows what it became.
output "wile_became" {
  value = try(truto_crm_lead.wile.converted_contact.id, null)
}
