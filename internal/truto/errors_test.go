package truto

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrorMessages(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, body string
		status             int
		header             map[string]string
		want               string
	}{
		{
			name: "validation with insight", method: "POST", status: 400,
			body: `{"statusCode":400,"error":"Bad Request","message":"name is required","truto_error_insight":{"missing_required_body_fields":["name"]}}`,
			want: "truto: POST /unified/crm/accounts: 400 Bad Request: name is required (missing required body fields: name)",
		},
		{
			name: "missing query parameter", method: "POST", status: 400,
			body: `{"statusCode":400,"error":"Bad Request","message":"workspace required","truto_error_insight":{"missing_required_query_parameters":["workspace[id]"]}}`,
			want: "truto: POST /unified/crm/accounts: 400 Bad Request: workspace required (missing required query parameters: workspace[id])",
		},
		{
			name: "remote error", method: "POST", status: 422,
			body:   `{"statusCode":422,"error":"Unprocessable Entity","message":"Website is invalid","truto_is_remote_error":true,"raw_response":{"errors":[{"code":"INVALID"}]}}`,
			header: map[string]string{"X-Request-Id": "req-77"},
			want:   "truto: POST /unified/crm/accounts: 422 Unprocessable Entity: the CRM returned this error (passed on by Truto): Website is invalid (request id req-77)",
		},
		{
			name: "message array, no error text", method: "POST", status: 409,
			body: `{"message":["duplicate name","try another"]}`,
			want: "truto: POST /unified/crm/accounts: 409 Conflict: duplicate name; try another",
		},
		{
			name: "blocked account: what Truto said, no advice", method: "POST", status: 503,
			body: `{"statusCode":503,"error":"Service Unavailable","message":"Integrated account is not active"}`,
			want: "truto: POST /unified/crm/accounts: 503 Service Unavailable: Integrated account is not active",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				writeJSON(w, tc.status, tc.body)
			})
			c := newTestClient(t, srv, nil)
			_, err := c.Create(context.Background(), accounts, c.opts, rec("website", "x"))
			want := strings.Replace(tc.want, " /unified", " "+srv.URL+"/unified", 1) // the full URL shows
			if err == nil || err.Error() != want {
				t.Errorf("error\n got %v\nwant %s", err, want)
			}
		})
	}
}

func TestAPIErrorFields(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 422, `{"statusCode":422,"error":"Unprocessable Entity","message":"bad","truto_is_remote_error":true,"raw_response":{"code":1},"truto_error_insight":{"missing_required_body_fields":["a","b"]}}`)
	})
	c := newTestClient(t, srv, nil)
	_, err := c.Get(context.Background(), accounts, c.opts, "id 1")
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	want := APIError{StatusCode: 422, ErrorText: "Unprocessable Entity", Message: "bad", IsRemoteError: true,
		Method: "GET", Path: "/unified/crm/accounts/id%201", URL: srv.URL + "/unified/crm/accounts/id%201", Enveloped: true}
	got := *e
	got.RawResponse, got.Insight = nil, nil
	if fmt.Sprint(got) != fmt.Sprint(want) || string(e.RawResponse) != `{"code":1}` || strings.Join(e.Insight.MissingRequiredBodyFields, ",") != "a,b" {
		t.Errorf("got %+v / %s / %+v", got, e.RawResponse, e.Insight)
	}
	if strings.Contains(e.Error(), "integrated_account_id") {
		t.Error("the error must not carry the query string")
	}
}

func TestNotFoundKinds(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if strings.HasSuffix(r.URL.Path, "/crm-gone") {
			writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"record not found","truto_is_remote_error":true}`)
			return
		}
		writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"Integrated account not found"}`)
	})
	c := newTestClient(t, srv, nil)
	_, crm := c.Get(context.Background(), accounts, c.opts, "crm-gone")
	_, truto := c.Get(context.Background(), accounts, c.opts, "other")
	if !IsCRMNotFound(crm) || IsTrutoNotFound(crm) {
		t.Errorf("CRM 404 misclassified: %v", crm)
	}
	if IsCRMNotFound(truto) || !IsTrutoNotFound(truto) {
		t.Errorf("Truto 404 misclassified: %v", truto)
	}
	if Classify(truto) != AccountNotFound || Classify(crm) != CRMNotFound {
		t.Errorf("404s classified %d and %d", Classify(truto), Classify(crm))
	}
	wrapped := fmt.Errorf("reading: %w", crm)
	if !IsCRMNotFound(wrapped) || StatusCode(wrapped) != 404 {
		t.Error("helpers must see through wrapping")
	}
	if IsCRMNotFound(nil) || IsTrutoNotFound(errors.New("x")) || StatusCode(errors.New("x")) != 0 {
		t.Error("non-API errors")
	}
}

func TestNonJSONErrorBody(t *testing.T) {
	t.Parallel()
	html := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n" +
		"<hr><center>nginx</center>\n" + strings.Repeat("<!-- padding -->\n", 50) + "</body></html>"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.Method == http.MethodDelete {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(strings.Repeat("x", 5000)))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = w.Write([]byte(html))
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = -1 })
	_, err := c.Get(context.Background(), accounts, c.opts, "acc-1")
	want := "truto: GET " + srv.URL + "/unified/crm/accounts/acc-1: 502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx"
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
	err = c.Delete(context.Background(), accounts, c.opts, "acc-1")
	if err == nil || len(err.Error()) > 300 || !strings.HasSuffix(err.Error(), "...") {
		t.Errorf("a long body must be cut to a short snippet: %d chars", len(err.Error()))
	}
}

// The server echoes the Authorization header everywhere it can; the token must appear in no
// error text, no APIError field and no log line.
func TestTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("X-Request-Id", auth)
		switch n {
		case 1:
			writeJSON(w, 401, fmt.Sprintf(`{"statusCode":401,"error":%q,"message":"bad token %s","raw_response":{"echo":%q}}`, auth, auth, auth))
		case 2:
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html>proxy saw " + auth + "</html>"))
		default:
			writeJSON(w, 403, `{"message":["header was `+auth+`"]}`)
		}
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = -1 })
	ctx := context.Background()
	_, e1 := c.Get(ctx, accounts, c.opts, "a")
	_, e2 := c.Create(ctx, accounts, c.opts, rec("name", "n"))
	_, e3 := c.ListPage(ctx, accounts, c.opts, ListParams{}, "")
	for i, err := range []error{e1, e2, e3} {
		if err == nil {
			t.Fatalf("call %d: want an error", i+1)
		}
		assertErrClean(t, err)
		var e *APIError
		if errors.As(err, &e) {
			if s := fmt.Sprintf("%+v %s", *e, e.RawResponse); strings.Contains(s, sentinelToken) {
				t.Errorf("call %d: APIError holds the token: %s", i+1, s)
			}
		}
	}
	if !strings.Contains(e1.Error(), "bad token Bearer [REDACTED]") {
		t.Errorf("the echoed token should read as redacted: %v", e1)
	}
	// assertLogsClean runs at cleanup.
}

// A custom transport whose errors quote the token is redacted too.
func TestTokenRedactedFromTransportErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	leaky := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, errors.New("proxy refused " + r.Header.Get("Authorization"))
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 1; cfg.HTTPClient = &http.Client{Transport: leaky} })
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "n"))
	if err == nil || !strings.Contains(err.Error(), "proxy refused Bearer [REDACTED]") {
		t.Errorf("got %v", err)
	}
	assertErrClean(t, err)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOutcomeUnknownErrorUnwraps(t *testing.T) {
	t.Parallel()
	inner := &APIError{StatusCode: 502, Method: "POST", Path: "/unified/crm/accounts"}
	var err error = &OutcomeUnknownError{Collection: accounts, Method: "POST", Path: "/unified/crm/accounts", IdempotencyKey: "k-1", Attempts: 9, Err: inner}
	if !errors.Is(err, ErrOutcomeUnknown) || StatusCode(err) != 502 || errors.Unwrap(err) != inner {
		t.Error("unwrap chain")
	}
	for _, want := range []string{"after 9 attempt(s)", "may have been created in the CRM", "k-1", "undocumented", "(list accounts)", "import"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

// One debug line per attempt with the fields an operator needs, Authorization redacted, no body.
func TestLogging(t *testing.T) {
	t.Parallel()
	srv := retryThenOK(t, 1, func(w http.ResponseWriter) { writeJSON(w, 502, `{}`) })
	c := newTestClient(t, srv, nil)
	if _, err := c.Create(context.Background(), accounts, c.opts, rec("name", "SecretCustomer")); err != nil {
		t.Fatal(err)
	}
	lines := c.log.all()
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want one per attempt (2)", len(lines))
	}
	first, second := lines[0].Fields, lines[1].Fields
	for _, k := range []string{"method", "path", "query", "status", "duration_ms", "attempt", "idempotency_key", "retry_in_ms", "retry_reason", "request_headers", "error"} {
		if _, ok := first[k]; !ok {
			t.Errorf("first line lacks %q: %v", k, first)
		}
	}
	if first["status"] != 502 || second["status"] != 200 || first["attempt"] != 1 || second["attempt"] != 2 {
		t.Errorf("status/attempt fields: %v / %v", first, second)
	}
	if first["idempotency_key"] != second["idempotency_key"] || first["idempotency_key"] == "" {
		t.Error("the idempotency key must be logged, the same on both attempts")
	}
	if h, _ := first["request_headers"].(map[string]string); h["Authorization"] != "Bearer [REDACTED]" {
		t.Errorf("Authorization logged as %q", h["Authorization"])
	}
	if q, _ := first["query"].(string); !strings.Contains(q, "integrated_account_id=") {
		t.Errorf("query field %v", first["query"])
	}
	for _, l := range lines {
		if strings.Contains(fmt.Sprint(l.Fields), "SecretCustomer") {
			t.Error("a request body reached the log")
		}
	}
}

// A base URL with a path (…/unified) sends every request to /unified/unified/…: the error shows the
// full URL, and a 404 that is not Truto's JSON error is classified apart from the integrated account's.
func TestNotFoundFromAnotherServerBlamesTheBaseURL(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		http.NotFound(w, r) // "404 page not found", text/plain: not Truto's answer
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.BaseURL = srv.URL + "/unified" })
	_, err := c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	msg := fmt.Sprint(err)
	if want := "GET " + srv.URL + "/unified/integrated-account/"; !strings.Contains(msg, want) {
		t.Errorf("error %q, want it to contain %q", msg, want)
	}
	if IsAccountNotFound(err) || Classify(err) != NotTrutosAnswer {
		t.Errorf("a 404 from another server blamed on the integrated account: %q", msg)
	}
	if strings.Contains(msg, c.token) {
		t.Error("the token leaked")
	}
	// Truto's own answer still names the integrated account.
	truto := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"Integrated account not found"}`)
	})
	c = newTestClient(t, truto, nil)
	_, err = c.Capabilities(context.Background(), c.opts.IntegratedAccountID)
	if !IsAccountNotFound(err) || Classify(err) != AccountNotFound {
		t.Errorf("Truto's 404: %v", err)
	}
}

// Classify names every failure class from a status (and who answered); a class without a case
// here fails the test.
func TestClassify(t *testing.T) {
	t.Parallel()
	seen := map[Failure]bool{}
	for _, tc := range []struct {
		err  *APIError
		want Failure
	}{
		{&APIError{StatusCode: 401, Enveloped: true}, TokenRejected},
		{&APIError{StatusCode: 401, IsRemoteError: true, Enveloped: true}, CRMCredentialsRejected},
		{&APIError{StatusCode: 403, Enveloped: true}, Forbidden},
		{&APIError{StatusCode: 404, Enveloped: true, Message: "Integrated account not found"}, AccountNotFound},
		{&APIError{StatusCode: 404, Message: "Integrated account not found"}, NotTrutosAnswer}, // not Truto's envelope
		{&APIError{StatusCode: 404, Enveloped: true, Message: "Not Found"}, TrutoNotFound},
		{&APIError{StatusCode: 404, IsRemoteError: true, Enveloped: true}, CRMNotFound},
		{&APIError{StatusCode: 405, Enveloped: true}, NotAllowed},
		{&APIError{StatusCode: 409, IsRemoteError: true, Enveloped: true}, Conflict},
		{&APIError{StatusCode: 429, Enveloped: true}, RateLimited},
		{&APIError{StatusCode: 503, Enveloped: true}, AccountBlocked},
		{&APIError{StatusCode: 400, Enveloped: true}, OtherFailure},
		{&APIError{StatusCode: 500}, OtherFailure},
	} {
		got := Classify(fmt.Errorf("wrapped: %w", tc.err))
		if got != tc.want {
			t.Errorf("%d (remote %v, enveloped %v, %q): got %d, want %d", tc.err.StatusCode, tc.err.IsRemoteError,
				tc.err.Enveloped, tc.err.Message, got, tc.want)
		}
		seen[got] = true
	}
	for _, f := range Failures() {
		if !seen[f] {
			t.Errorf("failure %d has no case in this test", f)
		}
	}
	if Classify(errors.New("x")) != OtherFailure || Classify(nil) != OtherFailure {
		t.Error("a non-API error is OtherFailure")
	}
}
