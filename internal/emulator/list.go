package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// defaultPageSize is the page size when no limit is sent.
const defaultPageSize = 100

// listPage is the list response body.
type listPage struct {
	Result      []map[string]any `json:"result"`
	NextCursor  *string          `json:"next_cursor"`
	ResultCount int              `json:"result_count"`
}

// handleList serves GET /unified/crm/accounts: filtered, sorted (creation
// order unless sort_by), cursor-paginated. Filters the profile does not
// support are silently ignored, as Truto documents for filters a CRM
// cannot apply.
func (s *Server) handleList(a *account, q url.Values, opt renderOptions) *response {
	limit := defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return trutoError(http.StatusBadRequest, "limit must be a positive integer")
		}
		limit = n
	}
	offset := 0
	if v := q.Get("next_cursor"); v != "" {
		n, ok := decodeCursor(v)
		if !ok {
			return trutoError(http.StatusBadRequest, "next_cursor is invalid")
		}
		offset = n
	}
	supported := func(filter string) bool {
		return a.profile.SupportedFilters == nil || contains(a.profile.SupportedFilters, filter)
	}

	var preds []func(*record) bool
	if v := q.Get("name"); v != "" && supported("name") {
		preds = append(preds, func(r *record) bool { return strings.EqualFold(str(r.fields["name"]), v) })
	}
	if v := q.Get("website"); v != "" && supported("website") {
		preds = append(preds, func(r *record) bool { return strings.EqualFold(str(r.fields["website"]), v) })
	}
	if v := q.Get("search_term"); v != "" && supported("search_term") {
		needle := strings.ToLower(v)
		preds = append(preds, func(r *record) bool {
			return strings.Contains(strings.ToLower(str(r.fields["name"])), needle) ||
				strings.Contains(strings.ToLower(str(r.fields["website"])), needle)
		})
	}
	if v := q.Get("owner[id]"); v != "" && supported("owner") {
		preds = append(preds, func(r *record) bool { return ownerID(r) == v })
	}
	for _, field := range []string{"created_at", "updated_at"} {
		if !supported(field) {
			continue
		}
		get := func(r *record) time.Time { return r.createdAt }
		if field == "updated_at" {
			get = func(r *record) time.Time { return r.updatedAt }
		}
		for _, op := range []string{"gte", "gt", "lte", "lt"} {
			param := field + "[" + op + "]"
			v := q.Get(param)
			if v == "" {
				continue
			}
			bound, ok := parseTime(v)
			if !ok {
				return trutoError(http.StatusBadRequest, param+" must be an RFC 3339 date-time")
			}
			preds = append(preds, timePredicate(get, op, bound))
		}
	}
	sortBy := ""
	if v := q.Get("sort_by"); v != "" && supported("sort_by") {
		switch v {
		case "name", "created_at", "updated_at":
			sortBy = v
		default:
			return trutoError(http.StatusBadRequest, "sort_by must be one of name, created_at, updated_at")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []*record
	for _, r := range a.sortedRecords() {
		ok := true
		for _, p := range preds {
			if !p(r) {
				ok = false
				break
			}
		}
		if ok {
			matched = append(matched, r)
		}
	}
	sortRecords(matched, sortBy)

	page := listPage{Result: []map[string]any{}}
	if offset < len(matched) {
		end := min(offset+limit, len(matched))
		for _, r := range matched[offset:end] {
			page.Result = append(page.Result, render(a, r, opt))
		}
		if end < len(matched) {
			c := encodeCursor(end)
			page.NextCursor = &c
		}
	}
	page.ResultCount = len(page.Result)
	return jsonResponse(http.StatusOK, page)
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

// sortRecords sorts by sort_by (ascending; records without a name last),
// ties in creation order. "" keeps creation order.
func sortRecords(rs []*record, by string) {
	if by == "" {
		return
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		switch by {
		case "name":
			an, bn := strings.ToLower(str(a.fields["name"])), strings.ToLower(str(b.fields["name"]))
			if (an == "") != (bn == "") {
				return bn == ""
			}
			return an < bn
		case "created_at":
			return a.createdAt.Before(b.createdAt)
		default:
			return a.updatedAt.Before(b.updatedAt)
		}
	})
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
