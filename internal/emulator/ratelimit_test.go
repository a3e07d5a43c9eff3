package emulator

import (
	"strconv"
	"testing"
	"time"
)

func TestAccountRateLimit(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.AccountRateLimit = RateLimit{Requests: 3, Per: 700 * time.Millisecond}
	})
	for i := range 3 {
		r := h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
		if got := r.header.Get("ratelimit-limit"); got != "3;w=1" {
			t.Errorf("ratelimit-limit = %q, want 3;w=1", got)
		}
		if got := r.header.Get("ratelimit-remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("ratelimit-remaining = %q, want %d", got, 2-i)
		}
		if got := r.header.Get("ratelimit-reset"); got != "1" {
			t.Errorf("ratelimit-reset = %q, want 1 (sub-second window, rounded up)", got)
		}
	}
	// Over the limit: 429s that do not consume slots.
	for range 5 {
		r := h.call("GET", collPath(acctID), nil).wantError(t, 429, "Rate limit exceeded", false)
		if len(r.body) != 3 {
			t.Errorf("429 body = %s", r.raw)
		}
		if r.header.Get("Retry-After") != "1" || r.header.Get("ratelimit-remaining") != "0" || r.header.Get("ratelimit-reset") != "1" {
			t.Errorf("429 headers: Retry-After %q remaining %q reset %q", r.header.Get("Retry-After"),
				r.header.Get("ratelimit-remaining"), r.header.Get("ratelimit-reset"))
		}
	}
	// Writes are limited too; other accounts have their own window.
	h.call("POST", collPath(acctID), map[string]any{"name": "x"}).wantStatus(t, 429)
	h.call("GET", collPath(plainID), nil).wantStatus(t, 200)
	if c := h.srv.Counts(); c["429"] != 6 {
		t.Errorf("429 count = %d, want 6", c["429"])
	}

	// After the window: a full window again, since the 429s used no slot.
	time.Sleep(750 * time.Millisecond)
	for i := range 3 {
		r := h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
		if got := r.header.Get("ratelimit-remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("after reset: remaining = %q, want %d", got, 2-i)
		}
	}
	h.call("GET", collPath(acctID), nil).wantStatus(t, 429)
}

func TestTokenRateLimitAndHeaders(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.TokenRateLimit = RateLimit{Requests: 4, Per: 10 * time.Second}
	})
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	h.call("GET", collPath(plainID), nil).wantStatus(t, 200)
	// Answers before the account is known carry the token's headers.
	r := h.call("GET", "/unified/crm/accounts", nil).wantStatus(t, 400)
	if r.header.Get("ratelimit-limit") != "4;w=10" || r.header.Get("ratelimit-remaining") != "1" {
		t.Errorf("headers on 400: %q %q", r.header.Get("ratelimit-limit"), r.header.Get("ratelimit-remaining"))
	}
	h.call("GET", collPath("unknown"), nil).wantStatus(t, 404)
	r = h.call("GET", collPath(plainID), nil).wantError(t, 429, "Rate limit exceeded", false)
	ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
	if ra < 9 || ra > 10 {
		t.Errorf("Retry-After = %q, want ~10", r.header.Get("Retry-After"))
	}
	// 401 is answered before rate limiting and carries no rate-limit headers.
	r = h.call("GET", collPath(acctID), nil, "Authorization: Bearer nope").wantStatus(t, 401)
	if r.header.Get("ratelimit-limit") != "" {
		t.Error("401 carries rate-limit headers")
	}
	// The control surface is not limited.
	h.call("GET", "/_emulator/counts", nil).wantStatus(t, 200)
	// Turning the limit off at runtime; with no limit at all there are no headers.
	h.srv.SetTokenRateLimit(RateLimit{Requests: -1})
	r = h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	if r.header.Get("ratelimit-limit") != "" {
		t.Errorf("unlimited answer has ratelimit-limit %q", r.header.Get("ratelimit-limit"))
	}
}

func TestDefaultRateLimitsAndSetRateLimit(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.AccountRateLimit = RateLimit{}
		o.TokenRateLimit = RateLimit{}
	})
	r := h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	// The binding window is the account's (49 left) not the token's (499).
	if r.header.Get("ratelimit-limit") != "50;w=10" || r.header.Get("ratelimit-remaining") != "49" || r.header.Get("ratelimit-reset") != "10" {
		t.Errorf("default headers: %q %q %q", r.header.Get("ratelimit-limit"), r.header.Get("ratelimit-remaining"), r.header.Get("ratelimit-reset"))
	}
	h.srv.SetRateLimit(acctID, RateLimit{Requests: 1, Per: 5 * time.Second})
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	r = h.call("GET", collPath(acctID), nil).wantStatus(t, 429)
	if ra, _ := strconv.Atoi(r.header.Get("Retry-After")); ra < 4 || ra > 5 {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	h.srv.SetRateLimit(acctID, RateLimit{Requests: -1})
	r = h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	if r.header.Get("ratelimit-limit") != "500;w=10" {
		t.Errorf("with the account limit off the token's shows: %q", r.header.Get("ratelimit-limit"))
	}
	// A chaos 429 gives its slot back.
	h.srv.SetRateLimit(acctID, RateLimit{Requests: 2, Per: 10 * time.Second})
	h.srv.FailNext("GET", 429, 3)
	for range 3 {
		h.call("GET", collPath(acctID), nil).wantStatus(t, 429)
	}
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 429)
}

func TestLimiterUnit(t *testing.T) {
	l := newLimiter(RateLimit{Requests: -1})
	l.setAccount("a", RateLimit{Requests: 2, Per: 100 * time.Millisecond})
	t0 := time.Unix(1000, 0)
	if !l.take("a", t0).allowed || !l.take("a", t0.Add(10*time.Millisecond)).allowed {
		t.Fatal("first two refused")
	}
	d := l.take("a", t0.Add(20*time.Millisecond))
	if d.allowed || d.retryAfter != 80*time.Millisecond {
		t.Fatalf("third: allowed=%v retryAfter=%v", d.allowed, d.retryAfter)
	}
	if !l.take("a", t0.Add(100*time.Millisecond)).allowed {
		t.Fatal("new window refused")
	}
	if d := l.take("", t0); !d.allowed || d.hasHeaders {
		t.Fatal("no limits should mean no headers")
	}
	if ceilSeconds(1500*time.Millisecond) != "2" || ceilSeconds(0) != "1" || ceilSeconds(10*time.Second) != "10" {
		t.Error("ceilSeconds")
	}
}
