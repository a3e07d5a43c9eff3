# Import a contact by "<integrated_account_id>/<contact_id>" (the contact id is the CRM's own).
terraform import truto_crm_contact.jane 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/2345678901

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID), the
# contact id alone is enough.
terraform import truto_crm_contact.jane 2345678901
