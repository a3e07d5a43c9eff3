// Package truto is a small client for Truto's Unified CRM API: the same five operations (list,
// get, create, update, delete) on every record collection (accounts, contacts, opportunities ...).
//
// It owns everything the Terraform provider should not have to think about: base URL and
// authentication, JSON encoding that keeps the absent / null / value distinction of a PATCH,
// lenient decoders for the many ways CRMs spell a value, typed errors, retries that never duplicate a record, process-wide client-side rate limiting,
// cursor pagination and debug logging without secrets. It knows nothing about Terraform.
package truto
