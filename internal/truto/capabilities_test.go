package truto

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

type supportCase struct {
	resource, method string
	supported, known bool
}

func checkSupports(t *testing.T, caps *Capabilities, cases []supportCase) {
	t.Helper()
	for _, tc := range cases {
		s, k := caps.Supports(tc.resource, tc.method)
		if s != tc.supported || k != tc.known {
			t.Errorf("Supports(%q, %q) = %v, %v; want %v, %v", tc.resource, tc.method, s, k, tc.supported, tc.known)
		}
	}
}

func TestCapabilitiesCurrentShape(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{
			"integration": {"id": 42, "slug": "hubspot", "name": "HubSpot", "extra": [1]},
			"account": {"id": "acc-9", "slug": "x", "status": "needs_reauth", "authentication_method": "oauth2",
				"environment_id": "env", "is_blocked": "true"},
			"unified": {"resources": [
				{"api_name": "notes", "name": "Notes", "description": "d", "docs_url": "u", "methods": ["list", "GET", "create"]},
				{"name": "Phone Calls", "methods": [{"method": "update"}, {"name": "delete", "description": "x"}, 7, null]},
				{"api_name": "contacts", "methods": []},
				"not an object"
			]},
			"proxy": {"resources": [{"name": "tasks", "methods": [{"method": "create"}]}]},
			"ai_readiness": {"score": 0.5}
		}`)
	})
	c := newTestClient(t, srv, nil)
	id := "ia/" + uniq(t) + " ?x"
	caps, err := c.Capabilities(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	if want := "/integrated-account/" + url.PathEscape(id) + "/capabilities"; reqs[0].Method != http.MethodGet || reqs[0].Path != want || reqs[0].RawQuery != "" {
		t.Errorf("sent %s %s ?%q, want GET %s with no query", reqs[0].Method, reqs[0].Path, reqs[0].RawQuery, want)
	}
	if caps.Integration != (Integration{ID: "42", Slug: "hubspot", Name: "HubSpot"}) {
		t.Errorf("integration = %+v", caps.Integration)
	}
	if caps.Account == nil || *caps.Account != (AccountState{ID: "acc-9", Status: "needs_reauth", Blocked: true}) {
		t.Errorf("account = %+v", caps.Account)
	}
	if got := caps.DisplayName(); got != "HubSpot" {
		t.Errorf("DisplayName = %q", got)
	}
	checkSupports(t, caps, []supportCase{
		{"notes", "list", true, true},
		{"notes", "get", true, true}, // methods are lowercased
		{"Notes", "CREATE", true, true},
		{"notes", "update", false, true},
		{"phone_calls", "update", true, true}, // matched by name, spaces as underscores; object methods
		{"phone_calls", "delete", true, true},
		{"phone_calls", "list", false, true},
		{"contacts", "list", false, true}, // listed without methods
		{"tasks", "create", false, true},  // only under proxy: not a unified resource
	})
}

func TestCapabilitiesOlderShape(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{
			"environment_id": "env-1",
			"integration": {"id": "int-1", "name": "zohocrm", "label": "Zoho CRM", "category": "crm"},
			"unified": [
				{"model": "crm", "model_label": "CRM", "resource": "contacts", "methods": ["list", "get"], "env_overridden": false},
				{"model": "CRM", "resource": "notes", "methods": ["list"]},
				{"model": "ats", "resource": "notes", "methods": ["create", "delete"]},
				{"model": "ticketing", "resource": "tasks", "methods": ["create"]},
				{"resource": "leads", "methods": [{"method": "create"}]}
			]
		}`)
	})
	c := newTestClient(t, srv, nil)
	caps, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if caps.Integration != (Integration{ID: "int-1", Slug: "zohocrm", Name: "Zoho CRM"}) {
		t.Errorf("integration = %+v", caps.Integration)
	}
	if caps.Account != nil {
		t.Errorf("account = %+v, want nil (the answer has none)", caps.Account)
	}
	checkSupports(t, caps, []supportCase{
		{"contacts", "get", true, true},
		{"contacts", "create", false, true},
		{"notes", "list", true, true},
		{"notes", "create", false, true}, // only the ats model has it
		{"notes", "delete", false, true},
		{"tasks", "create", false, true}, // ticketing, not crm
		{"leads", "create", true, true},  // no model: kept
	})
	// Older shape without a label: the name is the slug, shown for lack of a display name.
	caps, err = decodeCapabilities([]byte(`{"environment_id": "e", "integration": {"name": "pipedrive"}, "unified": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if caps.Integration.Slug != "pipedrive" || caps.Integration.Name != "" || caps.DisplayName() != "pipedrive" {
		t.Errorf("integration = %+v, DisplayName %q", caps.Integration, caps.DisplayName())
	}
}

func TestCapabilitiesUnreadableResourcesAreUnknown(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"integration": {"name": "X"}}`,
		`{"unified": null}`,
		`{"unified": {}}`,
		`{"unified": {"resources": "all"}}`,
		`{"unified": "yes"}`,
		`{"unified": {"resources": [{"description": "no name", "methods": ["list"]}]}}`,
		`{"unified": [{"model": "ats", "resource": "notes", "methods": ["list"]}]}`,
	} {
		caps, err := decodeCapabilities([]byte(body))
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if s, k := caps.Supports("notes", "list"); s || k {
			t.Errorf("%s: Supports = %v, %v; want false, false", body, s, k)
		}
	}
	var nilCaps *Capabilities
	if s, k := nilCaps.Supports("notes", "list"); s || k {
		t.Errorf("nil Supports = %v, %v", s, k)
	}
	if _, err := decodeCapabilities([]byte(`[1]`)); err == nil {
		t.Error("a non-object answer decoded")
	}
}

func TestCapabilitiesDisplayName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		caps *Capabilities
		want string
	}{
		{&Capabilities{Integration: Integration{Slug: "hubspot", Name: "HubSpot"}}, "HubSpot"},
		{&Capabilities{Integration: Integration{ID: "1", Slug: "hubspot"}}, "hubspot"},
		{&Capabilities{Integration: Integration{ID: "1"}}, "the integration"},
		{nil, "the integration"},
	} {
		if got := tc.caps.DisplayName(); got != tc.want {
			t.Errorf("DisplayName(%+v) = %q, want %q", tc.caps, got, tc.want)
		}
	}
}

func TestProbesGiveUpAfterTwoAttempts(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusInternalServerError, `{"error":"Internal Server Error","message":"boom"}`)
	})
	c := newTestClient(t, srv, nil) // MaxRetries 4: five attempts for ordinary calls
	_, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || StatusCode(err) != http.StatusInternalServerError {
		t.Fatalf("err = %v, want an *APIError with status 500", err)
	}
	assertErrClean(t, err)
	if n := srv.count(); n != 2 {
		t.Errorf("capabilities made %d attempts, want 2", n)
	}
	for _, l := range c.log.all() {
		if l.Fields["max_attempts"] != 2 {
			t.Errorf("logged max_attempts = %v, want 2", l.Fields["max_attempts"])
		}
	}
	if _, err := c.Meta(context.Background(), accounts, c.opts.IntegratedAccountID, "create"); StatusCode(err) != 500 {
		t.Errorf("meta err = %v", err)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("meta made %d attempts, want 2", n-2)
	}
	if _, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, "contact"); StatusCode(err) != 500 {
		t.Errorf("fields err = %v", err)
	}
	if n := srv.count(); n != 6 {
		t.Errorf("fields made %d attempts, want 2", n-4)
	}
	// The cap is per request: an ordinary call still makes every attempt.
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); StatusCode(err) != 500 {
		t.Errorf("get err = %v", err)
	}
	if n := srv.count(); n != 11 {
		t.Errorf("get made %d attempts, want 5", n-6)
	}
}

func TestProbeAttemptsNeverExceedTheClients(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusBadGateway, `{}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = -1 })
	if _, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID); StatusCode(err) != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("%d attempts with retries off, want 1", n)
	}
}

// A probe answered 429 waits Retry-After and asks again, like every read: a busy API does not skip
// the plan's checks. 429s do not count toward the probe's two attempts.
func TestProbesWaitOutTooManyRequests(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n <= 3 {
			w.Header().Set("Retry-After", "0.05")
			writeJSON(w, http.StatusTooManyRequests, `{"error":"Too Many Requests"}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"integration": {"name": "HubSpot"}}`)
	})
	c := newTestClient(t, srv, nil)
	caps, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	if err != nil || caps.DisplayName() != "HubSpot" {
		t.Fatalf("capabilities after three 429s: %v, %v", caps, err)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
}

// A probe stops waiting at its budget: a Retry-After past it gives up at once, with the 429.
func TestProbesStopAtTheirBudget(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "10")
		writeJSON(w, http.StatusTooManyRequests, `{"error":"Too Many Requests"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetryWait = time.Minute })
	c.probeBudget = 2 * time.Second
	start := time.Now()
	_, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	if StatusCode(err) != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s: a probe must not wait a 10s Retry-After past its 2s budget", d)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

const metaBooleanRequired = `{
	"method": "create",
	"schema": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
	"response_schema": {"type": "object", "properties": {"id": {"type": "string"}}},
	"query_schema": {"type": "object", "properties": {"engagement_type": {"type": "string", "required": true,
		"enum": ["call", 2, true, null, 1.50, {"a": 1}]}}},
	"request_body_schema": {"type": "object", "$ref": "x", "additionalProperties": false, "properties": {
		"name": {"type": "string", "required": true, "description": "the name"},
		"website": {"type": "string", "format": "uri", "required": false},
		"account": {"type": "object", "required": true, "properties": {
			"id": {"type": "string", "required": "true"},
			"name": {"type": "string"}
		}},
		"owner": {"type": "object", "properties": {"id": {"type": "string", "required": true}}},
		"email_addresses": {"type": "array", "items": {"type": "object", "properties": {
			"email": {"type": "string", "required": true},
			"email_type": {"type": "string", "enum": ["work", "home"]}
		}}},
		"odd": "not a schema"
	}},
	"default_body": null,
	"documentation_link": "https://example"
}`

func TestMetaBooleanRequired(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, metaBooleanRequired)
	})
	c := newTestClient(t, srv, nil)
	contacts := Collection{Path: "/unified/crm/contacts", Noun: "contact"}
	ia := "ia &" + uniq(t)
	m, err := c.Meta(context.Background(), contacts, ia, "create")
	if err != nil {
		t.Fatal(err)
	}
	r := srv.requests()[0]
	if wantQ := "integrated_account_id=" + url.QueryEscape(ia); r.Method != http.MethodGet || r.Path != "/unified/crm/contacts/meta/create" || r.RawQuery != wantQ {
		t.Errorf("sent %s %s?%s, want GET /unified/crm/contacts/meta/create?%s", r.Method, r.Path, r.RawQuery, wantQ)
	}
	if m.Method != "create" || m.Schema == nil || m.Response == nil || m.Query == nil || m.RequestBody == nil {
		t.Fatalf("meta = %+v", m)
	}
	if got, want := m.RequestBody.RequiredPaths(), []string{"account", "account.id", "email_addresses[].email", "name", "owner.id"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RequiredPaths = %q, want %q", got, want)
	}
	if got := m.Query.RequiredPaths(); !reflect.DeepEqual(got, []string{"engagement_type"}) {
		t.Errorf("query RequiredPaths = %q", got)
	}
	if got, want := m.Query.Properties["engagement_type"].Enum, []string{"call", "2", "true", "1.50", `{"a":1}`}; !reflect.DeepEqual(got, want) {
		t.Errorf("enum = %q, want %q", got, want)
	}
	name := m.RequestBody.Properties["name"]
	if name.Type != "string" || name.Description != "the name" || !name.Required {
		t.Errorf("name = %+v", name)
	}
	if w := m.RequestBody.Properties["website"]; w.Format != "uri" || w.Required {
		t.Errorf("website = %+v", w)
	}
	items := m.RequestBody.Properties["email_addresses"].Items
	if items == nil || items.Type != "object" || !reflect.DeepEqual(items.Properties["email_type"].Enum, []string{"work", "home"}) {
		t.Errorf("email_addresses items = %+v", items)
	}
	if _, ok := m.RequestBody.Properties["odd"]; ok {
		t.Error("a property that is not an object was kept")
	}
	if _, ok := m.Response.Properties["id"]; !ok || len(m.Response.Properties) != 1 {
		t.Errorf("response = %+v", m.Response.Properties)
	}
	if len(m.Schema.Properties) != 2 {
		t.Errorf("schema = %+v", m.Schema.Properties)
	}
}

func TestMetaArrayRequiredAndMissingParts(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusOK, `{
			"response_mapping": {"type": "object", "properties": {"id": {}, "email": {}}},
			"query_schema": {"type": "object"},
			"request_body_schema": {"type": "object", "required": ["name", "account", "owner", 5], "properties": {
				"name": {"type": ["string", "null"]},
				"account": {"type": "object", "required": ["id"], "properties": {"id": {}, "name": {}}},
				"emails": {"type": "array", "items": {"type": "object", "required": ["email"], "properties": {"email": {}}}},
				"tags": {"type": "array", "items": [{"type": "object", "properties": {"v": {"required": true}}}]}
			}}
		}`)
	})
	c := newTestClient(t, srv, nil)
	m, err := c.Meta(context.Background(), accounts, c.opts.IntegratedAccountID, "custom/x")
	if err != nil {
		t.Fatal(err)
	}
	if p := srv.requests()[0].Path; p != "/unified/crm/accounts/meta/custom%2Fx" {
		t.Errorf("path = %s, want the method path-escaped", p)
	}
	if m.Method != "custom/x" || m.Schema != nil {
		t.Errorf("method %q, schema %+v: want the requested method and no schema", m.Method, m.Schema)
	}
	if m.Response == nil || len(m.Response.Properties) != 2 {
		t.Errorf("response (from response_mapping) = %+v", m.Response)
	}
	if m.Query == nil || m.Query.Properties != nil || m.Query.RequiredPaths() != nil {
		t.Errorf("query = %+v", m.Query)
	}
	want := []string{"account", "account.id", "emails[].email", "name", "owner", "tags[].v"}
	if got := m.RequestBody.RequiredPaths(); !reflect.DeepEqual(got, want) {
		t.Errorf("RequiredPaths = %q, want %q", got, want)
	}
	if typ := m.RequestBody.Properties["name"].Type; typ != "string" {
		t.Errorf("name type = %q", typ)
	}
}

func TestMetaNullRequestBodyAndErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/meta/delete"):
			writeJSON(w, http.StatusOK, `{"method":"delete","schema":{"type":"object"},"response_schema":null,
				"response_mapping":"$.result","query_schema":{},"request_body_schema":null}`)
		case strings.HasSuffix(r.URL.Path, "/meta/get"):
			writeJSON(w, http.StatusOK, `not json`)
		default:
			writeJSON(w, http.StatusNotFound, `{"error":"Not Found","message":"no such method"}`)
		}
	})
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	m, err := c.Meta(ctx, accounts, c.opts.IntegratedAccountID, "delete")
	if err != nil {
		t.Fatal(err)
	}
	if m.RequestBody != nil || m.Response != nil || m.Schema == nil || m.Query == nil {
		t.Errorf("meta = %+v: want a nil request body and response (a string mapping is not a schema)", m)
	}
	if _, err := c.Meta(ctx, accounts, c.opts.IntegratedAccountID, "get"); err == nil || StatusCode(err) != 0 {
		t.Errorf("unreadable meta: err = %v", err)
	}
	_, err = c.Meta(ctx, accounts, c.opts.IntegratedAccountID, "update")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("err = %v, want an *APIError 404", err)
	}
	assertErrClean(t, err)
	if n := srv.count(); n != 3 {
		t.Errorf("%d requests, want 3 (a 404 is not retried)", n)
	}
	if _, err := c.Meta(ctx, accounts, c.opts.IntegratedAccountID, ""); err == nil {
		t.Error("an empty method was accepted")
	}
	if _, err := c.Meta(ctx, accounts, "", "get"); !errors.Is(err, errNoIntegratedAccount) {
		t.Errorf("no integrated account: err = %v", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("invalid calls sent requests (%d in all)", n)
	}
}

func TestFieldsAcrossPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.URL.Query().Get("next_cursor") == "" {
			writeJSON(w, http.StatusOK, `{"result": [
				{"id": 17, "name": "industry", "label": "Industry", "description": "d", "type": "enum", "entity_type": "contact",
				 "is_required": "true", "is_user_defined": true, "is_hidden": false,
				 "options": [{"label": "One", "value": 1}, {"label": "Yes", "value": true}, {"label": "Tech", "value": "tech", "is_hidden": false}, "bare", null]},
				null
			], "next_cursor": "c/2+", "is_partial_response": true}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"result": [{"id": "f2", "name": "firstname", "type": "string", "options": "odd"}], "next_cursor": null}`)
	})
	c := newTestClient(t, srv, nil)
	fields, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, "contact")
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldDefinition{
		{ID: "17", Name: "industry", Label: "Industry", Description: "d", Type: "enum", EntityType: "contact",
			Options:    []FieldOption{{Label: "One", Value: "1"}, {Label: "Yes", Value: "true"}, {Label: "Tech", Value: "tech"}, {Label: "bare", Value: "bare"}},
			IsRequired: true, IsUserDefined: true},
		{ID: "f2", Name: "firstname", Type: "string"},
	}
	for i := range fields {
		fields[i].returned = nil // Returned has its own test
	}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("fields\n got %+v\nwant %+v", fields, want)
	}
	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	base := "integrated_account_id=" + url.QueryEscape(c.opts.IntegratedAccountID) + "&entity=contact"
	for i, wantQ := range []string{base, base + "&next_cursor=c%2F2%2B"} {
		if reqs[i].Method != http.MethodGet || reqs[i].Path != "/unified/crm/fields" || reqs[i].RawQuery != wantQ {
			t.Errorf("request %d = %s %s?%s, want GET /unified/crm/fields?%s", i, reqs[i].Method, reqs[i].Path, reqs[i].RawQuery, wantQ)
		}
	}
}

func TestFieldsErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusMethodNotAllowed, `{"error":"Method Not Allowed","message":"not supported"}`)
	})
	c := newTestClient(t, srv, nil)
	_, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, "note")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || StatusCode(err) != http.StatusMethodNotAllowed {
		t.Fatalf("err = %v, want an *APIError 405", err)
	}
	assertErrClean(t, err)
	if q, _ := url.ParseQuery(srv.requests()[0].RawQuery); q.Get("entity") != "note" {
		t.Errorf("query %q lacks entity=note", srv.requests()[0].RawQuery)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("%d requests, want 1 (a 405 is not retried)", n)
	}
	if _, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, ""); err == nil || srv.count() != 1 {
		t.Errorf("an empty entity: err = %v after %d requests", err, srv.count())
	}
}

func TestFieldsStopsEndlessCursors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		cursor := "c" + strings.Repeat("x", n) // always a new one
		if r.URL.Query().Get("entity") == "lead" {
			cursor = "same"
		}
		writeJSON(w, http.StatusOK, `{"result": [{"id": "f", "name": "n"}], "next_cursor": "`+cursor+`"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.IntegratedAccountRateLimit = RateLimit{Requests: -1} })
	fields, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, "contact")
	if err == nil || fields != nil {
		t.Fatalf("got %d fields, err %v: want an error", len(fields), err)
	}
	if n := srv.count(); n != maxFieldPages || maxFieldPages != 50 {
		t.Errorf("%d pages fetched, want %d", n, maxFieldPages)
	}
	if _, err := c.Fields(context.Background(), c.opts.IntegratedAccountID, "lead"); err == nil || !strings.Contains(err.Error(), "same next_cursor") {
		t.Errorf("repeated cursor: err = %v", err)
	}
	if n := srv.count(); n != maxFieldPages+2 {
		t.Errorf("repeated cursor: %d pages fetched, want 2", n-maxFieldPages)
	}
}

// Methods lists a resource's methods, sorted and lowercased; none for a resource the answer does
// not list, and unknown when it lists no resources at all.
func TestCapabilitiesMethods(t *testing.T) {
	caps, err := decodeCapabilities([]byte(`{"integration": {"name": "HubSpot"}, "unified": {"resources": [
		{"api_name": "tasks", "methods": ["update", "List", {"method": "create"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, known := caps.Methods("tasks"); !known || strings.Join(got, ",") != "create,list,update" {
		t.Errorf("tasks: %v %v", got, known)
	}
	if got, known := caps.Methods("notes"); !known || len(got) != 0 {
		t.Errorf("notes: %v %v", got, known)
	}
	empty, _ := decodeCapabilities([]byte(`{"integration": {"name": "HubSpot"}}`))
	if _, known := empty.Methods("tasks"); known {
		t.Error("an answer without resources is known")
	}
}
