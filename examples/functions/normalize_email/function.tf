terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = { source = "truto/truto" }
  }
}

# Emails as the provider compares them: "jane.doe@acme.example".
output "email" {
  value = provider::truto::normalize_email("  Jane.Doe@ACME.example ")
}
