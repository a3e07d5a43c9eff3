package truto

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// namedServer serves n accounts r0 .. r<n-1> named "Record i": list pages with an offset cursor and
// Truto's name filter (exact), GET and PATCH of a name.
func namedServer(t *testing.T, n int) *testServer {
	var mu sync.Mutex
	names := map[string]string{}
	for i := range n {
		names[fmt.Sprintf("r%d", i)] = fmt.Sprintf("Record %d", i)
	}
	item := func(id string) string { return fmt.Sprintf(`{"id":%q,"name":%q}`, id, names[id]) }
	return newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/unified/crm/accounts" {
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			from, _ := strconv.Atoi(r.URL.Query().Get("next_cursor"))
			var all []string
			for i := range n {
				id := fmt.Sprintf("r%d", i)
				if f := r.URL.Query().Get("name"); f == "" || f == names[id] {
					all = append(all, item(id))
				}
			}
			next := "null"
			if from+limit < len(all) {
				next = fmt.Sprintf(`"%d"`, from+limit)
			}
			writeJSON(w, 200, `{"result":[`+strings.Join(all[min(from, len(all)):min(from+limit, len(all))], ",")+`],"next_cursor":`+next+`}`)
			return
		}
		id := strings.TrimPrefix(r.URL.Path, "/unified/crm/accounts/")
		if _, ok := names[id]; !ok {
			writeJSON(w, 404, `{"statusCode":404,"message":"not found","truto_is_remote_error":true}`)
			return
		}
		if r.Method == http.MethodPatch {
			var b struct{ Name string }
			_ = json.Unmarshal(body, &b)
			names[id] = b.Name
		}
		writeJSON(w, 200, item(id))
	})
}

func named(name string) func(*Record) bool {
	return func(r *Record) bool { s, _ := LooseString(mustValue(r, "name")); return s == name }
}

func mustValue(r *Record, name string) json.RawMessage { v, _ := r.Value(name); return v }

// lookupAll looks names up concurrently, parallelism at a time, as Terraform plans adopting creates.
func lookupAll(t *testing.T, c *testClient, names []string, parallelism int) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallelism)
	for _, name := range names {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			recs, err := c.Lookup(context.Background(), accounts, c.opts, []Param{{Name: "name", Value: name}}, named(name))
			if err != nil {
				t.Errorf("lookup %s: %v", name, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			out[name] = []string{}
			for _, r := range recs {
				out[name] = append(out[name], r.ID)
			}
		})
	}
	wg.Wait()
	return out
}

func recordNames(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("Record %d", i))
	}
	return out
}

func filteredLists(srv *testServer) (filtered, pages int) {
	for _, r := range srv.requests() {
		switch {
		case r.Path != "/unified/crm/accounts":
		case strings.Contains(r.RawQuery, "name="):
			filtered++
		default:
			pages++
		}
	}
	return filtered, pages
}

func TestLookupAloneUsesTheFilter(t *testing.T) {
	t.Parallel()
	srv := namedServer(t, 1000)
	c := batchClient(t, srv)
	got := lookupAll(t, c, []string{"Record 999"}, 1)
	if filtered, pages := filteredLists(srv); filtered != 1 || pages != 0 || srv.count() != 1 {
		t.Errorf("a lone lookup took %d filtered lists, %d pages, %d requests; want one filtered list", filtered, pages, srv.count())
	}
	if fmt.Sprint(got["Record 999"]) != "[r999]" {
		t.Errorf("found %v", got)
	}
}

// 30 lookups in a CRM of 450, 10 at a time: one scan of 5 pages answers them all.
func TestLookupsTogetherShareOneScan(t *testing.T) {
	t.Parallel()
	srv := namedServer(t, 450)
	c := batchClient(t, srv)
	names := append(recordNames(420, 435), recordNames(450, 465)...) // 15 present, 15 not
	got := lookupAll(t, c, names, 10)
	if n := srv.count(); n > 5+2 {
		t.Errorf("30 lookups in 450 records took %d requests, want at most min(30, 5) + 2", n)
	}
	for i, name := range names {
		want := "[]"
		if i < 15 {
			want = fmt.Sprintf("[r%d]", 420+i)
		}
		if fmt.Sprint(got[name]) != want {
			t.Errorf("%s: found %v, want %s", name, got[name], want)
		}
	}
	// The scan's pages serve the batched reads too.
	readAll(t, c, ids(0, 20), 10, nil)
	if n := srv.count(); n > 5+2 {
		t.Errorf("reads after the scan sent %d more requests", n)
	}
}

// A few lookups in a large CRM stop scanning it once the pages cost more than the lookups, and use
// the filters.
func TestLookupsNeverScanALargeCRM(t *testing.T) {
	t.Parallel()
	srv := namedServer(t, 5000)
	c := batchClient(t, srv)
	got := lookupAll(t, c, recordNames(4995, 4998), 3)
	filtered, pages := filteredLists(srv)
	if pages > 2*3+pageSlack || filtered != 3 {
		t.Errorf("3 lookups in 5,000 took %d pages and %d filtered lists, want at most %d pages, then the filters", pages, filtered, 2*3+pageSlack)
	}
	if fmt.Sprint(got["Record 4996"]) != "[r4996]" {
		t.Errorf("found %v", got)
	}
}

// A record the client writes after the scan read it is re-read when its page matched: renamed, it
// no longer matches; a record whose write kept the name still does.
func TestLookupRereadsWhatTheClientWrote(t *testing.T) {
	t.Parallel()
	srv := namedServer(t, 150)
	c := batchClient(t, srv)
	lookupAll(t, c, recordNames(0, 10), 10) // the scan
	ctx := context.Background()
	// r3 now matches a name its page content does not: the lookup must still find it.
	if _, err := c.Update(ctx, accounts, c.opts, "r3", rec("name", "Wanted")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Update(ctx, accounts, c.opts, "r4", rec("name", "Record 4")); err != nil {
		t.Fatal(err)
	}
	before := srv.count()
	got := lookupAll(t, c, []string{"Record 3", "Record 4", "Record 5", "Wanted"}, 1)
	if fmt.Sprint(got["Record 3"], got["Record 4"], got["Record 5"], got["Wanted"]) != "[] [r4] [r5] [r3]" {
		t.Errorf("found %v", got)
	}
	if n := srv.count() - before; n != 2 {
		t.Errorf("%d requests after the writes, want the 2 GETs of the written records", n)
	}
	// Written again, r3 is re-read again.
	if _, err := c.Update(ctx, accounts, c.opts, "r3", rec("name", "Wanted again")); err != nil {
		t.Fatal(err)
	}
	before = srv.count()
	got = lookupAll(t, c, []string{"Wanted", "Wanted again"}, 1)
	if fmt.Sprint(got["Wanted"], got["Wanted again"]) != "[] [r3]" {
		t.Errorf("after the second write, found %v", got)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("%d requests after the second write, want the GET of r3", n)
	}
}
