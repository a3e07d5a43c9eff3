# Import a lead by "<integrated_account_id>/<lead_id>" (the lead id is the CRM's own).
terraform import truto_crm_lead.wile 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/4567890123

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# lead id alone is enough.
terraform import truto_crm_lead.wile 4567890123
