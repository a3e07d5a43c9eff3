package truto

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		cfg     Config
		wantErr string // substring; "" = valid
	}{
		{"defaults", Config{Token: "t"}, ""},
		{"empty token", Config{}, "Config.Token is required"},
		{"token with newline", Config{Token: "abc\nX-Evil: 1"}, "Config.Token contains whitespace"},
		{"https", Config{Token: "t", BaseURL: "https://truto.example.com/prefix/"}, ""},
		{"http non-loopback", Config{Token: "t", BaseURL: "http://api.truto.one"}, "Config.BaseURL"},
		{"http private ip", Config{Token: "t", BaseURL: "http://10.0.0.5:8080"}, "must use https"},
		{"http 127.0.0.1", Config{Token: "t", BaseURL: "http://127.0.0.1:8080"}, ""},
		{"http 127.9.9.9", Config{Token: "t", BaseURL: "http://127.9.9.9"}, ""},
		{"http ::1", Config{Token: "t", BaseURL: "http://[::1]:8080"}, ""},
		{"http localhost", Config{Token: "t", BaseURL: "http://localhost:8080"}, ""},
		{"ftp", Config{Token: "t", BaseURL: "ftp://api.truto.one"}, "must use https"},
		{"relative", Config{Token: "t", BaseURL: "api.truto.one"}, "absolute URL"},
		{"unparseable", Config{Token: "t", BaseURL: "https://exa mple.com"}, "not a valid URL"},
		{"credentials", Config{Token: "t", BaseURL: "https://user:hunter2@api.truto.one"}, "must not contain credentials"},
		{"query", Config{Token: "t", BaseURL: "https://api.truto.one?x=1"}, "query string"},
		{"negative window", Config{Token: "t", IntegratedAccountRateLimit: RateLimit{Requests: 1, Per: -time.Second}}, "Config.IntegratedAccountRateLimit.Per"},
	} {
		_, err := New(tc.cfg)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("%s: the password leaked: %v", tc.name, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL != DefaultBaseURL || c.userAgent != DefaultUserAgent || c.requestTimeout != 60*time.Second ||
		c.maxRetries != 8 || c.maxRetryWait != 60*time.Second || c.backoffBase != 500*time.Millisecond ||
		c.integratedAccountRate != (RateLimit{50, 10 * time.Second}) || c.tokenRate != (RateLimit{500, 10 * time.Second}) {
		t.Errorf("defaults: %+v", c)
	}
	c, _ = New(Config{Token: "t", MaxRetries: -1, BaseURL: "https://x.example/p/", IntegratedAccountRateLimit: RateLimit{Requests: -1}, TokenRateLimit: RateLimit{Requests: 7}})
	if c.maxRetries != 0 || c.baseURL != "https://x.example/p" || c.integratedAccountRate.Requests != -1 || c.tokenRate != (RateLimit{7, 10 * time.Second}) {
		t.Errorf("overrides: %+v", c)
	}
}

func TestIdempotencyKeyIsUUIDv4(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		k := newIdempotencyKey()
		if !re.MatchString(k) || seen[k] {
			t.Fatalf("bad or repeated key %q", k)
		}
		seen[k] = true
	}
}

func TestRemoteQueryKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"foo":           "remote_query[foo]",
		"workspace[id]": "remote_query[workspace][id]",
		"a[b][c]":       "remote_query[a][b][c]",
		"[odd]":         "remote_query[[odd]]",
	} {
		if got := remoteQueryKey(in); got != want {
			t.Errorf("remoteQueryKey(%q) = %q, want %q", in, got, want)
		}
	}
}
