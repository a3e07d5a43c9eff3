# Every CRM user, keyed by email.
data "truto_crm_users" "all" {}

output "owner_ids" {
  value = data.truto_crm_users.all.ids_by_email
}

output "active_users" {
  value = [for u in data.truto_crm_users.all.users : u.email if coalesce(u.is_active, true)]
}
