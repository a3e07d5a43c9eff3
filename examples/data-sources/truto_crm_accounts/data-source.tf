# Every account (the provider follows the API's cursor across pages).
data "truto_crm_accounts" "all" {}

# Accounts with exactly this name. Filters a CRM cannot apply are ignored by Truto, so the
# provider re-checks name, website, owner_id and the date bounds on every result.
data "truto_crm_accounts" "acme" {
  name  = "Acme Corporation"
  limit = 1
}

# Accounts of one owner changed this year, 50 per request.
data "truto_crm_accounts" "recent" {
  owner_id      = "12345"
  updated_after = "2025-01-01T00:00:00Z"
  sort_by       = "updated_at"
  page_size     = 50
}

output "acme_id" {
  value = one(data.truto_crm_accounts.acme.ids)
}

output "recent_names" {
  value = [for a in data.truto_crm_accounts.recent.accounts : a.name]
}

output "recent_tiers" {
  value = { for a in data.truto_crm_accounts.recent.accounts : a.id => try(jsondecode(a.custom_fields_json).tier, null) }
}
