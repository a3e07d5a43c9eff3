# Seed a whole CRM from three CSV files: accounts, the contacts who work there, and the deals in the
# pipeline (each with a follow-up task), linked to each other by CSV key. Each deal's stage is looked up by name and its owner by
# email, so the CSVs carry no CRM ids. Every record names its natural key in adopt_by: a record the
# CRM already holds (someone entered it, or a previous run's state was lost) is adopted, not duplicated. `make demo` runs this against the local Truto emulator;
# against Truto itself, set TRUTO_API_TOKEN and TRUTO_INTEGRATED_ACCOUNT_ID.

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
  # One row per record; the key column keeps each record's address stable when rows move.
  accounts = { for row in csvdecode(file("${path.module}/accounts.csv")) : row.key => row }
  contacts = { for row in csvdecode(file("${path.module}/contacts.csv")) : row.key => row }
  deals    = { for row in csvdecode(file("${path.module}/deals.csv")) : row.key => row }
}

# The pipeline's stages by name, and the deal owners by email (an unknown email fails the plan).
data "truto_crm_stages" "all" {}

data "truto_crm_user" "owner" {
  for_each = toset([for d in local.deals : d.owner])
  email    = each.value
}

# The custom field the accounts use, created in the same apply (the accounts reference its name,
# so it is created first). Destroy leaves it in the CRM: deleting a field erases its values.
resource "truto_crm_field" "segment" {
  entity   = "account"
  name     = "segment"
  label    = "Segment"
  type     = "enum"
  options  = [{ label = "SMB", value = "smb" }, { label = "Enterprise", value = "enterprise" }]
  adopt_by = ["name"] # a re-apply after the state was lost adopts the field instead of failing on its name
}

resource "truto_crm_account" "seed" {
  for_each = local.accounts
  adopt_by = ["name"]

  name                = each.value.name
  website             = each.value.website
  industry            = each.value.industry
  number_of_employees = tonumber(each.value.employees)
  custom_fields       = { (truto_crm_field.segment.name) = tonumber(each.value.employees) >= 1000 ? "enterprise" : "smb" }
}

resource "truto_crm_contact" "seed" {
  for_each = local.contacts
  adopt_by = ["email"]

  first_name      = each.value.first_name
  last_name       = each.value.last_name
  title           = each.value.title
  account         = { id = truto_crm_account.seed[each.value.account].id }
  email_addresses = [{ email = each.value.email, type = "work" }]
}

resource "truto_crm_opportunity" "seed" {
  for_each = local.deals
  adopt_by = ["name"]

  name       = each.value.name
  amount     = tonumber(each.value.amount)
  currency   = each.value.currency
  close_date = each.value.close_date
  account    = { id = truto_crm_account.seed[each.value.account].id }
  contact    = [for key in split(";", each.value.contacts) : { id = truto_crm_contact.seed[key].id }]
  stage      = { id = data.truto_crm_stages.all.ids_by_name[each.value.stage] }
  owner      = { id = data.truto_crm_user.owner[each.value.owner].id }
}

# A follow-up task for each deal, for its owner, due a week before it closes.
resource "truto_crm_task" "follow_up" {
  for_each = local.deals
  adopt_by = ["subject"]

  subject  = "Follow up: ${each.value.name}"
  due_date = formatdate("YYYY-MM-DD", timeadd("${each.value.close_date}T00:00:00Z", "-168h"))
  status   = "open"
  owner    = { id = data.truto_crm_user.owner[each.value.owner].id }
  account  = { id = truto_crm_account.seed[each.value.account].id }
  contact  = [for key in split(";", each.value.contacts) : { id = truto_crm_contact.seed[key].id }]
}

output "deal_ids" {
  description = "CRM ids of the deals, by key."
  value       = { for key, deal in truto_crm_opportunity.seed : key => deal.id }
}
