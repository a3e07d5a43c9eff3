package truto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestRequestsCarryHeadersMethodAndPath(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	if _, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Update(ctx, accounts, c.opts, "acc-1", rec("website", nil)); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	want := []struct{ method, path, body string }{
		{"POST", "/unified/crm/accounts", `{"name":"Acme"}`},
		{"GET", "/unified/crm/accounts/acc-1", ""},
		{"PATCH", "/unified/crm/accounts/acc-1", `{"website":null}`},
		{"DELETE", "/unified/crm/accounts/acc-1", ""},
	}
	reqs := srv.requests()
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.method || r.Path != w.path || string(r.Body) != w.body {
			t.Errorf("request %d = %s %s %s, want %s %s %s", i, r.Method, r.Path, r.Body, w.method, w.path, w.body)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+c.token {
			t.Errorf("request %d: Authorization %q", i, got)
		}
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != "terraform-provider-truto/test" {
			t.Errorf("request %d: Accept %q, User-Agent %q", i, r.Header.Get("Accept"), r.Header.Get("User-Agent"))
		}
		if ct := r.Header.Get("Content-Type"); (w.body != "") != (ct == "application/json") {
			t.Errorf("request %d: Content-Type %q with body %q", i, ct, w.body)
		}
		if q, _ := url.ParseQuery(r.RawQuery); q.Get("integrated_account_id") != c.opts.IntegratedAccountID {
			t.Errorf("request %d: query %q lacks integrated_account_id", i, r.RawQuery)
		}
	}
}

func TestQueryEncoding(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{"result":[],"next_cursor":null}`)
	})
	c := newTestClient(t, srv, nil)
	opts := RequestOptions{
		IntegratedAccountID: "ia 1&x",
		IgnoreRemoteData:    true,
		ExcludeFields:       []string{"remote_data", "tags"},
		RemoteQuery:         map[string]string{"workspace[id]": "w1", "foo": "bar baz&=?"},
	}
	p := ListParams{Limit: 25, Filters: []Param{
		{"name", "Acme"}, {"website", "acme.com"}, {"search_term", "ac"}, {"owner[id]", "u1"}, {"sort_by[name]", "asc"},
		{"created_at[gte]", "2024-01-01T00:00:00Z"}, {"created_at[lte]", "2024-12-31T00:00:00+02:00"},
		{"updated_at[gte]", "2024-02-01T00:00:00Z"}, {"updated_at[lte]", "2024-03-01T00:00:00Z"},
		{"website", ""}, // empty filters are left out
	}}
	if _, err := c.ListPage(context.Background(), accounts, opts, p, "cur/1+"); err != nil {
		t.Fatal(err)
	}
	raw := srv.requests()[0].RawQuery
	wantRaw := "integrated_account_id=ia+1%26x&truto_ignore_remote_data=true" +
		"&truto_exclude_fields%5B%5D=remote_data&truto_exclude_fields%5B%5D=tags" +
		"&remote_query%5Bfoo%5D=bar+baz%26%3D%3F&remote_query%5Bworkspace%5D%5Bid%5D=w1" +
		"&limit=25&name=Acme&website=acme.com&search_term=ac&owner%5Bid%5D=u1&sort_by%5Bname%5D=asc" +
		"&created_at%5Bgte%5D=2024-01-01T00%3A00%3A00Z&created_at%5Blte%5D=2024-12-31T00%3A00%3A00%2B02%3A00" +
		"&updated_at%5Bgte%5D=2024-02-01T00%3A00%3A00Z&updated_at%5Blte%5D=2024-03-01T00%3A00%3A00Z" +
		"&next_cursor=cur%2F1%2B"
	if raw != wantRaw {
		t.Errorf("query\n got %s\nwant %s", raw, wantRaw)
	}
	q, _ := url.ParseQuery(raw)
	for k, want := range map[string][]string{
		"integrated_account_id":       {"ia 1&x"},
		"truto_exclude_fields[]":      {"remote_data", "tags"},
		"remote_query[foo]":           {"bar baz&=?"},
		"remote_query[workspace][id]": {"w1"},
		"owner[id]":                   {"u1"},
		"created_at[lte]":             {"2024-12-31T00:00:00+02:00"},
		"next_cursor":                 {"cur/1+"},
		"truto_ignore_remote_data":    {"true"},
	} {
		if !reflect.DeepEqual(q[k], want) {
			t.Errorf("%s = %q, want %q", k, q[k], want)
		}
	}
}

func TestAccountIDIsPathEscaped(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c := newTestClient(t, srv, nil)
	for _, id := range []string{"a/b c?d", ".."} {
		if _, err := c.Get(context.Background(), accounts, c.opts, id); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.requests()
	if reqs[0].Path != "/unified/crm/accounts/a%2Fb%20c%3Fd" || reqs[1].Path != "/unified/crm/accounts/%2E%2E" {
		t.Errorf("paths %q, %q", reqs[0].Path, reqs[1].Path)
	}
}

func TestMissingIntegratedAccountIDFailsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c := newTestClient(t, srv, nil)
	ctx, none := context.Background(), RequestOptions{}
	_, e1 := c.Create(ctx, accounts, none, rec())
	_, e2 := c.Get(ctx, accounts, none, "x")
	_, e3 := c.Update(ctx, accounts, none, "x", rec())
	e4 := c.Delete(ctx, accounts, none, "x")
	_, e5 := c.ListPage(ctx, accounts, none, ListParams{}, "")
	for i, err := range []error{e1, e2, e3, e4, e5} {
		if err == nil || !strings.Contains(err.Error(), "IntegratedAccountID") {
			t.Errorf("call %d: %v", i+1, err)
		}
	}
	if _, err := c.Get(ctx, accounts, c.opts, ""); err == nil {
		t.Error("empty id accepted")
	}
	if srv.count() != 0 {
		t.Errorf("%d requests sent", srv.count())
	}
}

func TestDeleteAccepts200WithBodyAnd204(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			writeJSON(w, http.StatusOK, `{"id":"acc-1"}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c := newTestClient(t, srv, nil)
	for range 2 {
		if err := c.Delete(context.Background(), accounts, c.opts, "acc-1"); err != nil {
			t.Fatal(err)
		}
	}
}

// pagedServer serves accounts a1..a5 in pages of 2, using cursors c1, c2.
func pagedServer(t *testing.T, failOnPage int) *testServer {
	pages := map[string]string{
		"":   `{"result":[{"id":"a1"},{"id":"a2"}],"next_cursor":"c1"}`,
		"c1": `{"result":[{"id":"a3"},null,{"id":"a4"}],"next_cursor":"c2","prev_cursor":""}`,
		"c2": `{"result":[{"id":"a5"}],"next_cursor":null}`,
	}
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		if n == failOnPage {
			writeJSON(w, 400, `{"statusCode":400,"message":"bad cursor"}`)
			return
		}
		writeJSON(w, http.StatusOK, pages[r.URL.Query().Get("next_cursor")])
	})
}

func TestListAccountsFollowsCursors(t *testing.T) {
	t.Parallel()
	srv := pagedServer(t, 0)
	c := newTestClient(t, srv, nil)
	var ids []string
	for a, err := range c.List(context.Background(), accounts, c.opts, ListParams{Limit: 2, Filters: []Param{{"name", "A"}}}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if fmt.Sprint(ids) != "[a1 a2 a3 a4 a5]" {
		t.Errorf("ids = %v", ids)
	}
	reqs := srv.requests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3", len(reqs))
	}
	for i, want := range []string{"", "c1", "c2"} {
		q, _ := url.ParseQuery(reqs[i].RawQuery)
		if q.Get("next_cursor") != want || q.Get("limit") != "2" || q.Get("name") != "A" {
			t.Errorf("page %d query %q", i+1, reqs[i].RawQuery)
		}
	}
}

func TestListAccountsStopsOnError(t *testing.T) {
	t.Parallel()
	srv := pagedServer(t, 2)
	c := newTestClient(t, srv, nil)
	var ids []string
	var errs []error
	for a, err := range c.List(context.Background(), accounts, c.opts, ListParams{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
	}
	if fmt.Sprint(ids) != "[a1 a2]" || len(errs) != 1 || StatusCode(errs[0]) != 400 || srv.count() != 2 {
		t.Errorf("ids %v, errors %v, requests %d", ids, errs, srv.count())
	}
}

func TestListAccountsEarlyBreak(t *testing.T) {
	t.Parallel()
	srv := pagedServer(t, 0)
	c := newTestClient(t, srv, nil)
	for _, err := range c.List(context.Background(), accounts, c.opts, ListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if srv.count() != 1 {
		t.Errorf("requests = %d after breaking on the first item", srv.count())
	}
}

func TestListAccountsRepeatedCursorIsAnError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{"result":[{"id":"a"}],"next_cursor":"same"}`)
	})
	c := newTestClient(t, srv, nil)
	var err error
	for _, e := range c.List(context.Background(), accounts, c.opts, ListParams{}) {
		if e != nil {
			err = e
		}
	}
	if err == nil || srv.count() != 2 {
		t.Errorf("err %v after %d requests", err, srv.count())
	}
}

func TestListPageWithoutResultIsAnError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, `{"id":"x"}`) })
	c := newTestClient(t, srv, nil)
	if _, err := c.ListPage(context.Background(), accounts, c.opts, ListParams{}, ""); err == nil {
		t.Error("want an error")
	}
}

// "result": null is an empty page, on its own or as the last page after a cursor; an absent result
// key stays an error (TestListPageWithoutResultIsAnError).
func TestListPageWithNullResultIsEmpty(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.URL.Query().Get("next_cursor") == "" {
			writeJSON(w, 200, `{"result":[{"id":"a1"}],"next_cursor":"c1"}`)
			return
		}
		writeJSON(w, 200, `{"result":null,"next_cursor":null}`)
	})
	c := newTestClient(t, srv, nil)
	page, err := c.ListPage(context.Background(), accounts, c.opts, ListParams{}, "c1")
	if err != nil || page == nil || len(page.Result) != 0 || page.NextCursor != "" {
		t.Fatalf("page %+v, err %v; want an empty last page", page, err)
	}
	var ids []string
	for a, err := range c.List(context.Background(), accounts, c.opts, ListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if fmt.Sprint(ids) != "[a1]" {
		t.Errorf("ids = %v", ids)
	}
	if _, err := decodePage([]byte(`{"result":{"a":1}}`)); err == nil {
		t.Error("a result that is an object, not an array: want an error")
	}
}

// A create that succeeded must not be reported as failed because its body is odd.
func TestCreateDecodeIsTolerant(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body, wantID string
		unknown            bool
	}{
		{"truncated", `{"id":"acc-9","name":"Ac`, "acc-9", false},
		{"numeric id and odd fields", `{"id":42,"number_of_employees":"lots","owner":"bob"}`, "42", false},
		{"bad token before the id", `{"name":NaN,"id":"acc-7"}`, "acc-7", false},
		{"not json", `<html>created</html>`, "", true},
		{"no id", `{"name":"Acme"}`, "", true},
		{"empty", ``, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 201, tc.body) })
			c := newTestClient(t, srv, nil)
			got, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
			if tc.unknown {
				if !errors.Is(err, ErrOutcomeUnknown) {
					t.Fatalf("want an unknown outcome, got %v, %v", got, err)
				}
				return
			}
			if err != nil || got.ID != tc.wantID {
				t.Fatalf("got %+v, %v; want id %s", got, err, tc.wantID)
			}
		})
	}
}

func TestGetAndUpdateResponses(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		switch n {
		case 1:
			writeJSON(w, 200, `{"name":"No id here"}`)
		case 2:
			w.WriteHeader(http.StatusNoContent)
		default:
			writeJSON(w, 200, `[]`)
		}
	})
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	if a, err := c.Get(ctx, accounts, c.opts, "acc-1"); err != nil || a.ID != "acc-1" {
		t.Errorf("get without id in body: %+v, %v", a, err)
	}
	if a, err := c.Update(ctx, accounts, c.opts, "acc-1", rec()); err != nil || a.ID != "acc-1" {
		t.Errorf("update answered 204: %+v, %v", a, err)
	}
	if _, err := c.Get(ctx, accounts, c.opts, "acc-1"); err == nil {
		t.Error("get of a non-object body must fail")
	}
}

func TestCreateSendsCustomFieldsVerbatim(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 201, accountJSON) })
	c := newTestClient(t, srv, nil)
	in := rec("name", "A")
	in.Set("custom_fields", json.RawMessage(`{"html":"<b>&","seats":10}`))
	if _, err := c.Create(context.Background(), accounts, c.opts, in); err != nil {
		t.Fatal(err)
	}
	if got := string(srv.requests()[0].Body); got != `{"name":"A","custom_fields":{"html":"<b>&","seats":10}}` {
		t.Errorf("body %s", got)
	}
}

// Every collection is served by the same code; what differs is the path and the noun messages use.
func TestOtherCollectionsNameTheirKind(t *testing.T) {
	t.Parallel()
	contacts := Collection{Path: "/unified/crm/contacts", Noun: "contact"}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.Method == http.MethodPost {
			writeJSON(w, http.StatusBadGateway, `{"statusCode":502,"message":"upstream"}`)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = -1 })
	ctx := context.Background()
	_, err := c.Create(ctx, contacts, c.opts, rec("first_name", "Jane"))
	for _, want := range []string{"the contact may have been created", "(list contacts)", "POST /unified/crm/contacts"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("create error %v lacks %q", err, want)
		}
	}
	if _, err := c.Get(ctx, contacts, c.opts, "c-1"); err == nil || !strings.Contains(err.Error(), "cannot read the contact") {
		t.Errorf("get error %v", err)
	}
	if _, err := c.Get(ctx, contacts, c.opts, ""); err == nil || !strings.Contains(err.Error(), "contact id is required") {
		t.Errorf("empty id error %v", err)
	}
	if got := srv.requests()[1].Path; got != "/unified/crm/contacts/c-1" {
		t.Errorf("get path %s", got)
	}
}

func TestPartialListPagesAreReported(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{"result":[{"id":"a1"}],"next_cursor":null,"is_partial_response":true}`)
	})
	c := newTestClient(t, srv, nil)
	page, err := c.ListPage(context.Background(), accounts, c.opts, ListParams{}, "")
	if err != nil || !page.Partial || len(page.Result) != 1 {
		t.Errorf("page %+v, %v", page, err)
	}
}

func TestRequestParamsAreSent(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c := newTestClient(t, srv, nil)
	opts := c.opts
	opts.Params = []Param{{"engagement_type", "call"}, {"contact[0][id]", "c 1"}, {"empty", ""}}
	if err := c.Delete(context.Background(), accounts, opts, "e1"); err != nil {
		t.Fatal(err)
	}
	q := srv.requests()[0].RawQuery
	if !strings.HasSuffix(q, "&engagement_type=call&contact%5B0%5D%5Bid%5D=c+1") {
		t.Errorf("query %s", q)
	}
}
