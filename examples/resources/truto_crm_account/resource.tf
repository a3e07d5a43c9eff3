# Minimal: a name (or a website) is all Truto requires. Every attribute left out is unmanaged:
# read from the CRM, never sent, never shown as drift.
resource "truto_crm_account" "minimal" {
  name = "Initech"
}

# The account owner, looked up by email.
data "truto_crm_user" "sam" {
  email = "sam@demo.example"
}

# Full: every managed attribute.
resource "truto_crm_account" "full" {
  # integrated_account_id = "6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41" # the connected CRM; defaults to the provider's

  name                = "Acme Corporation"
  website             = "https://acme.example"
  description         = "Anvils, rockets and portable holes."
  industry            = "Manufacturing"
  number_of_employees = 250
  owner               = { id = data.truto_crm_user.sam.id } # the CRM user id of the account owner

  addresses = [{
    type        = "billing"
    street_1    = "1 Main Street"
    street_2    = "Suite 100"
    city        = "Springfield"
    state       = "IL"
    postal_code = "62701"
    country     = "US"
  }]
  phone_numbers = [
    { number = "+1 555 0100", type = "work" },
    { number = "+1 555 0199", extension = "12", type = "fax" },
  ]
  urls = [{ url = "https://acme.example/blog", type = "blog" }]
  tags = [{ name = "strategic" }]

  # Keyed by the custom field's name in the CRM; values keep their JSON type. Only these keys
  # are managed; removing one clears that field in the CRM.
  custom_fields = {
    tier   = "platinum"
    seats  = 250
    active = true
  }

  # Vendor fields outside the unified schema, passed to the CRM untransformed on create and update.
  remote_data = jsonencode({ hs_lead_status = "OPEN" })

  # Keep the original creation date when migrating records (CRMs that cannot set it ignore it).
  created_at = "2019-04-01T09:30:00Z"

  # "abandon" only forgets the account on destroy (for CRMs that cannot delete accounts).
  deletion_policy = "delete"

  timeouts = {
    create = "5m"
  }
}
