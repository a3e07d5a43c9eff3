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
	// Params are unified query parameters of this call, sent after the others (e.g. the
	// engagement_type an engagement is addressed by).
	Params []Param
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
	for _, p := range o.Params {
		q.addIf(p.Name, p.Value)
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

// Param is one query parameter, its name already in Truto's bracket encoding ("owner[id]",
// "created_at[gte]", "contact[0][id]").
type Param struct {
	Name, Value string
}

// ListParams are a list call's page size and filters. Truto passes filters to the CRM, and a filter
// the CRM cannot apply is silently ignored: re-check results client-side when exactness matters.
type ListParams struct {
	Limit   int     // page size (limit=); 0 = omit
	Filters []Param // sent in order; empty values are left out
}

// addTo appends the list parameters and the cursor to q.
func (p ListParams) addTo(q *query, cursor string) {
	if p.Limit > 0 {
		q.add("limit", strconv.Itoa(p.Limit))
	}
	for _, f := range p.Filters {
		q.addIf(f.Name, f.Value)
	}
	q.addIf("next_cursor", cursor)
}
