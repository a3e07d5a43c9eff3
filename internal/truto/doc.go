// Package truto is a small client for Truto's Unified CRM accounts API.
//
// It owns everything the Terraform provider should not have to think about: base URL and
// authentication, JSON encoding that keeps the absent / null / value distinction of a PATCH,
// typed errors, retries that never duplicate a record, process-wide client-side rate limiting,
// cursor pagination and debug logging without secrets. It knows nothing about Terraform.
package truto
