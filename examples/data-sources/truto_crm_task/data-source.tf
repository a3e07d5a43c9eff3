# A task to read back (an id usually comes from the CRM or from truto_crm_tasks).
resource "truto_crm_task" "renewal_call" {
  subject  = "Call Acme about the renewal"
  due_date = "2026-12-15"
}

# One task by its CRM id.
data "truto_crm_task" "renewal_call" {
  id = truto_crm_task.renewal_call.id
}

output "renewal_call_due" {
  value = data.truto_crm_task.renewal_call.due_date
}
