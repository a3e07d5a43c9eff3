package truto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"path"
	"regexp"
)

// Collection is one kind of CRM record behind Truto's Unified CRM API: every kind shares the same
// five methods on its path (list, get, create, update, delete).
type Collection struct {
	// Path is the collection's path, e.g. "/unified/crm/contacts".
	Path string
	// Noun is what one record is called in messages, e.g. "contact".
	Noun string
}

// Plural is the collection's last path segment, e.g. "contacts".
func (c Collection) Plural() string { return path.Base(c.Path) }

// itemPath returns the escaped path of one record. "." and ".." are escaped too, so an id can never
// climb out of the collection once a proxy normalizes the path.
func (c Collection) itemPath(id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("truto: %s id is required", c.Noun)
	}
	seg := url.PathEscape(id)
	switch seg {
	case ".":
		seg = "%2E"
	case "..":
		seg = "%2E%2E"
	}
	return c.Path + "/" + seg, nil
}

// Create creates a record (POST) and returns it as the CRM stored it.
//
// One Idempotency-Key is sent on every attempt. If the outcome stays unknown (a transport error,
// timeout or 500/502/504 after the request may have arrived), the error is an
// *OutcomeUnknownError (errors.Is ErrOutcomeUnknown): the record may exist, so do not simply
// create again. A 2xx body that does not decode still yields the record if it holds an id.
func (c *Client) Create(ctx context.Context, coll Collection, opts RequestOptions, rec *Record) (*Record, error) {
	if rec == nil {
		return nil, fmt.Errorf("truto: creating a %s: the record is nil", coll.Noun)
	}
	r, err := c.newRequest(coll, http.MethodPost, coll.Path, opts, rec)
	if err != nil {
		return nil, err
	}
	r.mayCreate = true
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	created, err := decodeCreated(resp.body)
	if err == nil {
		c.batch.forget(coll, opts.IntegratedAccountID, created.ID)
	}
	if err != nil {
		return nil, &OutcomeUnknownError{Collection: coll, Method: r.method, Path: r.path, IdempotencyKey: r.idempotencyKey,
			Attempts: resp.attempts, Err: fmt.Errorf("truto: %s %s: %d: %w", r.method, r.path, resp.status, err)}
	}
	return created, nil
}

// Get reads one record. A CRM 404 (IsCRMNotFound) means the record is gone; a Truto 404
// (IsTrutoNotFound) means the integrated account is not visible to the token.
func (c *Client) Get(ctx context.Context, coll Collection, opts RequestOptions, id string) (*Record, error) {
	p, err := coll.itemPath(id)
	if err != nil {
		return nil, err
	}
	r, err := c.newRequest(coll, http.MethodGet, p, opts, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeRecord(r, resp, id, false)
}

// Update PATCHes a record: absent fields are left alone, null fields are cleared. It sends one
// Idempotency-Key on every attempt. An empty 2xx body yields a record holding only the id.
func (c *Client) Update(ctx context.Context, coll Collection, opts RequestOptions, id string, rec *Record) (*Record, error) {
	if rec == nil {
		return nil, fmt.Errorf("truto: updating a %s: the record is nil", coll.Noun)
	}
	p, err := coll.itemPath(id)
	if err != nil {
		return nil, err
	}
	r, err := c.newRequest(coll, http.MethodPatch, p, opts, rec)
	if err != nil {
		return nil, err
	}
	defer c.batch.forget(coll, opts.IntegratedAccountID, id) // whatever the outcome, a page has it out of date
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeRecord(r, resp, id, true)
}

// Delete deletes a record; Truto answers 200 {"id": ...} or 204. A CRM 404 is returned as an error
// even after a retry (the first attempt may have deleted it): the caller decides whether
// IsCRMNotFound means "already deleted". Where EnableBatchDelete is on for the collection and the
// integrated account, concurrent deletes are sent together through batch-delete (see
// deleteBatcher), with the same contract.
func (c *Client) Delete(ctx context.Context, coll Collection, opts RequestOptions, id string) error {
	if shape, key, ok := c.deletes.enabled(coll, opts); ok && id != "" {
		return c.deletes.delete(ctx, c, coll, opts, shape, key, id)
	}
	return c.deleteOne(ctx, coll, opts, id)
}

// deleteOne is one DELETE, unless Truto refused one of the collection in the integrated account,
// with the same query, 405 in this process: a read-only sandbox or an integration without delete
// refuses them all, and a destroy of many records would otherwise spend a request (of Truto's 50
// per 10 s) on each.
func (c *Client) deleteOne(ctx context.Context, coll Collection, opts RequestOptions, id string) error {
	p, err := coll.itemPath(id)
	if err != nil {
		return err
	}
	if refused := c.deletes.refusal(coll, opts); refused != nil {
		return fmt.Errorf("truto: deleting %s %s: not sent, as an earlier DELETE of %s was refused: %w", coll.Noun, id,
			coll.Plural(), refused)
	}
	r, err := c.newRequest(coll, http.MethodDelete, p, opts, nil)
	if err != nil {
		return err
	}
	defer c.batch.forget(coll, opts.IntegratedAccountID, id)
	_, err = c.do(ctx, r)
	c.deletes.noteRefusal(coll, opts, err)
	return err
}

// Page is one page of a list. NextCursor is empty on the last page.
type Page struct {
	Result     []Record
	NextCursor string
	// Partial is the API's is_partial_response: list items may lack fields a get returns.
	Partial bool
}

// ListPage fetches one page; pass the previous page's NextCursor (empty for the first).
func (c *Client) ListPage(ctx context.Context, coll Collection, opts RequestOptions, p ListParams, cursor string) (*Page, error) {
	return c.listPage(ctx, coll, opts, p, cursor, nil)
}

// listPage is ListPage; tune (if not nil) adjusts the request before it is sent.
func (c *Client) listPage(ctx context.Context, coll Collection, opts RequestOptions, p ListParams, cursor string, tune func(*request)) (*Page, error) {
	r, err := c.newRequest(coll, http.MethodGet, coll.Path, opts, nil)
	if err != nil {
		return nil, err
	}
	p.addTo(&r.query, cursor)
	if tune != nil {
		tune(r)
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	page, err := decodePage(resp.body)
	if err != nil {
		return nil, fmt.Errorf("truto: %s %s: %w", r.method, r.path, err)
	}
	return page, nil
}

// List iterates over every record, following next_cursor until it is null or empty. On an error it
// yields the error once and stops; a cursor seen twice is an error too (it would loop forever).
// Breaking out of the loop stops it before the next page is requested.
func (c *Client) List(ctx context.Context, coll Collection, opts RequestOptions, p ListParams) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		cursor := ""
		seen := map[string]bool{}
		for {
			page, err := c.ListPage(ctx, coll, opts, p, cursor)
			if err != nil {
				yield(Record{}, err)
				return
			}
			for _, rec := range page.Result {
				if !yield(rec, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if seen[page.NextCursor] {
				yield(Record{}, fmt.Errorf("truto: GET %s: the API returned the same next_cursor twice; stopping to avoid an endless loop", coll.Path))
				return
			}
			seen[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
}

// newRequest validates opts and builds a request; body (if any) is encoded once, so every retry
// re-sends the same bytes. POST and PATCH get an Idempotency-Key.
func (c *Client) newRequest(coll Collection, method, path string, opts RequestOptions, body *Record) (*request, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	r := &request{coll: coll, method: method, path: path, query: q, integratedAccountID: opts.IntegratedAccountID}
	if body != nil {
		if r.body, err = encodeJSON(body); err != nil {
			return nil, fmt.Errorf("truto: %s %s: encoding the %s: %w", method, path, coll.Noun, err)
		}
	}
	if method == http.MethodPost || method == http.MethodPatch {
		r.idempotencyKey = newIdempotencyKey()
	}
	return r, nil
}

// decodeRecord reads a get or update response. The requested id fills in a missing one.
func decodeRecord(r *request, resp *response, id string, emptyOK bool) (*Record, error) {
	if len(resp.body) == 0 || resp.status == http.StatusNoContent {
		if emptyOK {
			return &Record{ID: id}, nil
		}
		return nil, fmt.Errorf("truto: %s %s: %d with an empty body, expected the %s", r.method, r.path, resp.status, r.coll.Noun)
	}
	var rec Record
	if err := json.Unmarshal(resp.body, &rec); err != nil {
		return nil, fmt.Errorf("truto: %s %s: cannot read the %s in the response (%s): %w", r.method, r.path, r.coll.Noun, snippet(resp.body), err)
	}
	if rec.ID == "" {
		rec.ID = id
	}
	return &rec, nil
}

// decodePage reads {"result": [...], "next_cursor": "..." | null, "is_partial_response": bool}.
// Null entries are skipped. "result": null is an empty page: an empty list serialised as null
// says there is nothing, as [] does. A body without a "result" key is an error: it
// is not a list envelope at all (a bare record, an error body sent with 2xx, a proxy's page), and
// reading it as "no records" would let a list that matched records look empty, which can drop
// records from state or lead to duplicates.
func decodePage(body []byte) (*Page, error) {
	var raw struct {
		Result     json.RawMessage `json:"result"`
		NextCursor json.RawMessage `json:"next_cursor"`
		Partial    json.RawMessage `json:"is_partial_response"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("cannot read the list response (%s): %w", snippet(body), err)
	}
	if raw.Result == nil { // the key is absent (a present null is the 4 bytes "null")
		return nil, fmt.Errorf("the list response has no result array (%s)", snippet(body))
	}
	var items []json.RawMessage
	if !IsNull(raw.Result) {
		if err := json.Unmarshal(raw.Result, &items); err != nil {
			return nil, fmt.Errorf("the list response's result is not an array (%s): %w", snippet(body), err)
		}
	}
	page := &Page{Result: make([]Record, 0, len(items))}
	for i, item := range items {
		if IsNull(item) {
			continue
		}
		var rec Record
		if err := json.Unmarshal(item, &rec); err != nil {
			return nil, fmt.Errorf("result[%d]: %w", i, err)
		}
		page.Result = append(page.Result, rec)
	}
	page.NextCursor, _ = LooseString(raw.NextCursor)
	page.Partial, _ = LooseBool(raw.Partial)
	return page, nil
}

// encodeJSON marshals a request body without HTML escaping, so raw values go out verbatim apart
// from insignificant whitespace: 10 stays 10, 1.50 stays 1.50, "<b>" stays "<b>".
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// decodeCreated reads a create's 2xx body. If it is not a readable record, it salvages the
// top-level id so a record that exists is not lost track of.
func decodeCreated(body []byte) (*Record, error) {
	var rec Record
	err := json.Unmarshal(body, &rec)
	if err == nil && rec.ID != "" {
		return &rec, nil
	}
	if id, ok := salvageID(body); ok {
		return &Record{ID: id}, nil
	}
	if err == nil {
		err = errors.New("the response has no record id")
	}
	return nil, fmt.Errorf("the create succeeded but its response could not be read (%s): %w", snippet(body), err)
}

var idValue = regexp.MustCompile(`^\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)`)

// salvageID finds the record's id in a body that does not decode (truncated, a bad value
// elsewhere, trailing garbage). It scans for an "id" key directly inside the top-level object,
// tracking nesting and strings without validating the rest, so a nested id (owner, tags,
// remote_data) is never mistaken for the record's.
func salvageID(body []byte) (string, bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", false
	}
	depth := 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end := stringEnd(body, i)
			if end < 0 {
				return "", false
			}
			if depth == 1 && string(body[i:end+1]) == `"id"` {
				if m := idValue.FindSubmatch(body[end+1:]); m != nil {
					id, ok := LooseString(m[1])
					return id, ok && id != ""
				}
			}
			i = end
		}
	}
	return "", false
}

// stringEnd returns the index of the quote closing the JSON string opening at start, or -1.
func stringEnd(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
