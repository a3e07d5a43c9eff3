# Import a field by "<integrated_account_id>/<entity>/<field_id>" (the field id is the CRM's own).
terraform import truto_crm_field.segment 6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41/account/123456

# With integrated_account_id set in the provider block (or TRUTO_INTEGRATED_ACCOUNT_ID),
# "<entity>/<field_id>" is enough.
terraform import truto_crm_field.segment account/123456
