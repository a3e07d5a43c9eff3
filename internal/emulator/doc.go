// Package emulator is an in-memory emulator of Truto's Unified CRM accounts
// API (https://api.truto.one/unified/crm/accounts).
//
// It is the test double for the provider's acceptance tests (mount a *Server
// in an httptest.Server) and the engine of the standalone cmd/truto-emulator
// server used for demos and benchmarks.
//
// The emulator is written from the public reference
// (shared/reference/truto-unified-crm-accounts.md) and deliberately shares no
// code with the API client package: it speaks the JSON the reference
// documents, so that a misunderstanding of the API cannot hide in both the
// client and its test double.
//
// What it emulates:
//
//   - Routes GET/POST /unified/crm/accounts and GET/PATCH/DELETE
//     /unified/crm/accounts/{id}; other methods answer 405, other paths 404.
//   - Bearer-token auth (401), the required integrated_account_id query
//     parameter (400 with truto_error_insight, or a plain Truto 404 for an
//     unknown account).
//   - Truto error bodies {"statusCode","error","message"}; errors produced by
//     the "CRM" also carry truto_is_remote_error and a vendor raw_response.
//   - Per-integration behaviour through Profile: required create fields,
//     read-only sandboxes, unsupported delete, 204 deletes, custom fields the
//     CRM sets itself or stores as strings, and list filters the CRM silently
//     ignores.
//   - Cursor pagination, bracket-style query encoding (remote_query[foo],
//     truto_exclude_fields[]), truto_ignore_remote_data.
//   - Idempotency-Key replay for POST and PATCH.
//   - Fixed-window rate limits per token and per integrated account with
//     ratelimit-* headers, 429 and Retry-After.
//   - Fault injection (429/500/502/504, latency, a write that is committed but
//     whose connection is dropped) and one-shot failures (FailNext).
//
// Everything that tests need to look behind the API is on *Server (Seed,
// Record, Mutate, Remove, counters ...) and, for out-of-process use, under
// the /_emulator/ HTTP prefix, which is clearly not part of Truto's API.
package emulator
