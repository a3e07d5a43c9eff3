package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"
)

func TestPageSizeCapAndPartialLists(t *testing.T) {
	h := newHarness(t, withAccount("partial", Profile{PartialLists: []string{"custom_fields", "remote_data", "email_addresses"}}))
	for i := range 130 {
		h.srv.In("contacts").Seed(acctID, map[string]any{"first_name": fmt.Sprint(i)})
	}
	for _, limit := range []string{"", "limit=100", "limit=101", "limit=5000"} {
		res := h.call("GET", cpath("contacts", acctID, limit), nil).wantStatus(t, 200).body
		if n := len(arr(res["result"])); n != 100 || res["next_cursor"] == nil || res["result_count"] != float64(100) {
			t.Errorf("%q: %d items, next_cursor %v", limit, n, res["next_cursor"])
		}
		if res["is_partial_response"] != false {
			t.Errorf("is_partial_response = %v", res["is_partial_response"])
		}
	}
	if n := len(arr(h.call("GET", cpath("contacts", acctID, "limit=99"), nil).body["result"])); n != 99 {
		t.Errorf("limit=99: %d", n)
	}
	c := h.createIn("contacts", "partial", map[string]any{"first_name": "P", "custom_fields": map[string]any{"x": 1},
		"email_addresses": []any{map[string]any{"email": "p@x"}}})
	if _, ok := c["custom_fields"]; !ok {
		t.Error("a create response is not a list item: it keeps every field")
	}
	res := h.call("GET", cpath("contacts", "partial"), nil).wantStatus(t, 200).body
	item := obj(arr(res["result"])[0])
	for _, f := range []string{"custom_fields", "remote_data", "email_addresses"} {
		if _, ok := item[f]; ok {
			t.Errorf("list item has %s", f)
		}
	}
	if res["is_partial_response"] != true || item["first_name"] != "P" {
		t.Errorf("partial page = %v", res)
	}
	got := h.call("GET", ipath("contacts", "partial", sv(c["id"])), nil).body
	if _, ok := got["custom_fields"]; !ok {
		t.Error("get lost custom_fields")
	}
}

func TestSlidingLimiterUnit(t *testing.T) {
	l := newLimiter(RateLimit{Requests: -1})
	l.setAccount("a", RateLimit{Requests: 3, Per: time.Second, Sliding: true})
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	for _, ms := range []int{0, 400, 800} {
		if d := l.take("a", at(ms)); !d.allowed {
			t.Fatalf("request at %dms refused", ms)
		}
	}
	// A fixed window would restart at 1000ms; the sliding log frees a slot
	// only when the request at 0ms is a full second old.
	d := l.take("a", at(999))
	if d.allowed || d.retryAfter != time.Millisecond {
		t.Fatalf("at 999ms: allowed=%v retryAfter=%v", d.allowed, d.retryAfter)
	}
	if d := l.take("a", at(1000)); !d.allowed || d.remaining != 0 || d.reset != 400*time.Millisecond {
		t.Fatalf("at 1000ms: %+v", d)
	}
	d = l.take("a", at(1100))
	if d.allowed || d.retryAfter != 300*time.Millisecond {
		t.Fatalf("at 1100ms: allowed=%v retryAfter=%v", d.allowed, d.retryAfter)
	}
	// A refunded request gives its slot back.
	ok := l.take("a", at(1400))
	if !ok.allowed {
		t.Fatal("at 1400ms refused")
	}
	l.refund(ok)
	if !l.take("a", at(1401)).allowed {
		t.Error("refunded slot not free")
	}
	// In any window of one second at most 3 are admitted.
	l.setAccount("b", RateLimit{Requests: 3, Per: time.Second, Sliding: true})
	var admitted []time.Time
	for ms := 0; ms < 5000; ms += 37 {
		if l.take("b", at(ms)).allowed {
			admitted = append(admitted, at(ms))
		}
	}
	for i := 3; i < len(admitted); i++ {
		if admitted[i].Sub(admitted[i-3]) < time.Second {
			t.Fatalf("4 requests within a second: %v .. %v", admitted[i-3], admitted[i])
		}
	}
	if len(admitted) < 14 {
		t.Errorf("only %d admitted in 5 s at 3/s", len(admitted))
	}
}

func TestSlidingRateLimitHTTP(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccountRateLimit = RateLimit{Requests: 2, Per: 3 * time.Second, Sliding: true} })
	h.call("GET", cpath("contacts", acctID), nil).wantStatus(t, 200)
	r := h.call("GET", cpath("users", acctID), nil).wantStatus(t, 200)
	if r.header.Get("ratelimit-limit") != "2;w=3" || r.header.Get("ratelimit-remaining") != "0" {
		t.Errorf("headers %q %q", r.header.Get("ratelimit-limit"), r.header.Get("ratelimit-remaining"))
	}
	r = h.call("GET", capsPath(acctID), nil).wantError(t, 429, "Rate limit exceeded", false)
	if ra, _ := strconv.Atoi(r.header.Get("Retry-After")); ra < 2 || ra > 3 {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	// Through the control surface.
	h.call("POST", "/_emulator/rate-limit?integrated_account_id="+plainID, map[string]any{"requests": 1, "per_ms": 60000, "sliding": true}).wantStatus(t, 204)
	h.call("GET", cpath("notes", plainID), nil).wantStatus(t, 200)
	h.call("GET", cpath("notes", plainID), nil).wantStatus(t, 429)
	var rl RateLimit
	if err := json.Unmarshal([]byte(`{"requests":5,"per_ms":1000,"sliding":true}`), &rl); err != nil || rl != (RateLimit{Requests: 5, Per: time.Second, Sliding: true}) {
		t.Errorf("decoded %+v, %v", rl, err)
	}
	b, _ := json.Marshal(RateLimit{Requests: 5, Per: time.Second, Sliding: true})
	if string(b) != `{"requests":5,"per_ms":1000,"sliding":true}` {
		t.Errorf("encoded %s", b)
	}
	b, _ = json.Marshal(RateLimit{Requests: 5, Per: time.Second})
	if string(b) != `{"requests":5,"per_ms":1000}` {
		t.Errorf("encoded %s", b)
	}
	// The zero value keeps Truto's default size, sliding.
	if got, _ := (RateLimit{Sliding: true}).resolve(defaultAccountLimit); got != (RateLimit{Requests: 50, Per: 10 * time.Second, Sliding: true}) {
		t.Errorf("resolve = %+v", got)
	}
}
