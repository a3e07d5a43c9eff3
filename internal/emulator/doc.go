// Package emulator is an in-memory emulator of Truto's Unified CRM API
// (https://api.truto.one/unified/crm/...).
//
// It is the test double for the provider's acceptance tests (mount a *Server
// in an httptest.Server) and the engine of the standalone cmd/truto-emulator
// server used for demos and benchmarks.
//
// The emulator is written from Truto's public API reference and deliberately
// shares no code with the API client package: it speaks the JSON the
// reference documents, so that a misunderstanding of the API cannot hide in
// both the client and its test double. The pages it follows:
//
//   - https://truto.one/docs/api-reference/unified-crm-api/accounts/list
//     (and .../{collection}/{list,get,create,update,delete} for every
//     collection below): fields, their types, required fields, filters.
//   - https://truto.one/docs/api-reference/overview/pagination: result and
//     next_cursor, limit.
//   - https://truto.one/docs/api-reference/overview/errors: error bodies.
//   - https://truto.one/docs/api-reference/overview/rate-limits and
//     https://truto.one/docs/guides/how-truto-works/realtime-unified-apis-considerations:
//     the ratelimit-* headers, 429, no caching of CRM data.
//   - https://truto.one/docs/api-reference/overview/querying: bracket-style
//     query parameters, remote_query, truto_exclude_fields.
//
// # Collections
//
// Every collection is one entry of a table (collections.go): its unified
// fields and their JSON types, list-of-object fields and who owns their
// item ids, references ({id}) and reference lists ([{id}]), read-only and
// write-once fields, its create rule, list filters and sortable fields, and
// the methods it has. Generic routes serve them all:
// GET/POST /unified/crm/{collection} and GET/PATCH/DELETE
// /unified/crm/{collection}/{id}.
//
//   - accounts: name or website required; number_of_employees a
//     non-negative integer and phone_numbers[].type work|mobile|fax, else a
//     CRM 422; HubSpot- or Salesforce-shaped remote_data.
//   - contacts: one of first_name, last_name or an email address required;
//     name is the CRM's (first_name + " " + last_name); etag changes on
//     every write; email_addresses, phone_numbers and addresses get CRM ids.
//   - opportunities: name required; amount a number; close_date a date-time
//     or a date; responses add the stage's name.
//   - leads: email_addresses[].type primary|secondary (else 422), no item
//     ids; converted_account / converted_contact are read-only (Mutate sets
//     them).
//   - notes: one of contact, account or opportunity required.
//   - tasks: created_at is the CRM's; a status of completed or done sets
//     completed_at when it is not set.
//   - engagements: engagement_type required (call, meeting, email, note,
//     chat or task unless the profile says otherwise); direction
//     inbound|outbound|missed.
//   - users (list, get) and stages (list; by position within each pipeline)
//     are read-only: their records come from Seed.
//   - fields: the custom-field catalog of Profile.Fields and the field
//     definitions written through it (fields.go: create, get, update,
//     delete); every method needs ?entity=. Without a catalog the
//     integration answers 405.
//
// Every collection has id, created_at, updated_at and remote_data. Bodies
// are type-checked per field (400 naming the field, e.g. "amount must be a
// number"); unknown keys are dropped and read-only fields ignored. PATCH
// replaces the fields it has, leaves absent ones alone, clears null ones,
// replaces lists whole (items keep ids that exist on the record),
// merges custom_fields per key and remote_data into the vendor fields.
// Records are stored per integrated account and collection; ids are unique
// across the server.
//
// # Everything else
//
//   - Bearer-token auth (401), the required integrated_account_id query
//     parameter (400 with truto_error_insight, or a plain Truto 404 for an
//     unknown account); an unknown collection is a plain 404, a method a
//     collection lacks a 405 (so is one the profile's Methods leave out), a
//     method the profile's Unrouted names a plain 404.
//   - Truto error bodies {"statusCode","error","message"}; errors produced by
//     the "CRM" also carry truto_is_remote_error and a vendor raw_response
//     (a missing record is the CRM's 404).
//   - GET /integrated-account/{id}/capabilities and
//     GET /unified/crm/{collection}/meta/{method}, derived from the table
//     and the profile (Truto's per-property boolean "required").
//   - Per-integration behaviour through Profile: required create fields,
//     read-only sandboxes, unsupported methods, 204 deletes, custom fields
//     the CRM sets itself or stores as strings, list filters the CRM
//     silently ignores, fields it never returns, query parameters a method
//     requires (a note's contact, an engagement's engagement_type), CRM
//     quirks (lowercased emails, date-only dates, numbers as strings,
//     reordered lists, reference checks), partial list items, and the
//     account's status (needs_reauth, blocked = 503 everywhere).
//     Profile's first fields describe accounts; Profile.Collections tunes
//     any collection.
//   - Cursor pagination (limit defaults to and is capped at 100),
//     bracket-style query encoding (remote_query[foo], truto_exclude_fields[],
//     owner[id], sort_by[name]=desc), truto_ignore_remote_data.
//   - Idempotency-Key replay for POST and PATCH.
//   - Truto's custom method POST /unified/crm/{contacts,accounts}/batch-delete
//     where a profile opts in (CollectionProfile.BatchDelete: ids in the body
//     or as id[] query parameters), at most 100 ids, answering the deleted
//     records; its meta, and one-shot partial or failed batches
//     (Collection.FailNextBatchDelete). See batchdelete.go.
//   - Rate limits per token and per integrated account, fixed-window or
//     sliding-log (RateLimit.Sliding), with ratelimit-* headers, 429 and
//     Retry-After; capabilities and meta count against them.
//   - Fault injection (429/500/502/504, latency, a write that is committed but
//     whose connection is dropped) and one-shot failures (FailNext, for one
//     collection with FailNextIn) on requests that reach the CRM.
//   - Counters of every API request (Counts, CollectionCounts) and a log of
//     the last 10,000 (RequestLog).
//
// Everything tests need to look behind the API is on *Server (Seed, Record,
// Mutate, Remove for accounts; In(collection) for any collection; counters,
// faults, rate limits ...) and, for out-of-process use, under the
// /_emulator/ HTTP prefix, which is clearly not part of Truto's API.
package emulator
