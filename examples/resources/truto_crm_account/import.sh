# Import an account by "<integrated_account_id>/<account_id>" (the account id is the CRM's own).
terraform import truto_crm_account.acme 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/9876543210

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# account id alone is enough.
terraform import truto_crm_account.acme 9876543210
