package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

const (
	hsBatchID = "33333333-3333-4333-8333-333333333333" // HubSpot-like: contacts and accounts, body shape
	sfBatchID = "44444444-4444-4444-8444-444444444444" // Salesforce-like: contacts, query shape
)

// batchHarness is newHarness plus an account for each batch-delete shape.
func batchHarness(t *testing.T, mod ...func(*Options)) *harness {
	return newHarness(t, append([]func(*Options){func(o *Options) {
		o.Accounts = append(o.Accounts,
			IntegratedAccount{ID: hsBatchID, Profile: Profile{Integration: "hubspot", Collections: map[string]CollectionProfile{
				"contacts": {BatchDelete: BatchDeleteBody}, "accounts": {BatchDelete: BatchDeleteBody},
			}}},
			IntegratedAccount{ID: sfBatchID, Profile: Profile{Integration: "salesforce", Collections: map[string]CollectionProfile{
				"contacts": {BatchDelete: BatchDeleteQuery},
			}}},
		)
	}}, mod...)...)
}

// seedN seeds n records of a collection and returns their ids.
func (h *harness) seedN(coll, acct string, n int) []string {
	var ids []string
	for i := range n {
		ids = append(ids, h.srv.In(coll).Seed(acct, map[string]any{"first_name": fmt.Sprint("c", i), "name": fmt.Sprint("a", i)}))
	}
	return ids
}

// remaining returns the ids still stored.
func (h *harness) remaining(coll, acct string) []string {
	var out []string
	for _, r := range h.srv.In(coll).Records(acct) {
		out = append(out, sv(r["id"]))
	}
	return out
}

func batchPath(coll, acct string, extra ...string) string {
	p := "/unified/crm/" + coll + "/batch-delete?integrated_account_id=" + acct
	for _, e := range extra {
		p += "&" + e
	}
	return p
}

// resultIDs are the ids of the records a batch-delete answered.
func resultIDs(r result) []string {
	out := []string{}
	for _, it := range arr(r.body["result"]) {
		out = append(out, sv(obj(it)["id"]))
	}
	return out
}

func TestBatchDeleteBodyShape(t *testing.T) {
	h := batchHarness(t)
	for _, coll := range []string{"contacts", "accounts"} {
		ids := h.seedN(coll, hsBatchID, 3)
		res := h.call("POST", batchPath(coll, hsBatchID), map[string]any{"id": []string{ids[0], "404404404", ids[2], ids[0]}}).wantStatus(t, 200)
		// Only the deleted records are answered, as the CRM had them; an unknown or repeated id is not.
		jsonEq(t, coll+" result", resultIDs(res), []string{ids[0], ids[2]})
		if first := obj(arr(res.body["result"])[0]); coll == "contacts" && first["first_name"] != "c0" {
			t.Errorf("%s: the answer is not the deleted record: %v", coll, first)
		}
		jsonEq(t, coll+" remaining", h.remaining(coll, hsBatchID), []string{ids[1]})

		// The ids in the query do not count for a body-shaped integration.
		h.call("POST", batchPath(coll, hsBatchID, "id[]="+ids[1]), map[string]any{}).wantError(t, 400, "id is required", false)
		h.call("POST", batchPath(coll, hsBatchID), map[string]any{"id": ids[1]}).wantError(t, 400, "list of ids", false)
		jsonEq(t, coll+" remaining after refused calls", h.remaining(coll, hsBatchID), []string{ids[1]})
	}
	res := h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": []string{}}).wantError(t, 400, "id is required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"id"})
}

func TestBatchDeleteQueryShape(t *testing.T) {
	h := batchHarness(t)
	ids := h.seedN("contacts", sfBatchID, 3)
	// A body is not where Salesforce takes the ids: nothing is deleted.
	res := h.call("POST", batchPath("contacts", sfBatchID), map[string]any{"id": ids}).wantError(t, 400, "id is required", false)
	jsonEq(t, "insight", res.insight("missing_required_query_parameters"), []string{"id"})
	jsonEq(t, "remaining", h.remaining("contacts", sfBatchID), ids)

	res = h.call("POST", batchPath("contacts", sfBatchID, "id[]="+ids[0], "id[]="+ids[1]), nil).wantStatus(t, 200)
	jsonEq(t, "result", resultIDs(res), []string{ids[0], ids[1]})
	jsonEq(t, "remaining", h.remaining("contacts", sfBatchID), []string{ids[2]})
	// The accounts of a Salesforce-like profile have no batch-delete.
	h.call("POST", batchPath("accounts", sfBatchID), map[string]any{"id": []string{"1"}}).wantError(t, 405, "batch-delete: method not supported", false)
}

func TestBatchDeleteRefusesMoreThan100(t *testing.T) {
	h := batchHarness(t)
	ids := h.seedN("contacts", hsBatchID, 101)
	h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": ids}).wantError(t, 400, "at most 100 ids, got 101", false)
	if n := len(h.remaining("contacts", hsBatchID)); n != 101 {
		t.Fatalf("a refused batch deleted records: %d left", n)
	}
	res := h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": ids[:100]}).wantStatus(t, 200)
	if len(resultIDs(res)) != 100 {
		t.Errorf("100 ids: %d deleted", len(resultIDs(res)))
	}
	jsonEq(t, "remaining", h.remaining("contacts", hsBatchID), ids[100:])
}

func TestBatchDeleteUnsupportedAndSandbox(t *testing.T) {
	h := batchHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "sandbox", Profile: Profile{Sandbox: true,
			Collections: map[string]CollectionProfile{"contacts": {BatchDelete: BatchDeleteBody}}}})
	})
	id := h.srv.In("contacts").Seed(acctID, map[string]any{"first_name": "x"})
	h.call("POST", batchPath("contacts", acctID), map[string]any{"id": []string{id}}).wantError(t, 405, "batch-delete: method not supported by integration hubspot", false)
	sid := h.srv.In("contacts").Seed("sandbox", map[string]any{"first_name": "x"})
	h.call("POST", batchPath("contacts", "sandbox"), map[string]any{"id": []string{sid}}).wantError(t, 405, "sandbox", false)
	if _, ok := h.srv.In("contacts").Record(acctID, id); !ok {
		t.Error("a refused batch-delete deleted the record")
	}
	// GET on the path is still a record read (a record whose id is "batch-delete").
	h.call("GET", ipath("contacts", hsBatchID, "batch-delete"), nil).wantError(t, 404, "resource not found", true)

	for _, bad := range []Profile{
		{Collections: map[string]CollectionProfile{"leads": {BatchDelete: BatchDeleteBody}}},
		{Collections: map[string]CollectionProfile{"accounts": {BatchDelete: BatchDeleteQuery}}},
		{Collections: map[string]CollectionProfile{"contacts": {BatchDelete: "json"}}},
	} {
		if bad.Validate() == nil {
			t.Errorf("profile %+v: no error", bad)
		}
	}
}

func TestBatchDeleteMeta(t *testing.T) {
	h := batchHarness(t)
	body := h.call("GET", metaPath("contacts", "batch-delete", hsBatchID), nil).wantStatus(t, 200).body
	if body["method"] != "batch-delete" {
		t.Errorf("method = %v", body["method"])
	}
	if p := schemaProp(body["request_body_schema"], "id"); p["type"] != "array" || p["required"] != true {
		t.Errorf("body id = %v", p)
	}
	if p := schemaProp(body["query_schema"], "id"); p != nil {
		t.Errorf("a body-shaped integration lists id in the query: %v", p)
	}
	h.call("GET", metaPath("accounts", "batch-delete", hsBatchID), nil).wantStatus(t, 200)

	body = h.call("GET", metaPath("contacts", "batch-delete", sfBatchID), nil).wantStatus(t, 200).body
	if p := schemaProp(body["query_schema"], "id"); p["type"] != "array" || p["required"] != true {
		t.Errorf("query id = %v", p)
	}
	if p := schemaProp(body["request_body_schema"], "id"); p != nil {
		t.Errorf("a query-shaped integration lists id in the body: %v", p)
	}

	// Only the profiles that have it.
	for _, c := range []struct{ coll, acct string }{{"accounts", sfBatchID}, {"contacts", acctID}, {"contacts", plainID}, {"leads", hsBatchID}} {
		h.call("GET", metaPath(c.coll, "batch-delete", c.acct), nil).wantError(t, 404, "no method batch-delete", false)
	}
	// Capabilities list the five standard methods only (reference §13).
	methods := resourceMethods(t, h.call("GET", "/integrated-account/"+hsBatchID+"/capabilities", nil).wantStatus(t, 200).body)
	if !slices.Contains(methods["contacts"], "delete") || slices.Contains(methods["contacts"], "batch-delete") {
		t.Errorf("capabilities contacts methods = %v", methods["contacts"])
	}
}

func TestBatchDeleteIsRateLimitedAndLogged(t *testing.T) {
	h := batchHarness(t)
	h.srv.SetRateLimit(hsBatchID, RateLimit{Requests: 2, Per: time.Minute})
	ids := h.seedN("contacts", hsBatchID, 3)
	for i, want := range []int{200, 200, 429} {
		res := h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": []string{ids[i]}})
		res.wantStatus(t, want)
		if res.header.Get("ratelimit-limit") == "" {
			t.Errorf("call %d: no ratelimit headers", i)
		}
	}
	jsonEq(t, "remaining", h.remaining("contacts", hsBatchID), ids[2:])
	var logged []int
	for _, e := range h.srv.RequestLog() {
		if e.Method == "POST" && e.Path == "/unified/crm/contacts/batch-delete" {
			logged = append(logged, e.Status)
		}
	}
	jsonEq(t, "logged batch-deletes", logged, []int{200, 200, 429})
	if n := h.srv.CollectionCounts("contacts")["POST"]; n != 3 {
		t.Errorf("contacts POST count = %d, want 3", n)
	}
}

func TestBatchDeleteFaults(t *testing.T) {
	h := batchHarness(t)
	contacts := h.srv.In("contacts")
	ids := h.seedN("contacts", hsBatchID, 6)
	call := func(batch []string) result {
		return h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": batch})
	}

	// The CRM refuses one id: 200, the id absent from the answer and kept.
	contacts.FailNextBatchDelete(hsBatchID, BatchDeleteFault{Keep: []string{ids[1]}})
	jsonEq(t, "partial result", resultIDs(call(ids[:2]).wantStatus(t, 200)), []string{ids[0]})
	jsonEq(t, "after partial", h.remaining("contacts", hsBatchID), ids[1:])

	// The whole batch fails: nothing deleted.
	contacts.FailNextBatchDelete(hsBatchID, BatchDeleteFault{Status: http.StatusBadGateway})
	call(ids[1:4]).wantError(t, 502, "Bad gateway", false)
	jsonEq(t, "after failed batch", h.remaining("contacts", hsBatchID), ids[1:])

	// A failure after part of the batch was carried out: the 500 hides one deletion.
	contacts.FailNextBatchDelete(hsBatchID, BatchDeleteFault{Status: http.StatusInternalServerError, Applied: 1})
	call(ids[1:4]).wantError(t, 500, "Internal server error", false)
	jsonEq(t, "after ambiguous batch", h.remaining("contacts", hsBatchID), ids[2:])

	// The fault was one-shot; FailNextIn on the collection's POSTs applies to batch-delete too.
	h.srv.FailNextIn("contacts", "POST", http.StatusGatewayTimeout, 1)
	call(ids[2:3]).wantStatus(t, 504)
	jsonEq(t, "after FailNextIn", resultIDs(call(ids[2:4]).wantStatus(t, 200)), ids[2:4])
	jsonEq(t, "end", h.remaining("contacts", hsBatchID), ids[4:])
}

func TestBatchDeleteControlRoute(t *testing.T) {
	h := batchHarness(t)
	ids := h.seedN("contacts", hsBatchID, 3)
	route := "/_emulator/fail-next-batch-delete?collection=contacts&integrated_account_id=" + hsBatchID
	h.call("POST", route, map[string]any{"keep": []string{ids[0]}}).wantStatus(t, 204)
	h.call("POST", route, map[string]any{"status": 504, "applied": 1}).wantStatus(t, 204)
	h.call("POST", route, map[string]any{"status": 200}).wantError(t, 400, "status", false)
	h.call("POST", "/_emulator/fail-next-batch-delete?collection=contacts&integrated_account_id=nope", map[string]any{}).wantStatus(t, 404)

	jsonEq(t, "kept", resultIDs(h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": ids[:2]}).wantStatus(t, 200)), ids[1:2])
	h.call("POST", batchPath("contacts", hsBatchID), map[string]any{"id": []string{ids[0], ids[2]}}).wantStatus(t, 504)
	jsonEq(t, "remaining", h.remaining("contacts", hsBatchID), ids[2:])
}
