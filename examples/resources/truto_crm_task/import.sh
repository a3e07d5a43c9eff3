# Import a task by "<integrated_account_id>/<task_id>" (the task id is the CRM's own).
terraform import truto_crm_task.renewal_call 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/4567890123

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# task id alone is enough.
terraform import truto_crm_task.renewal_call 4567890123
