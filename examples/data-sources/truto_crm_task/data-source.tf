# One task by its CRM id.
data "truto_crm_task" "renewal_call" {
  id = "4567890123"
}

output "renewal_call_due" {
  value = data.truto_crm_task.renewal_call.due_date
}
