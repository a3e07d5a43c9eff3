terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = {
      source = "truto/truto"
    }
  }
}

# The API token is best left out of the configuration: set TRUTO_API_TOKEN instead.
provider "truto" {
  # The connected CRM that resources and data sources use unless they set their own
  # integrated_account_id. May also come from TRUTO_INTEGRATED_ACCOUNT_ID.
  integrated_account_id = "6f1c8a0e-2b7d-4c1e-9a55-0d3f2e8b7c41"

  # Phone numbers written without a country code, such as "(415) 555-0100", are US numbers
  # when compared with the CRM's spelling (say "+14155550100"). Unset by default.
  default_phone_region = "US"

  # Optional tuning; these are the defaults.
  request_timeout        = "60s"
  max_retries            = 8
  rate_limit_per_account = 50  # requests per 10 s to one integrated account (Truto's limit)
  rate_limit_per_token   = 500 # requests per 10 s with one API token (Truto's limit)
}

# A second CRM through another integrated account, used with `provider = truto.salesforce`
# or, simpler, with integrated_account_id on the resource itself.
provider "truto" {
  alias                 = "salesforce"
  integrated_account_id = "0b9e4d2a-5c3f-4e8a-b1d7-7a6c5e4f3d21"
}
