package truto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

const accountsPath = "/unified/crm/accounts"

// accountPath returns the escaped path of one account. "." and ".." are escaped too, so an id
// can never climb out of the collection once a proxy normalizes the path.
func accountPath(id string) (string, error) {
	if id == "" {
		return "", errors.New("truto: account id is required")
	}
	seg := url.PathEscape(id)
	switch seg {
	case ".":
		seg = "%2E"
	case "..":
		seg = "%2E%2E"
	}
	return accountsPath + "/" + seg, nil
}

// CreateAccount creates an account (POST) and returns it as the CRM stored it.
//
// One Idempotency-Key is sent on every attempt. If the outcome stays unknown (a transport error,
// timeout or 500/502/504 after the request may have arrived), the error is an
// *OutcomeUnknownError (errors.Is ErrOutcomeUnknown): the record may exist, so do not simply
// create again. A 2xx body that does not decode still yields the account if it holds an id.
func (c *Client) CreateAccount(ctx context.Context, opts RequestOptions, a *Account) (*Account, error) {
	if a == nil {
		return nil, errors.New("truto: CreateAccount: account is nil")
	}
	r, err := c.newRequest(http.MethodPost, accountsPath, opts, a)
	if err != nil {
		return nil, err
	}
	r.mayCreate = true
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	created, err := decodeCreated(resp.body)
	if err != nil {
		return nil, &OutcomeUnknownError{Method: r.method, Path: r.path, IdempotencyKey: r.idempotencyKey, Attempts: resp.attempts,
			Err: fmt.Errorf("truto: %s %s: %d: %w", r.method, r.path, resp.status, err)}
	}
	return created, nil
}

// GetAccount reads one account. A CRM 404 (IsCRMNotFound) means the record is gone; a Truto 404
// (IsTrutoNotFound) means the integrated account is not visible to the token.
func (c *Client) GetAccount(ctx context.Context, opts RequestOptions, id string) (*Account, error) {
	path, err := accountPath(id)
	if err != nil {
		return nil, err
	}
	r, err := c.newRequest(http.MethodGet, path, opts, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeAccount(r, resp, id, false)
}

// UpdateAccount PATCHes an account: absent fields are left alone, Null fields are cleared. It
// sends one Idempotency-Key on every attempt. An empty 2xx body yields an account holding only id.
func (c *Client) UpdateAccount(ctx context.Context, opts RequestOptions, id string, a *Account) (*Account, error) {
	if a == nil {
		return nil, errors.New("truto: UpdateAccount: account is nil")
	}
	path, err := accountPath(id)
	if err != nil {
		return nil, err
	}
	r, err := c.newRequest(http.MethodPatch, path, opts, a)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeAccount(r, resp, id, true)
}

// DeleteAccount deletes an account; Truto answers 200 {"id": ...} or 204. A CRM 404 is returned
// as an error even after a retry (the first attempt may have deleted it): the caller decides
// whether IsCRMNotFound means "already deleted".
func (c *Client) DeleteAccount(ctx context.Context, opts RequestOptions, id string) error {
	path, err := accountPath(id)
	if err != nil {
		return err
	}
	r, err := c.newRequest(http.MethodDelete, path, opts, nil)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, r)
	return err
}

// AccountPage is one page of a list. NextCursor is empty on the last page.
type AccountPage struct {
	Result     []Account
	NextCursor string
}

// ListAccountsPage fetches one page; pass the previous page's NextCursor (empty for the first).
func (c *Client) ListAccountsPage(ctx context.Context, opts RequestOptions, p ListAccountsParams, cursor string) (*AccountPage, error) {
	r, err := c.newRequest(http.MethodGet, accountsPath, opts, nil)
	if err != nil {
		return nil, err
	}
	p.addTo(&r.query, cursor)
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

// ListAccounts iterates over every account, following next_cursor until it is null or empty. On
// an error it yields the error once and stops; a cursor seen twice is an error too (it would loop
// forever).
func (c *Client) ListAccounts(ctx context.Context, opts RequestOptions, p ListAccountsParams) iter.Seq2[Account, error] {
	return func(yield func(Account, error) bool) {
		cursor := ""
		seen := map[string]bool{}
		for {
			page, err := c.ListAccountsPage(ctx, opts, p, cursor)
			if err != nil {
				yield(Account{}, err)
				return
			}
			for _, a := range page.Result {
				if !yield(a, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if seen[page.NextCursor] {
				yield(Account{}, fmt.Errorf("truto: GET %s: the API returned the same next_cursor twice; stopping to avoid an endless loop", accountsPath))
				return
			}
			seen[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
}

// newRequest validates opts and builds a request; body (if any) is encoded once, so every retry
// re-sends the same bytes. POST and PATCH get an Idempotency-Key.
func (c *Client) newRequest(method, path string, opts RequestOptions, body *Account) (*request, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	r := &request{method: method, path: path, query: q, accountID: opts.IntegratedAccountID}
	if body != nil {
		if r.body, err = encodeJSON(body); err != nil {
			return nil, fmt.Errorf("truto: %s %s: encoding the account: %w", method, path, err)
		}
	}
	if method == http.MethodPost || method == http.MethodPatch {
		r.idempotencyKey = newIdempotencyKey()
	}
	return r, nil
}

// decodeAccount reads a get or update response. The requested id fills in a missing one.
func decodeAccount(r *request, resp *response, id string, emptyOK bool) (*Account, error) {
	if len(resp.body) == 0 || resp.status == http.StatusNoContent {
		if emptyOK {
			return &Account{ID: id}, nil
		}
		return nil, fmt.Errorf("truto: %s %s: %d with an empty body, expected the account", r.method, r.path, resp.status)
	}
	var a Account
	if err := json.Unmarshal(resp.body, &a); err != nil {
		return nil, fmt.Errorf("truto: %s %s: cannot read the account in the response (%s): %w", r.method, r.path, snippet(resp.body), err)
	}
	if a.ID == "" {
		a.ID = id
	}
	return &a, nil
}

// decodePage reads {"result": [...], "next_cursor": "..." | null}. Null entries are skipped.
func decodePage(body []byte) (*AccountPage, error) {
	var raw struct {
		Result     *[]json.RawMessage `json:"result"`
		NextCursor json.RawMessage    `json:"next_cursor"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("cannot read the list response (%s): %w", snippet(body), err)
	}
	if raw.Result == nil {
		return nil, fmt.Errorf("the list response has no result array (%s)", snippet(body))
	}
	page := &AccountPage{Result: make([]Account, 0, len(*raw.Result))}
	for i, item := range *raw.Result {
		if isJSONNull(item) {
			continue
		}
		var a Account
		if err := json.Unmarshal(item, &a); err != nil {
			return nil, fmt.Errorf("result[%d]: %w", i, err)
		}
		page.Result = append(page.Result, a)
	}
	page.NextCursor, _ = looseString(raw.NextCursor)
	return page, nil
}
