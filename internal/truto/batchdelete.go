package truto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Batch deletes: Truto's custom method POST {collection}/batch-delete (contacts: HubSpot and
// Salesforce; accounts: HubSpot) deletes many records in one request. Whether an integrated
// account's integration has it, and where it takes the ids, only its meta says
// (GET {collection}/meta/batch-delete; a 404 there means it lacks it): capabilities list only the
// five standard methods.
//
// A batch deletes nothing the client cannot prove. The reference documents the answer as the
// deleted records and no per-id errors, so only an id the 2xx answer lists counts as deleted. An id
// the answer leaves out (refused by the CRM, or already gone) and every id of a batch whose outcome
// is ambiguous (a transport error, a timeout, 500/502/504: the CRM may have acted on part of it)
// are unknown, and the caller re-checks them with a read. Such a batch is never sent again: a
// retry would answer without the ids the first attempt deleted, which proves nothing more than a
// read does. A CRM 404 on the batch call is no record's 404 (the CRM may have archived part of the
// batch before one id it could not find stopped it): its ids are unknown too, and only a read's
// 404 says a record is gone. A batch refused before any work failed: none of its ids was deleted
// by it. When the refusal says the call itself is not taken (400, 405, Truto's own 404: the route or
// method is not there, or not in this form), its ids are not batched: Delete sends each a plain
// DELETE, with its own outcome, and stops batching the collection in that integrated account. The
// other refusals (401/403, 409, 422, 503, a 429 the retries did not get past, an interrupt) would
// refuse a plain DELETE too: their ids failed.

// MaxBatchDelete is the most ids one batch-delete call carries. Truto documents no limit; the
// reference infers HubSpot's batch archive limit of 100.
const MaxBatchDelete = 100

// BatchDeleteShape is where an integration takes the ids of a batch-delete.
type BatchDeleteShape int

const (
	// BatchDeleteInBody sends {"id": ["1", "2"]} (HubSpot).
	BatchDeleteInBody BatchDeleteShape = iota
	// BatchDeleteInQuery sends ?id[]=1&id[]=2 (Salesforce).
	BatchDeleteInQuery
)

// BatchDeleteShapeOf reads the shape from the meta of batch-delete: ids listed in the query
// schema are sent in the query, otherwise in the body.
func BatchDeleteShapeOf(m *MethodMeta) BatchDeleteShape {
	if m != nil && m.Query != nil && m.Query.Properties["id"] != nil {
		return BatchDeleteInQuery
	}
	return BatchDeleteInBody
}

// HasBatchDelete reports whether a 2xx meta of batch-delete (GET {collection}/meta/batch-delete)
// describes the method: it must carry at least one of its schemas as an object (query_schema,
// request_body_schema, schema or response_schema; Truto documents the first, third and fourth as
// always present). A 2xx without any (an empty object, a catch-all's {"ok": true}, a proxy's JSON)
// is no meta, and does not turn batching on. Ids are not required to appear in a schema: Truto
// documents no batch-delete meta, and a route enabled wrongly costs one refused call before the
// deletes fall back to plain DELETEs (batchFailure), while a genuine one missed costs every batch.
func HasBatchDelete(m *MethodMeta) bool {
	return m != nil && (m.Query != nil || m.RequestBody != nil || m.Schema != nil || m.Response != nil)
}

// DeleteResult is what became of one id of a batch-delete.
type DeleteResult int

const (
	// DeleteUnknown (the zero value): the record may or may not have been deleted; read it.
	DeleteUnknown DeleteResult = iota
	// Deleted: the answer listed the record as deleted.
	Deleted
	// DeleteFailed: the request was refused before any work; the batch did not delete the record.
	DeleteFailed
	// DeleteNotBatched: the batch-delete call was refused as a call it does not take (400, 405,
	// Truto's own 404) before any work: the batch did not delete the record, a plain DELETE may.
	// Once one chunk is refused so, BatchDelete sends no further chunk: their ids get it too.
	DeleteNotBatched
)

func (r DeleteResult) String() string {
	return [...]string{"unknown", "deleted", "failed", "not batched"}[r]
}

// DeleteOutcome is the result for one id. Err is why it failed or is unknown (nil for an id a 2xx
// answer did not list).
type DeleteOutcome struct {
	ID     string
	Result DeleteResult
	Err    error
}

// BatchDelete deletes ids through batch-delete, in calls of at most MaxBatchDelete ids sent one
// after the other, and returns one outcome per id, in order. Ids whose outcome is DeleteUnknown
// must be re-checked with a read before they are treated as deleted (or as still there).
func (c *Client) BatchDelete(ctx context.Context, coll Collection, opts RequestOptions, shape BatchDeleteShape, ids []string) []DeleteOutcome {
	out := make([]DeleteOutcome, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	for from := 0; from < len(ids); from += MaxBatchDelete {
		chunk := out[from:min(from+MaxBatchDelete, len(ids))]
		c.batchDeleteChunk(ctx, coll, opts, shape, chunk)
		if len(chunk) > 0 && chunk[0].Result == DeleteNotBatched {
			for i := from + len(chunk); i < len(out); i++ { // the route would refuse them the same way
				out[i].Result, out[i].Err = DeleteNotBatched, chunk[0].Err
			}
			break
		}
	}
	return out
}

// batchDeleteChunk sends one batch-delete and fills in its outcomes.
func (c *Client) batchDeleteChunk(ctx context.Context, coll Collection, opts RequestOptions, shape BatchDeleteShape, out []DeleteOutcome) {
	fail := func(result DeleteResult, err error) {
		for i := range out {
			out[i].Result, out[i].Err = result, err
		}
	}
	ids := make([]string, len(out))
	for i, o := range out {
		if o.ID == "" {
			fail(DeleteFailed, fmt.Errorf("truto: batch-delete of %s: an id is empty", coll.Plural()))
			return
		}
		ids[i] = o.ID
	}
	r, err := c.newRequest(coll, http.MethodPost, coll.Path+"/batch-delete", opts, nil)
	if err != nil {
		fail(DeleteFailed, err)
		return
	}
	if shape == BatchDeleteInQuery {
		for _, id := range ids {
			r.query.add("id[]", id)
		}
	} else if r.body, err = json.Marshal(map[string][]string{"id": ids}); err != nil {
		fail(DeleteFailed, err)
		return
	}
	r.stopWhenUnknown = true
	for _, id := range ids {
		defer c.batch.forget(coll, opts.IntegratedAccountID, id) // whatever the outcome, a page may be out of date
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		fail(batchFailure(err), err)
		return
	}
	listed, err := deletedIDs(resp.body)
	if err != nil {
		fail(DeleteUnknown, fmt.Errorf("truto: %s %s: %d: %w", r.method, r.path, resp.status, err))
		return
	}
	for i := range out {
		if listed[out[i].ID] {
			out[i].Result = Deleted
		}
	}
}

// batchFailure classifies the error of a batch-delete that got no 2xx: not batched when the call
// itself is refused (400, 405, Truto's own 404), failed when no attempt can have been processed,
// unknown otherwise (a CRM 404 included: see the top of this file).
func batchFailure(err error) DeleteResult {
	var notProcessed *NotProcessedError
	var apiErr *APIError
	switch {
	case IsCRMNotFound(err): // not a 404 of each id: Delete must not report one for them
		return DeleteUnknown
	case errors.As(err, &notProcessed):
		return DeleteFailed
	case errors.As(err, &apiErr):
		if _, unknown := statusPolicy(apiErr.StatusCode); unknown {
			return DeleteUnknown
		}
		// A 404 not from the CRM (but not the account's, which a plain DELETE would get too; its body
		// may be Truto's envelope or a router's plain page) or a 405: no such route or method for
		// this integration; a 400: not a call it takes in this form.
		if MethodNotServed(err) || Classify(err) == NotTrutosAnswer || apiErr.StatusCode == http.StatusBadRequest {
			return DeleteNotBatched
		}
		return DeleteFailed
	case isPreSendError(err):
		return DeleteFailed
	}
	return DeleteUnknown
}

// deletedIDs reads the ids of the records a batch-delete answered: {"result": [...]} or a bare
// list, of records ({"id": ...}) or of ids. An empty body (204) proves nothing: an error.
func deletedIDs(body []byte) (map[string]bool, error) {
	var items []json.RawMessage
	if obj, ok := Object(body); ok {
		if err := json.Unmarshal(obj["result"], &items); err != nil || obj["result"] == nil {
			return nil, fmt.Errorf("the answer has no list of deleted records (%s)", snippet(body))
		}
	} else if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("the answer is not a list of deleted records (%s)", snippet(body))
	}
	listed := map[string]bool{}
	for _, it := range items {
		if id, ok := RefID(it); ok {
			listed[id] = true
		} else if id, ok := LooseString(it); ok && id != "" {
			listed[id] = true
		}
	}
	return listed, nil
}

// EnableBatchDelete makes concurrent Deletes of the collection in the integrated account go
// through batch-delete in that shape (the caller read it from the meta); DisableBatchDelete
// reverts to one DELETE each.
func (c *Client) EnableBatchDelete(coll Collection, integratedAccountID string, shape BatchDeleteShape) {
	c.deletes.set(deleteScope{coll.Path, integratedAccountID}, &shape)
}

// DisableBatchDelete: see EnableBatchDelete.
func (c *Client) DisableBatchDelete(coll Collection, integratedAccountID string) {
	c.deletes.set(deleteScope{coll.Path, integratedAccountID}, nil)
}

// deleteBatcher collects concurrent Deletes (Terraform destroying many records at once) into
// batch-delete calls, the way batched reads gather concurrent reads: the first Delete of a
// collection and integrated account waits for company (see gather); a lone one is a plain DELETE,
// and a group is sent as soon as it holds MaxBatchDelete ids. The first Delete of a group sends it
// (with its context); the others wait for its outcome, as an in-flight write is never abandoned.
type deleteBatcher struct {
	mu      sync.Mutex
	shapes  map[deleteScope]BatchDeleteShape
	gathers map[deleteKey]*deleteGroup // groups still taking ids
	// refused holds the 405 Truto gave a DELETE, per collection, integrated account and query (an
	// engagement's type): a read-only sandbox or an integration without that delete refuses every
	// other DELETE alike, so none is sent.
	refused map[deleteKey]error
}

// keyOf is the group of a DELETE with opts: its collection, integrated account and query.
func keyOf(coll Collection, opts RequestOptions) (deleteKey, error) {
	q, err := opts.query()
	return deleteKey{deleteScope{coll.Path, opts.IntegratedAccountID}, q.encode()}, err
}

// refusal is the 405 an earlier DELETE like this one got, or nil.
func (d *deleteBatcher) refusal(coll Collection, opts RequestOptions) error {
	key, _ := keyOf(coll, opts) // a query that cannot be encoded fails the request itself
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.refused[key]
}

// noteRefusal keeps err when it is Truto's 405 (a CRM's own 405 may be about the one record).
func (d *deleteBatcher) noteRefusal(coll Collection, opts RequestOptions, err error) {
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != http.StatusMethodNotAllowed || e.IsRemoteError {
		return
	}
	key, _ := keyOf(coll, opts)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.refused == nil {
		d.refused = map[deleteKey]error{}
	}
	d.refused[key] = err
}

type deleteScope struct{ path, integratedAccount string }

// deleteKey is a group: only Deletes with the same query parameters share a request.
type deleteKey struct {
	deleteScope
	query string
}

type deleteGroup struct {
	ids  []string       // each once: two resources adopting one record may destroy it at once
	at   map[string]int // index of each id in ids
	full chan struct{}  // closed when the group holds MaxBatchDelete ids
	done chan struct{}  // closed when errs is set
	errs []error        // Delete's answer for each of ids
}

func (b *deleteBatcher) set(s deleteScope, shape *BatchDeleteShape) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shapes == nil {
		b.shapes, b.gathers = map[deleteScope]BatchDeleteShape{}, map[deleteKey]*deleteGroup{}
	}
	if shape == nil {
		delete(b.shapes, s)
	} else {
		b.shapes[s] = *shape
	}
}

// enabled reports whether Deletes with opts are batched, and in which shape and group.
func (b *deleteBatcher) enabled(coll Collection, opts RequestOptions) (BatchDeleteShape, deleteKey, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key, err := keyOf(coll, opts)
	shape, ok := b.shapes[key.deleteScope]
	if !ok || err != nil { // a query that cannot be encoded: Delete reports the error
		return 0, deleteKey{}, false
	}
	return shape, key, true
}

// delete joins (or starts and then sends) the group of key and returns Delete's answer for id.
func (b *deleteBatcher) delete(ctx context.Context, c *Client, coll Collection, opts RequestOptions, shape BatchDeleteShape, key deleteKey, id string) error {
	b.mu.Lock()
	g := b.gathers[key]
	first := g == nil
	if first {
		g = &deleteGroup{at: map[string]int{}, full: make(chan struct{}), done: make(chan struct{})}
		b.gathers[key] = g
	}
	i, dup := g.at[id]
	if !dup {
		i = len(g.ids)
		g.at[id] = i
		g.ids = append(g.ids, id)
		if len(g.ids) == MaxBatchDelete {
			delete(b.gathers, key)
			close(g.full)
		}
	}
	b.mu.Unlock()
	if !first {
		<-g.done
		return g.errs[i]
	}

	b.gather(ctx, c, g, opts.IntegratedAccountID)
	b.mu.Lock()
	if b.gathers[key] == g {
		delete(b.gathers, key)
	}
	ids := g.ids // no longer grows
	b.mu.Unlock()
	g.errs = c.deleteGroup(ctx, coll, opts, shape, ids)
	close(g.done)
	return g.errs[0]
}

// A group of deletes takes ids until none has joined for deleteIdle, for at most
// maxDeleteGather. Longer than reads' gatherDelay: Terraform starts each delete of a destroy as an
// earlier one returns, and its own work spaces them out (about 30 a second for 1,000 contacts at
// -parallelism=100 on a 2-core machine), so a group of 100 takes about 3 s to fill; with 100 ms and
// 2 s, that destroy sent 16 batches, with these 10 (make bench). A lone delete waits deleteIdle once.
const (
	deleteIdle      = 10 * gatherDelay
	maxDeleteGather = 5 * time.Second
)

// gather waits while the group g should take more ids: until it is full, or ctx is done, or no id
// joined it for deleteIdle (or it has gathered for maxDeleteGather), and the rate limiters would
// let the batch start now. Terraform starts the deletes of a destroy one after the other, each as
// an earlier one returns, so they arrive spread out; and a batch the limiters would hold back
// anyway loses nothing by taking the ids that arrive meanwhile.
func (b *deleteBatcher) gather(ctx context.Context, c *Client, g *deleteGroup, integratedAccountID string) {
	deadline := time.Now().Add(maxDeleteGather)
	for {
		b.mu.Lock()
		before := len(g.ids)
		b.mu.Unlock()
		t := time.NewTimer(deleteIdle)
		select {
		case <-t.C:
		case <-g.full:
			t.Stop()
			return
		case <-ctx.Done():
			t.Stop()
			return
		}
		b.mu.Lock()
		grew := len(g.ids) > before
		b.mu.Unlock()
		if (!grew || time.Now().After(deadline)) && c.mayStartNow(integratedAccountID) {
			return
		}
	}
}

// mayStartNow reports whether the rate limiters of the integrated account would let a request
// start now.
func (c *Client) mayStartNow(integratedAccountID string) bool {
	integratedAccount, token := c.limiters(integratedAccountID)
	limiterRegistry.mu.Lock()
	defer limiterRegistry.mu.Unlock()
	now := time.Now()
	for _, l := range []*limiter{integratedAccount, token} {
		if at, waitRelease := l.next(now); waitRelease || at.After(now) {
			return false
		}
	}
	return true
}

// deleteGroup deletes a group and returns Delete's answer for each id: nil when deleted; for an
// outcome the batch leaves unknown, the answer of a read (a CRM 404 says the record is gone, as a
// retried DELETE would; a record that is still there is an error). A failed batch's error is never
// a CRM 404 (batchFailure), so IsCRMNotFound holds only for a record's own 404. Ids the
// batch-delete route refused to take (DeleteNotBatched) get a plain DELETE each, and batching stops
// for the collection in the integrated account; a group sent after that (one that was gathering
// meanwhile) is deleted one by one as well.
func (c *Client) deleteGroup(ctx context.Context, coll Collection, opts RequestOptions, shape BatchDeleteShape, ids []string) []error {
	errs := make([]error, len(ids))
	if len(ids) == 1 || !c.BatchDeletes(coll, opts.IntegratedAccountID) {
		c.deleteEach(ctx, coll, opts, ids, errs)
		return errs
	}
	var wg sync.WaitGroup
	var notBatched []int
	for i, o := range c.BatchDelete(ctx, coll, opts, shape, ids) {
		switch o.Result {
		case Deleted:
		case DeleteFailed:
			errs[i] = fmt.Errorf("truto: deleting %s %s through batch-delete: %w", coll.Noun, o.ID, o.Err)
		case DeleteNotBatched:
			notBatched = append(notBatched, i)
		default:
			wg.Go(func() { errs[i] = c.recheckDeleted(ctx, coll, opts, o) })
		}
	}
	if len(notBatched) > 0 {
		c.DisableBatchDelete(coll, opts.IntegratedAccountID)
		single := make([]string, len(notBatched))
		singleErrs := make([]error, len(notBatched))
		for j, i := range notBatched {
			single[j] = ids[i]
		}
		c.deleteEach(ctx, coll, opts, single, singleErrs)
		for j, i := range notBatched {
			errs[i] = singleErrs[j]
		}
	}
	wg.Wait()
	return errs
}

// deleteEach sends a plain DELETE for each id, concurrently (the rate limiters pace them), and
// puts each answer in errs. The first goes alone: a 405 to it means the others are not sent (see
// deleteOne).
func (c *Client) deleteEach(ctx context.Context, coll Collection, opts RequestOptions, ids []string, errs []error) {
	if len(ids) == 0 {
		return
	}
	errs[0] = c.deleteOne(ctx, coll, opts, ids[0])
	var wg sync.WaitGroup
	for i, id := range ids[1:] {
		wg.Go(func() { errs[i+1] = c.deleteOne(ctx, coll, opts, id) })
	}
	wg.Wait()
}

// recheckDeleted reads a record whose batch-delete outcome is unknown.
func (c *Client) recheckDeleted(ctx context.Context, coll Collection, opts RequestOptions, o DeleteOutcome) error {
	why := "the batch-delete answer did not list it"
	if o.Err != nil {
		why = "the batch-delete outcome is unknown: " + o.Err.Error()
	}
	_, err := c.Get(ctx, coll, opts, o.ID)
	switch {
	case IsCRMNotFound(err):
		return err
	case err == nil:
		return fmt.Errorf("truto: deleting %s %s: it still exists (%s)", coll.Noun, o.ID, why)
	default:
		return fmt.Errorf("truto: deleting %s %s: %s, and reading it back failed: %w", coll.Noun, o.ID, why, err)
	}
}

// BatchDeletes reports whether Deletes of the collection in the integrated account go through
// batch-delete (EnableBatchDelete).
func (c *Client) BatchDeletes(coll Collection, integratedAccountID string) bool {
	c.deletes.mu.Lock()
	defer c.deletes.mu.Unlock()
	_, ok := c.deletes.shapes[deleteScope{coll.Path, integratedAccountID}]
	return ok
}
