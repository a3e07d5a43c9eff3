# Quickstart: a few CRM accounts, most of them seeded from a CSV file (the GitOps seeding use case).
# After `make install`, run `terraform init` and `terraform apply` here: against the local Truto
# emulator with the TRUTO_* variables `make emulator` prints, or against Truto itself with
# TRUTO_API_TOKEN and TRUTO_INTEGRATED_ACCOUNT_ID (and TRUTO_BASE_URL unset). `make demo` applies
# examples/seed-crm, which adds contacts, deals and tasks to accounts like these.

terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = {
      source = "truto/truto"
    }
  }
}

# Configured from TRUTO_API_TOKEN, TRUTO_BASE_URL and TRUTO_INTEGRATED_ACCOUNT_ID.
provider "truto" {}

locals {
  # One row per account; the key column keeps each account's address stable when rows move.
  seed = { for row in csvdecode(file("${path.module}/accounts.csv")) : row.key => row }
}

resource "truto_crm_account" "seeded" {
  for_each = local.seed

  name                = each.value.name
  website             = each.value.website
  industry            = each.value.industry
  number_of_employees = tonumber(each.value.employees)
  custom_fields = {
    tier = each.value.tier
  }
}

resource "truto_crm_account" "flagship" {
  name        = "Acme Corporation"
  website     = "https://acme.example"
  description = "Managed by Terraform through Truto's Unified CRM API."
  industry    = "Manufacturing"

  addresses = [{
    type     = "billing"
    street_1 = "1 Main Street"
    city     = "Springfield"
    country  = "US"
  }]
  phone_numbers = [{ number = "+1 555 0100", type = "work" }]
  tags          = [{ name = "strategic" }]

  custom_fields = {
    tier   = "platinum"
    seats  = 250
    active = true
  }
}

output "account_ids" {
  description = "CRM ids of the accounts, by key."
  value = merge(
    { flagship = truto_crm_account.flagship.id },
    { for key, account in truto_crm_account.seeded : key => account.id },
  )
}
