# Import an opportunity by "<integrated_account_id>/<opportunity_id>" (the id is the CRM's own).
terraform import truto_crm_opportunity.renewal 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/3456789012

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# opportunity id alone is enough.
terraform import truto_crm_opportunity.renewal 3456789012
