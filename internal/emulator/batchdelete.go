package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// This file serves Truto's custom method batch-delete (resources reference
// §3 and §15): POST /unified/crm/contacts/batch-delete (HubSpot: body
// {"id": [...]}; Salesforce: id[] query parameters) and
// POST /unified/crm/accounts/batch-delete (HubSpot, body). A profile opts a
// collection in with CollectionProfile.BatchDelete; its meta
// (GET .../meta/batch-delete) then answers, and 404 otherwise. Capabilities
// never list it: Truto documents only the five standard methods there (§13).
//
// The answer is {"result": [the deleted records]} (custom methods answer
// {"result": ...}; "it returns the deleted contacts"). Ids that do not
// exist, or that the CRM refuses, are simply absent from it: the reference
// documents no per-id error, so a client can only trust the ids listed.

// opBatchDelete is the custom method's name, in paths and in meta.
const opBatchDelete = "batch-delete"

// maxBatchDeleteIDs is the most ids one call takes. Not documented; the
// reference infers HubSpot's batch archive limit of 100.
const maxBatchDeleteIDs = 100

// Where a batch-delete takes its ids (CollectionProfile.BatchDelete).
const (
	// BatchDeleteBody: {"id": ["1", "2"]} in the body (HubSpot).
	BatchDeleteBody = "body"
	// BatchDeleteQuery: ?id[]=1&id[]=2 (Salesforce); a body is ignored.
	BatchDeleteQuery = "query"
)

// batchDeleteCollections are the collections Truto documents batch-delete
// for, with the shapes each allows.
var batchDeleteCollections = map[string][]string{
	"contacts": {BatchDeleteBody, BatchDeleteQuery},
	"accounts": {BatchDeleteBody},
}

// validateBatchDelete checks a CollectionProfile.BatchDelete setting.
func validateBatchDelete(collection, shape string) error {
	if shape == "" {
		return nil
	}
	shapes, ok := batchDeleteCollections[collection]
	if !ok {
		return fmt.Errorf("profile: collections.%s.batch_delete: Truto documents batch-delete only for contacts and accounts", collection)
	}
	if !contains(shapes, shape) {
		return fmt.Errorf("profile: collections.%s.batch_delete: %q is not one of %s", collection, shape, strings.Join(shapes, ", "))
	}
	return nil
}

// BatchDeleteFault is a one-shot failure of the next batch-delete of a
// collection in an integrated account (Collection.FailNextBatchDelete).
type BatchDeleteFault struct {
	// Keep are ids the CRM refuses to delete: they stay, and are left out
	// of the answer like ids that do not exist (a partial failure that
	// still answers 200).
	Keep []string
	// Status > 0 answers this status (Truto's own error body for it, as
	// FailNext) after Applied of the batch's ids were deleted: Applied = 0
	// fails the whole batch and deletes nothing; Applied > 0 with a 5xx is
	// a failure after part of the batch was carried out; Applied < 0 deletes
	// every id first.
	Status  int
	Applied int
	// Remote makes Status the CRM's error passed on by Truto
	// (truto_is_remote_error), e.g. a CRM 404 on the whole batch.
	Remote bool
}

// FailNextBatchDelete queues a failure for the next batch-delete of this
// collection in the integrated account; calls queue up. Unknown accounts
// are ignored.
func (h *Collection) FailNextBatchDelete(integratedAccountID string, f BatchDeleteFault) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if _, cs := h.s.state(h.c, integratedAccountID); cs != nil {
		f.Keep = append([]string(nil), f.Keep...)
		cs.batchFaults = append(cs.batchFaults, f)
	}
}

// batchDeleteRoute matches POST /unified/crm/{collection}/batch-delete
// (rest is the path after the collection). Any other method on that path
// stays a record route (a record whose id is "batch-delete").
func batchDeleteRoute(c *collection, method, rest string) (route, bool) {
	if rest != opBatchDelete || method != http.MethodPost {
		return route{}, false
	}
	return route{c: c, op: opBatchDelete}, true
}

// handleBatchDelete serves POST /unified/crm/{collection}/batch-delete.
func (s *Server) handleBatchDelete(r *http.Request, a *integratedAccount, cs *collState, q url.Values) *response {
	ids, resp := batchDeleteIDs(r, cs.prof.batchDelete, q)
	if resp != nil {
		return resp
	}
	if len(ids) > maxBatchDeleteIDs {
		return trutoError(http.StatusBadRequest, fmt.Sprintf("batch-delete takes at most %d ids, got %d", maxBatchDeleteIDs, len(ids)))
	}
	opt := renderOptionsFrom(q)

	s.mu.Lock()
	defer s.mu.Unlock()
	var fault BatchDeleteFault
	if len(cs.batchFaults) > 0 {
		fault, cs.batchFaults = cs.batchFaults[0], cs.batchFaults[1:]
	}
	deleted := []any{}
	seen := map[string]bool{}
	for _, id := range ids {
		rec := cs.records[id]
		if seen[id] || rec == nil || contains(fault.Keep, id) {
			continue
		}
		seen[id] = true
		if fault.Status > 0 && fault.Applied >= 0 && len(deleted) >= fault.Applied {
			break
		}
		deleted = append(deleted, render(a, cs, rec, opt))
		delete(cs.records, id)
	}
	if fault.Status > 0 {
		return failResponse(fault.Status, fault.Remote, a.profile.Integration)
	}
	return jsonResponse(http.StatusOK, map[string]any{"result": deleted})
}

// batchDeleteIDs reads the ids where the integration takes them: the body's
// "id" list, or id[] (also id[0], id[1] ...) query parameters. None is the
// 400 Truto gives for a missing required parameter.
func batchDeleteIDs(r *http.Request, shape string, q url.Values) ([]string, *response) {
	var ids []string
	if shape == BatchDeleteQuery {
		for k, vs := range q {
			if inner, ok := strings.CutPrefix(k, "id["); ok && strings.HasSuffix(inner, "]") && isIndex(strings.TrimSuffix(inner, "]")) {
				for _, v := range vs {
					if v != "" {
						ids = append(ids, v)
					}
				}
			}
		}
		if len(ids) == 0 {
			return nil, insightError("query parameter id is required", errorInsight{MissingQueryParams: []string{"id"}})
		}
		return ids, nil
	}
	body, resp := readJSONObject(r)
	if resp != nil {
		return nil, resp
	}
	raw, ok := body["id"]
	if !ok || raw == nil {
		return nil, insightError("body field id is required", errorInsight{MissingBodyFields: []string{"id"}})
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, trutoError(http.StatusBadRequest, "id must be a list of ids")
	}
	for _, v := range list {
		var id string
		switch t := v.(type) {
		case string:
			id = t
		case json.Number:
			id = t.String()
		}
		if id == "" {
			return nil, trutoError(http.StatusBadRequest, "id must be a list of ids")
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, insightError("body field id is required", errorInsight{MissingBodyFields: []string{"id"}})
	}
	return ids, nil
}

// batchDeleteMeta fills the meta schemas of batch-delete: the ids are a
// required list of strings in the body or the query, as the integration
// takes them.
func (ms metaSchemas) batchDeleteMeta(query map[string]any) (body map[string]any) {
	ids := prop("array", "The ids of the records to delete (at most 100).", true)
	ids["items"] = map[string]any{"type": "string"}
	props := map[string]any{"remote_data": prop("object", fieldDescriptions["remote_data"], false)}
	if ms.cp.batchDelete == BatchDeleteQuery {
		if qp, ok := query["properties"].(map[string]any); ok {
			qp["id"] = ids
		}
	} else {
		props["id"] = ids
	}
	return objectSchema(props, "")
}

// controlFailBatchDelete serves POST /_emulator/fail-next-batch-delete: a
// BatchDeleteFault as {"keep": [...], "status": 500, "applied": 1, "remote": false}.
func controlFailBatchDelete(w http.ResponseWriter, r *http.Request, h *Collection, integratedAccountID string) {
	var req struct {
		Keep    []string `json:"keep"`
		Status  int      `json:"status"`
		Applied int      `json:"applied"`
		Remote  bool     `json:"remote"`
	}
	if !decodeControl(w, r, &req) {
		return
	}
	if req.Status != 0 && (req.Status < 400 || req.Status > 599) {
		trutoError(http.StatusBadRequest, "status must be an HTTP error status (400-599)").write(w)
		return
	}
	h.FailNextBatchDelete(integratedAccountID, BatchDeleteFault{Keep: req.Keep, Status: req.Status, Applied: req.Applied, Remote: req.Remote})
	noContent().write(w)
}
