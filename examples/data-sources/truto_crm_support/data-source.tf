# What the CRM behind the provider's integrated account supports, for modules that serve several
# CRMs from one configuration.
data "truto_crm_support" "crm" {}

output "crm" {
  value = data.truto_crm_support.crm.integration.name
}

# Tasks only where the CRM can delete them again.
output "manage_tasks" {
  value = contains(data.truto_crm_support.crm.kinds.tasks.methods, "delete")
}

# Account attributes this CRM cannot write (to leave out, or to skip with unsupported_fields).
output "unwritable_account_fields" {
  value = setsubtract(["name", "industry", "website"], data.truto_crm_support.crm.kinds.accounts.create_fields)
}
