resource "truto_crm_account" "acme" {
  name = "Acme Corporation"
}

resource "truto_crm_task" "renewal_call" {
  subject  = "Call Acme about the renewal"
  content  = "Check the seat count before the call."
  account  = { id = truto_crm_account.acme.id }
  due_date = "2026-12-15" # a date, or an RFC 3339 time
  status   = "open"       # the CRM's own vocabulary
}

# completed_at is the CRM's once the status says the task is done.
output "renewal_call_completed_at" {
  value = truto_crm_task.renewal_call.completed_at
}
