# One lead by its CRM id.
data "truto_crm_lead" "wile" {
  id = "4567890123"
}

output "wile_converted" {
  value = data.truto_crm_lead.wile.converted_contact != null
}
