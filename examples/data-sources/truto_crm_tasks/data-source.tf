# Open tasks of one CRM user, soonest due first.
data "truto_crm_tasks" "sams_open" {
  owner_id = "u-1001"
  status   = "open"
  sort_by  = "due_date"
}

output "sams_next_task" {
  value = try(data.truto_crm_tasks.sams_open.tasks[0].subject, null)
}
