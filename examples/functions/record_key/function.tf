terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = { source = "truto/truto" }
  }
}

# One for_each key per person, whatever the letter case and spacing of the rows:
# { "jane@acme.example|jane doe" = ..., "sam@acme.example|sam lee" = ... }
locals {
  rows = [
    { email = "Jane@ACME.example", name = "Jane  Doe" },
    { email = "sam@acme.example ", name = "Sam Lee" },
  ]
}

output "people" {
  value = { for r in local.rows : provider::truto::record_key(r.email, r.name) => r }
}
