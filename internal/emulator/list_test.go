package emulator

import (
	"fmt"
	"net/url"
	"testing"
	"time"
)

// listAll pages through the list with the given page size and extra query.
func (h *harness) listAll(acct string, limit int, extra ...string) (names []string, pages int) {
	h.t.Helper()
	cursor := ""
	for {
		q := append([]string{fmt.Sprintf("limit=%d", limit)}, extra...)
		if cursor != "" {
			q = append(q, "next_cursor="+url.QueryEscape(cursor))
		}
		res := h.call("GET", collPath(acct, q...), nil).wantStatus(h.t, 200)
		pages++
		result, ok := res.body["result"].([]any)
		if !ok {
			h.t.Fatalf("no result array: %s", res.raw)
		}
		if res.body["result_count"] != float64(len(result)) {
			h.t.Errorf("result_count = %v for %d items", res.body["result_count"], len(result))
		}
		if len(result) > limit {
			h.t.Fatalf("page of %d items for limit %d", len(result), limit)
		}
		for _, it := range result {
			names = append(names, sv(obj(it)["name"]))
		}
		nc, present := res.body["next_cursor"]
		if !present {
			h.t.Fatalf("next_cursor member missing: %s", res.raw)
		}
		if nc == nil {
			return names, pages
		}
		cursor = sv(nc)
		if pages > 1000 {
			h.t.Fatal("pagination does not end")
		}
	}
}

func TestListPagination(t *testing.T) {
	h := newHarness(t)
	var want []string
	for i := range 23 {
		n := fmt.Sprintf("Acct %02d", i)
		want = append(want, n)
		h.srv.Seed(acctID, map[string]any{"name": n})
	}
	for _, limit := range []int{1, 5, 10, 23, 100} {
		names, pages := h.listAll(acctID, limit)
		jsonEq(t, fmt.Sprintf("names (limit %d)", limit), names, want)
		if wantPages := (23 + limit - 1) / limit; pages != wantPages {
			t.Errorf("limit %d: %d pages, want %d", limit, pages, wantPages)
		}
	}
	// Default page size is 100.
	for i := range 90 {
		h.srv.Seed(acctID, map[string]any{"name": fmt.Sprintf("More %02d", i)})
	}
	res := h.call("GET", collPath(acctID), nil)
	if n := len(arr(res.body["result"])); n != 100 || res.body["next_cursor"] == nil {
		t.Errorf("default page: %d items, next_cursor %v", n, res.body["next_cursor"])
	}
	// Empty list.
	res = h.call("GET", collPath(plainID), nil).wantStatus(t, 200)
	jsonEq(t, "empty list", res.body, map[string]any{"result": []any{}, "next_cursor": nil, "result_count": 0, "is_partial_response": false})
	// Bad parameters.
	for _, q := range []string{"limit=0", "limit=-3", "limit=abc"} {
		h.call("GET", collPath(acctID, q), nil).wantError(t, 400, "limit", false)
	}
	h.call("GET", collPath(acctID, "next_cursor=%25%25%25"), nil).wantError(t, 400, "next_cursor", false)
}

func TestListFilters(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "limited", Profile: Profile{SupportedFilters: []string{"name"}}})
	})
	day := func(d int) string { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339) }
	for _, acct := range []string{acctID, "limited"} {
		h.srv.Seed(acct, map[string]any{"name": "Charlie", "website": "https://charlie.example", "owner": map[string]any{"id": "o1"}, "created_at": day(3), "updated_at": day(10)})
		h.srv.Seed(acct, map[string]any{"name": "alpha", "website": "https://alpha.example", "owner": map[string]any{"id": "o2"}, "created_at": day(1), "updated_at": day(12)})
		h.srv.Seed(acct, map[string]any{"name": "Bravo", "website": "https://ALPHA-partner.example", "created_at": day(2), "updated_at": day(11)})
		h.srv.Seed(acct, map[string]any{"website": "https://nameless.example", "created_at": day(4), "updated_at": day(13)})
	}
	names := func(acct string, q ...string) []string {
		t.Helper()
		res := h.call("GET", collPath(acct, q...), nil).wantStatus(t, 200)
		out := []string{}
		for _, it := range arr(res.body["result"]) {
			n, _ := obj(it)["name"].(string)
			if n == "" {
				n = "-"
			}
			out = append(out, n)
		}
		return out
	}
	cases := []struct {
		q    []string
		want []string
	}{
		{nil, []string{"Charlie", "alpha", "Bravo", "-"}},
		{[]string{"name=ALPHA"}, []string{"alpha"}},
		{[]string{"name=alp"}, []string{}},
		{[]string{"website=https://Charlie.example"}, []string{"Charlie"}},
		{[]string{"search_term=alpha"}, []string{"alpha", "Bravo"}},
		{[]string{"search_term=RLI"}, []string{"Charlie"}},
		{[]string{"owner[id]=o2"}, []string{"alpha"}},
		{[]string{"owner%5Bid%5D=o1"}, []string{"Charlie"}},
		{[]string{"created_at[gte]=" + day(2)}, []string{"Charlie", "Bravo", "-"}},
		{[]string{"created_at[lte]=" + day(2)}, []string{"alpha", "Bravo"}},
		{[]string{"created_at[gte]=" + day(2), "created_at[lte]=" + day(3)}, []string{"Charlie", "Bravo"}},
		{[]string{"updated_at[gte]=" + url.QueryEscape("2024-01-11T00:00:00+00:00"), "updated_at[lte]=" + day(12)}, []string{"alpha", "Bravo"}},
		{[]string{"sort_by[name]=asc"}, []string{"alpha", "Bravo", "Charlie", "-"}},
		{[]string{"sort_by[created_at]=asc"}, []string{"alpha", "Bravo", "Charlie", "-"}},
		{[]string{"sort_by[updated_at]=asc"}, []string{"Charlie", "Bravo", "alpha", "-"}},
		{[]string{"search_term=example", "sort_by[name]=asc", "limit=2"}, []string{"alpha", "Bravo"}},
		{[]string{"unknown_filter=zzz"}, []string{"Charlie", "alpha", "Bravo", "-"}},
		{[]string{"sort_by=name"}, []string{"Charlie", "alpha", "Bravo", "-"}}, // the bare form is not Truto's: ignored
		{[]string{"sort_by[name]=desc"}, []string{"Charlie", "Bravo", "alpha", "-"}},
	}
	for _, c := range cases {
		jsonEq(t, fmt.Sprint(c.q), names(acctID, c.q...), c.want)
	}
	h.call("GET", collPath(acctID, "created_at[gte]=last-week"), nil).wantError(t, 400, "created_at[gte]", false)
	h.call("GET", collPath(acctID, "sort_by[website]=asc"), nil).wantError(t, 400, "sort_by", false)

	// The "limited" CRM applies only name; everything else is silently ignored.
	all := []string{"Charlie", "alpha", "Bravo", "-"}
	jsonEq(t, "limited name", names("limited", "name=bravo"), []string{"Bravo"})
	for _, q := range []string{"website=https://alpha.example", "search_term=alpha", "owner[id]=o1", "created_at[gte]=" + day(3), "sort_by[name]=asc", "sort_by[nonsense]=asc", "created_at[gte]=garbage"} {
		jsonEq(t, "limited "+q, names("limited", q), all)
	}
}

func TestListPaginationSortedByName(t *testing.T) {
	h := newHarness(t)
	for _, n := range []string{"d", "b", "e", "a", "c"} {
		h.srv.Seed(acctID, map[string]any{"name": n})
	}
	names, pages := h.listAll(acctID, 2, "sort_by[name]=asc")
	jsonEq(t, "names", names, []string{"a", "b", "c", "d", "e"})
	if pages != 3 {
		t.Errorf("pages = %d", pages)
	}
}
