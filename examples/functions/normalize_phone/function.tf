terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = { source = "truto/truto" }
  }
}

# E.164 phone numbers: "+14155550100" from an international number, "+442079460018" from a
# national one read in the region "GB".
output "phone" {
  value = provider::truto::normalize_phone("+1 (415) 555-0100", "")
}

output "national" {
  value = provider::truto::normalize_phone("020 7946 0018", "GB")
}
