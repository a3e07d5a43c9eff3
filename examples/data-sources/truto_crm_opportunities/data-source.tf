# Open deals of one account.
data "truto_crm_opportunities" "acme_open" {
  account_id = "9876543210"
  status     = "open"
}

output "acme_pipeline_value" {
  value = sum(concat([0], [for o in data.truto_crm_opportunities.acme_open.opportunities : coalesce(o.amount, 0)]))
}
