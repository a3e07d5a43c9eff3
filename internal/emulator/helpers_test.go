package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

const (
	testToken = "test-token-5f2c"
	acctID    = "11111111-1111-4111-8111-111111111111" // hubspot-like default profile
	plainID   = "22222222-2222-4222-8222-222222222222" // zero profile
)

// hubspotProfile mirrors the command's default profile.
func hubspotProfile() Profile {
	return Profile{
		Integration:          "hubspot",
		RequiredCreateFields: []string{"name"},
		CustomFieldDefaults:  map[string]any{"hs_object_source": "API", "lifecyclestage": "lead"},
	}
}

// harness is an emulator behind a real HTTP server on 127.0.0.1.
type harness struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	client *http.Client
}

// newHarness starts an emulator; rate limits are off unless opts sets them.
func newHarness(t *testing.T, mod ...func(*Options)) *harness {
	t.Helper()
	opts := Options{
		Token: testToken,
		Accounts: []IntegratedAccount{
			{ID: acctID, Profile: hubspotProfile()},
			{ID: plainID},
		},
		AccountRateLimit: RateLimit{Requests: -1},
		TokenRateLimit:   RateLimit{Requests: -1},
		Seed:             42,
	}
	for _, m := range mod {
		m(&opts)
	}
	srv := New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: srv, ts: ts, client: ts.Client()}
}

// result is one HTTP exchange.
type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any // when the body is a JSON object
}

// call sends method path?query with a JSON body (nil = none) and the test
// token; extra headers as "Name: value".
func (h *harness) call(method, pathQuery string, body any, headers ...string) result {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				h.t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, h.ts.URL+pathQuery, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, hv := range headers {
		k, v, _ := strings.Cut(hv, ":")
		if strings.TrimSpace(v) == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, strings.TrimSpace(v))
		}
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, pathQuery, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	res := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &res.body)
	return res
}

// accounts is the collection path for an integrated account plus extra query.
func collPath(acct string, extra ...string) string {
	p := "/unified/crm/accounts?integrated_account_id=" + acct
	for _, e := range extra {
		p += "&" + e
	}
	return p
}

// account is the item path.
func itemPath(acct, id string, extra ...string) string {
	p := "/unified/crm/accounts/" + id + "?integrated_account_id=" + acct
	for _, e := range extra {
		p += "&" + e
	}
	return p
}

// create POSTs a body and requires 201; it returns the created account.
func (h *harness) create(acct string, body map[string]any) map[string]any {
	h.t.Helper()
	res := h.call("POST", collPath(acct), body)
	if res.status != http.StatusCreated {
		h.t.Fatalf("create: status %d body %s", res.status, res.raw)
	}
	return res.body
}

// wantStatus fails unless the result has the status.
func (r result) wantStatus(t *testing.T, status int) result {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// wantError checks a Truto error body: statusCode, reason phrase, message
// containing msg, and whether truto_is_remote_error is set.
func (r result) wantError(t *testing.T, status int, msg string, remote bool) result {
	t.Helper()
	r.wantStatus(t, status)
	if got := r.body["statusCode"]; got != float64(status) {
		t.Errorf("statusCode = %v, want %d; body %s", got, status, r.raw)
	}
	if got := r.body["error"]; got != http.StatusText(status) {
		t.Errorf("error = %v, want %q", got, http.StatusText(status))
	}
	if m, _ := r.body["message"].(string); !strings.Contains(m, msg) {
		t.Errorf("message = %q, want it to contain %q", m, msg)
	}
	_, hasRemote := r.body["truto_is_remote_error"]
	if remote {
		if r.body["truto_is_remote_error"] != true {
			t.Errorf("truto_is_remote_error missing; body %s", r.raw)
		}
		if _, ok := r.body["raw_response"].(map[string]any); !ok {
			t.Errorf("raw_response missing; body %s", r.raw)
		}
	} else if hasRemote {
		t.Errorf("unexpected truto_is_remote_error; body %s", r.raw)
	}
	return r
}

// insight returns truto_error_insight[key] as strings.
func (r result) insight(key string) []string {
	ins, _ := r.body["truto_error_insight"].(map[string]any)
	list, _ := ins[key].([]any)
	var out []string
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

var (
	recordIDRe = regexp.MustCompile(`^[1-9][0-9]{10}$`)
	itemIDRe   = regexp.MustCompile(`^[1-9][0-9]{8}$`)
	tsRe       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
)

// items returns a list field's items as objects.
func items(m map[string]any, field string) []map[string]any {
	list, _ := m[field].([]any)
	var out []map[string]any
	for _, x := range list {
		o, _ := x.(map[string]any)
		out = append(out, o)
	}
	return out
}

func jsonEq(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Errorf("%s = %s, want %s", what, g, w)
	}
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// decodeID reads the "id" of a JSON response body.
func decodeID(t *testing.T, resp *http.Response) string {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Error(err)
		return ""
	}
	id, _ := m["id"].(string)
	return id
}

// sv, obj and arr read decoded JSON values without panicking (the zero
// value when v has another type), so a wrong shape fails a comparison.
func sv(v any) string {
	s, _ := v.(string)
	return s
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}
