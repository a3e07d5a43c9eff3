package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// defaultPageSize is the page size when no limit is sent; maxPageSize is
// the emulator's largest page (a larger limit is capped). Truto documents
// no maximum.
const (
	defaultPageSize = 100
	maxPageSize     = 100
)

// listPage is the list response body.
type listPage struct {
	Result      []map[string]any `json:"result"`
	NextCursor  *string          `json:"next_cursor"`
	ResultCount int              `json:"result_count"`
	// IsPartial: the items lack fields a get would return
	// (Profile.PartialLists).
	IsPartial bool `json:"is_partial_response"`
}

// handleList serves GET /unified/crm/{collection}: filtered, sorted (the
// collection's default order unless sort_by), cursor-paginated (limit
// defaults to 100 and is capped at 100). Filters the
// profile does not support are silently ignored, as Truto documents for
// filters a CRM cannot apply.
func (s *Server) handleList(a *integratedAccount, cs *collState, q url.Values, opt renderOptions) *response {
	limit, offset, resp := pageParams(q)
	if resp != nil {
		return resp
	}
	preds, resp := listPredicates(a, cs, q)
	if resp != nil {
		return resp
	}
	sortBy, desc, resp := listSort(cs, q)
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return jsonResponse(http.StatusOK, listPageOf(a, cs, matching(cs, preds, sortBy, desc), offset, limit, opt))
}

// pageParams reads limit (defaultPageSize, capped at maxPageSize) and the
// offset next_cursor stands for.
func pageParams(q url.Values) (limit, offset int, resp *response) {
	limit = defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, 0, trutoError(http.StatusBadRequest, "limit must be a positive integer")
		}
		limit = min(n, maxPageSize)
	}
	if v := q.Get("next_cursor"); v != "" {
		n, ok := decodeCursor(v)
		if !ok {
			return 0, 0, trutoError(http.StatusBadRequest, "next_cursor is invalid")
		}
		offset = n
	}
	return limit, offset, nil
}

// listPredicates are the checks a listed record passes: the collection's
// scope and the filters the profile supports (others are ignored).
func listPredicates(a *integratedAccount, cs *collState, q url.Values) ([]func(*record) bool, *response) {
	c := cs.c
	var preds []func(*record) bool
	if c.scope != nil {
		in, resp := c.scope(a, q)
		if resp != nil {
			return nil, resp
		}
		preds = append(preds, in)
	}
	for _, f := range c.filters {
		if !cs.prof.filterSupported(f.name) {
			continue
		}
		if f.param != "" {
			if v := q.Get(f.param); v != "" {
				preds = append(preds, func(r *record) bool { return f.match(c, r, v) })
			}
			continue
		}
		timePreds, resp := timeBounds(f.name, q)
		if resp != nil {
			return nil, resp
		}
		preds = append(preds, timePreds...)
	}
	return preds, nil
}

// timeBounds are the checks of a date-time filter: created_at[gte]=... and
// the like.
func timeBounds(name string, q url.Values) ([]func(*record) bool, *response) {
	get := func(r *record) time.Time { return r.createdAt }
	if name == "updated_at" {
		get = func(r *record) time.Time { return r.updatedAt }
	}
	var preds []func(*record) bool
	for _, op := range []string{"gte", "gt", "lte", "lt"} {
		param := name + "[" + op + "]"
		v := q.Get(param)
		if v == "" {
			continue
		}
		bound, ok := parseTime(v)
		if !ok {
			return nil, trutoError(http.StatusBadRequest, param+" must be an RFC 3339 date-time")
		}
		preds = append(preds, timePredicate(get, op, bound))
	}
	return preds, nil
}

// listSort reads sort_by where the collection and the profile support it.
func listSort(cs *collState, q url.Values) (sortBy string, desc bool, resp *response) {
	c := cs.c
	if v, d, ok := sortParam(q); ok && len(c.sortBy) > 0 && cs.prof.filterSupported("sort_by") {
		if !contains(c.sortBy, v) {
			return "", false, trutoError(http.StatusBadRequest, "sort_by must be one of "+strings.Join(c.sortBy, ", "))
		}
		return v, d, nil
	}
	return "", false, nil
}

// matching are the records passing every predicate, in the collection's
// order, then sorted. The caller holds s.mu.
func matching(cs *collState, preds []func(*record) bool, sortBy string, desc bool) []*record {
	var matched []*record
	for _, r := range cs.sortedRecords() {
		if !slices.ContainsFunc(preds, func(p func(*record) bool) bool { return !p(r) }) {
			matched = append(matched, r)
		}
	}
	if cs.c.order != nil {
		cs.c.order(matched)
	}
	cs.c.sortRecords(matched, sortBy, desc)
	return matched
}

// listPageOf renders the page of matched starting at offset, with the cursor
// of the next one.
func listPageOf(a *integratedAccount, cs *collState, matched []*record, offset, limit int, opt renderOptions) listPage {
	page := listPage{Result: []map[string]any{}}
	if offset < len(matched) {
		end := min(offset+limit, len(matched))
		for _, r := range matched[offset:end] {
			item := render(a, cs, r, opt)
			for _, k := range a.profile.PartialLists {
				delete(item, k)
			}
			page.Result = append(page.Result, item)
		}
		if end < len(matched) {
			c := encodeCursor(end)
			page.NextCursor = &c
		}
	}
	page.ResultCount = len(page.Result)
	page.IsPartial = len(a.profile.PartialLists) > 0
	return page
}

// sortParam reads sort_by[field]=asc|desc, the query encoding of Truto's
// sort_by object {field: asc|desc}. A bare sort_by=field is not that form:
// like any parameter the CRM cannot apply, it is silently ignored.
func sortParam(q url.Values) (field string, desc, ok bool) {
	for k, vs := range q {
		inner, found := strings.CutPrefix(k, "sort_by[")
		if found && strings.HasSuffix(inner, "]") && len(vs) > 0 {
			return strings.TrimSuffix(inner, "]"), strings.EqualFold(vs[0], "desc"), true
		}
	}
	return "", false, false
}

func timePredicate(get func(*record) time.Time, op string, bound time.Time) func(*record) bool {
	return func(r *record) bool {
		t := get(r)
		switch op {
		case "gte":
			return !t.Before(bound)
		case "gt":
			return t.After(bound)
		case "lte":
			return !t.After(bound)
		default: // lt
			return t.Before(bound)
		}
	}
}

// Cursors are opaque to clients: base64url of "offset:N".
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
	if err != nil || n < 0 || !strings.HasPrefix(string(b), "offset:") {
		return 0, false
	}
	return n, true
}
