package truto

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// RequestOptions are the Truto parameters common to every call.
type RequestOptions struct {
	// IntegratedAccountID selects the connected CRM; required on every call.
	IntegratedAccountID string
	// IgnoreRemoteData sends truto_ignore_remote_data=true (drops the vendor's raw record).
	IgnoreRemoteData bool
	// ExcludeFields sends truto_exclude_fields[]=a&truto_exclude_fields[]=b.
	ExcludeFields []string
	// RemoteQuery is passed to the CRM untransformed as remote_query[k]=v. A key that is itself
	// bracketed nests: "workspace[id]" is sent as remote_query[workspace][id].
	RemoteQuery map[string]string
}

var errNoIntegratedAccount = errors.New("truto: RequestOptions.IntegratedAccountID is required (it selects the connected CRM)")

// query is an ordered list of already escaped key=value pairs in Truto's bracket encoding
// (foo[bar]=baz, foo[]=a). Keeping insertion order makes URLs in logs and tests predictable.
type query []string

func (q *query) add(key, value string) {
	*q = append(*q, url.QueryEscape(key)+"="+url.QueryEscape(value))
}

// addIf adds key=value when value is not empty.
func (q *query) addIf(key, value string) {
	if value != "" {
		q.add(key, value)
	}
}

func (q query) encode() string { return strings.Join(q, "&") }

// query validates the options and encodes them.
func (o RequestOptions) query() (query, error) {
	if o.IntegratedAccountID == "" {
		return nil, errNoIntegratedAccount
	}
	var q query
	q.add("integrated_account_id", o.IntegratedAccountID)
	if o.IgnoreRemoteData {
		q.add("truto_ignore_remote_data", "true")
	}
	for _, f := range o.ExcludeFields {
		q.add("truto_exclude_fields[]", f)
	}
	for _, k := range slices.Sorted(maps.Keys(o.RemoteQuery)) {
		q.add(remoteQueryKey(k), o.RemoteQuery[k])
	}
	return q, nil
}

// remoteQueryKey nests k under remote_query: "foo" -> remote_query[foo], "a[b]" -> remote_query[a][b].
func remoteQueryKey(k string) string {
	if i := strings.IndexByte(k, '['); i > 0 {
		return "remote_query[" + k[:i] + "]" + k[i:]
	}
	return "remote_query[" + k + "]"
}

// ListAccountsParams are the list filters. Truto passes filters to the CRM, and a filter the CRM
// cannot apply is silently ignored: re-check results client-side when exactness matters.
type ListAccountsParams struct {
	Limit int // page size (limit=); 0 = omit

	Name, Website, SearchTerm string
	OwnerID                   string // sent as owner[id]=...
	SortBy                    string // sent as sort_by=...

	// Date-time bounds (RFC 3339). Truto documents created_at / updated_at as filters but not
	// how a range is encoded; we send the operator form created_at[gte]=... / created_at[lte]=...
	// (and the same for updated_at), the convention of Truto's bracket encoding for objects.
	CreatedAfter, CreatedBefore, UpdatedAfter, UpdatedBefore string
}

// addTo appends the list parameters and the cursor to q.
func (p ListAccountsParams) addTo(q *query, cursor string) {
	if p.Limit > 0 {
		q.add("limit", strconv.Itoa(p.Limit))
	}
	q.addIf("name", p.Name)
	q.addIf("website", p.Website)
	q.addIf("search_term", p.SearchTerm)
	q.addIf("owner[id]", p.OwnerID)
	q.addIf("sort_by", p.SortBy)
	q.addIf("created_at[gte]", p.CreatedAfter)
	q.addIf("created_at[lte]", p.CreatedBefore)
	q.addIf("updated_at[gte]", p.UpdatedAfter)
	q.addIf("updated_at[lte]", p.UpdatedBefore)
	q.addIf("next_cursor", cursor)
}
