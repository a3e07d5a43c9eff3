package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// GET /_emulator/ lists the control routes, with no token, as JSON or as text; every route it
// lists is one the control surface serves.
func TestControlIndex(t *testing.T) {
	srv := New(Options{Token: "t", Accounts: []IntegratedAccount{{ID: "ia"}}})
	for _, path := range []string{"/_emulator/", "/_emulator"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		var got struct{ Routes []ControlRoute }
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil || len(got.Routes) != len(ControlRoutes) {
			t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body)
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/_emulator/", nil)
	req.Header.Set("Accept", "text/plain")
	srv.ServeHTTP(rec, req)
	text, _ := io.ReadAll(rec.Body)
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") || !strings.Contains(string(text), "POST   /_emulator/fail-next") {
		t.Errorf("text index: %s %q", rec.Header().Get("Content-Type"), text)
	}

	mux := srv.controlMux()
	for _, rt := range ControlRoutes[1:] {
		r := httptest.NewRequest(rt.Method, strings.Replace(rt.Path, "{id}", "x", 1), nil)
		if _, pattern := mux.Handler(r); pattern != rt.Method+" "+rt.Path {
			t.Errorf("%s %s is listed but served by %q", rt.Method, rt.Path, pattern)
		}
	}
	// An unknown route points at the index.
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/_emulator/nothing", nil)
	req.Header.Set("Authorization", "Bearer t")
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "GET /_emulator/ lists the routes") {
		t.Errorf("unknown route: %d %s", rec.Code, rec.Body)
	}
}
