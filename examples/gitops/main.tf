# The configuration the workflow in .github/workflows/terraform.yml plans and applies. Keep the
# state in a remote backend so that plans on pull requests and applies on main see the same state.

terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = {
      source  = "truto/truto"
      version = ">= 0.1.0"
    }
  }

  # For example (any backend with locking works):
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "crm/accounts.tfstate"
  #   region       = "eu-west-1"
  #   use_lockfile = true
  # }
}

# TRUTO_API_TOKEN and TRUTO_INTEGRATED_ACCOUNT_ID come from the workflow's environment.
provider "truto" {}

locals {
  accounts = { for row in csvdecode(file("${path.module}/accounts.csv")) : row.key => row }
}

resource "truto_crm_account" "this" {
  for_each = local.accounts

  name     = each.value.name
  website  = each.value.website != "" ? each.value.website : null
  industry = each.value.industry != "" ? each.value.industry : null
  custom_fields = {
    tier = each.value.tier
  }
}
