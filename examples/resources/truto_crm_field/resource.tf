# A custom field of accounts: a choice among options. Left out, name is derived by the CRM from
# the label (here "customer_segment"); some CRMs require it, and the plan then says so.
resource "truto_crm_field" "segment" {
  entity      = "account"
  label       = "Customer segment"
  type        = "enum"
  description = "Sales segment, set by the account team."
  options = [
    { label = "SMB", value = "smb" },
    { label = "Mid-market", value = "mid_market" },
    { label = "Enterprise", value = "enterprise" },
  ]
  # Destroy only forgets the field ("abandon", the default): deleting it would erase its value on
  # every account. Write deletion_policy = "delete" to delete it on destroy.
}

# A record using the field created in the same apply: the key is a reference to the field's
# name, so the record is planned and created after the field.
resource "truto_crm_account" "globex" {
  name          = "Globex"
  custom_fields = { (truto_crm_field.segment.name) = "enterprise" }
}

# The key written literally: set name on the field, and order the record after it with
# depends_on, so the plan-time check of custom_fields knows the field and its options.
resource "truto_crm_field" "renewal_date" {
  entity = "account"
  name   = "renewal_date"
  label  = "Renewal date"
  type   = "date"
}

resource "truto_crm_account" "initech" {
  name          = "Initech"
  custom_fields = { renewal_date = "2027-03-31" }
  depends_on    = [truto_crm_field.renewal_date]
}
