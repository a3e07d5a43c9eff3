# A lead to read back (an id usually comes from the CRM or from truto_crm_leads).
resource "truto_crm_lead" "wile" {
  first_name = "Wile E."
  last_name  = "Coyote"
}

# One lead by its CRM id.
data "truto_crm_lead" "wile" {
  id = truto_crm_lead.wile.id
}

output "wile_converted" {
  value = data.truto_crm_lead.wile.converted_contact != null
}
