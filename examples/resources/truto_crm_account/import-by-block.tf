# Adopt every existing account in the "Partners" segment into Terraform in one plan: the data
# source lists them, and an import block with for_each imports each into its own instance.
data "truto_crm_accounts" "partners" {
  search_term = "Partner"
}

import {
  for_each = data.truto_crm_accounts.partners.ids_by_name
  to       = truto_crm_account.partner[each.key]
  id       = each.value # "<account_id>" with the provider's integrated account, or "<ia>/<account_id>"
}

resource "truto_crm_account" "partner" {
  for_each = data.truto_crm_accounts.partners.ids_by_name

  name = each.key
  # After the import, add the attributes to manage. Everything left out stays unmanaged, so the
  # first plan after the import is empty.
}
