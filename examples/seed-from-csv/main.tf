# Seed CRM accounts from a CSV file and keep them in the declared state. Each row becomes one
# truto_crm_account, addressed by the row's stable `key` column, so rows can be reordered, added
# or removed without touching the other accounts.
#
# An empty cell becomes null, which leaves that attribute unmanaged (the CRM's value is kept and
# never diffed). To clear a field in the CRM, the configuration must say "" (or [] for a list)
# explicitly.

terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = {
      source = "truto/truto"
    }
  }
}

# Configured from TRUTO_API_TOKEN and TRUTO_INTEGRATED_ACCOUNT_ID.
provider "truto" {}

variable "csv_file" {
  description = "CSV file with one account per row: key,name,website,industry,employees,owner_id,tier,tags (tags separated by ';')."
  type        = string
  default     = "accounts.csv"
}

locals {
  rows = { for row in csvdecode(file("${path.module}/${var.csv_file}")) : row.key => row }
}

resource "truto_crm_account" "seeded" {
  for_each = local.rows

  name                = each.value.name
  website             = each.value.website != "" ? each.value.website : null
  industry            = each.value.industry != "" ? each.value.industry : null
  number_of_employees = each.value.employees != "" ? tonumber(each.value.employees) : null
  owner               = each.value.owner_id != "" ? { id = each.value.owner_id } : null
  tags                = each.value.tags != "" ? [for t in split(";", each.value.tags) : { name = trimspace(t) }] : null
  custom_fields       = each.value.tier != "" ? { tier = each.value.tier } : null

  # Accounts removed from the CSV are deleted from the CRM. Use "abandon" to only stop managing them.
  deletion_policy = "delete"
}

output "account_ids" {
  description = "CRM account id by CSV key."
  value       = { for key, account in truto_crm_account.seeded : key => account.id }
}
