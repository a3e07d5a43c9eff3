terraform {
  required_version = ">= 1.11"
  required_providers {
    truto = { source = "truto/truto" }
  }
}

# The host and path the provider compares websites by: "acme.example".
output "website" {
  value = provider::truto::normalize_website("https://www.Acme.example/")
}
