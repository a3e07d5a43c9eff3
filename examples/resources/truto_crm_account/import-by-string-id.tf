# Adopt one existing account: "<integrated_account_id>/<account_id>", or "<account_id>" alone when
# the provider sets integrated_account_id.
import {
  to = truto_crm_account.globex
  id = "6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/9876543210"
}

resource "truto_crm_account" "globex" {
  name = "Globex Corporation"
}
