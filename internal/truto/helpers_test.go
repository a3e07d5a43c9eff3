package truto

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sentinelToken is part of every test token; it must never appear in an error or a log line.
const sentinelToken = "tok_SENTINEL_c0ffee"

var uniqSeq atomic.Int64

// uniq returns a process-unique id. The limiter registry is process-global, so every test uses
// its own integrated account id and token to stay independent of the others.
func uniq(t *testing.T) string {
	return fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "_"), uniqSeq.Add(1))
}

// recorded is a request as the test server saw it.
type recorded struct {
	Method   string
	Path     string // escaped
	RawQuery string
	Header   http.Header
	Body     []byte
	At       time.Time
}

// testServer records every request, then hands it to handle with its 1-based sequence number.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, n int, body []byte)

func newServer(t *testing.T, handle handlerFunc) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), body, at})
		n := len(s.reqs)
		s.mu.Unlock()
		handle(w, r, n, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

func (s *testServer) count() int { return len(s.requests()) }

// captureLogger keeps every logged line.
type captureLogger struct {
	mu    sync.Mutex
	lines []logLine
}

type logLine struct {
	Msg    string
	Fields map[string]any
}

func (l *captureLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{msg, maps.Clone(fields)})
}

func (l *captureLogger) all() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logLine(nil), l.lines...)
}

// testClient bundles what a test needs.
type testClient struct {
	*Client
	token string
	log   *captureLogger
	opts  RequestOptions
}

// newTestClient returns a client for srv with a unique token and integrated account, short waits
// and fast backoff. On cleanup it checks that no logged field holds the token.
func newTestClient(t *testing.T, srv *testServer, mutate func(*Config)) *testClient {
	t.Helper()
	logger := &captureLogger{}
	token := sentinelToken + "-" + uniq(t)
	cfg := Config{
		BaseURL:        srv.URL,
		Token:          token,
		UserAgent:      "terraform-provider-truto/test",
		HTTPClient:     srv.Client(),
		RequestTimeout: 5 * time.Second,
		MaxRetries:     4,
		MaxRetryWait:   3 * time.Second,
		Logger:         logger,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.backoffBase = 5 * time.Millisecond
	t.Cleanup(func() { assertLogsClean(t, logger, token) })
	return &testClient{Client: c, token: token, log: logger, opts: RequestOptions{IntegratedAccountID: "ia-" + uniq(t)}}
}

func assertLogsClean(t *testing.T, l *captureLogger, token string) {
	t.Helper()
	for _, line := range l.all() {
		if s := fmt.Sprintf("%s %#v", line.Msg, line.Fields); strings.Contains(s, token) || strings.Contains(s, sentinelToken) {
			t.Errorf("token leaked into a log line: %s", s)
		}
	}
}

// assertErrClean fails if err's text holds the token.
func assertErrClean(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), sentinelToken) {
		t.Errorf("token leaked into an error: %v", err)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// dropConnection closes the TCP connection without any response: a transport error.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

const accountJSON = `{"id":"acc-1","name":"Acme"}`

// accounts is the collection most tests use; the client treats every collection alike.
var accounts = Collection{Path: "/unified/crm/accounts", Noun: "account"}

// rec builds a request record from name/value pairs; a nil value is an explicit null.
func rec(kv ...any) *Record {
	r := &Record{}
	for i := 0; i+1 < len(kv); i += 2 {
		name, _ := kv[i].(string)
		if err := r.SetValue(name, kv[i+1]); err != nil {
			panic(err)
		}
	}
	return r
}
