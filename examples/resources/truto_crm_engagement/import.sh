# Import an engagement by "<integrated_account_id>/<engagement_id>" (the id is the CRM's own).
terraform import truto_crm_engagement.discovery 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/4567890123

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# engagement id alone is enough.
terraform import truto_crm_engagement.discovery 4567890123
