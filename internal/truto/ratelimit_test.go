package truto

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

func okHandler(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
	writeJSON(w, http.StatusOK, accountJSON)
}

// maxInWindow returns the most requests that arrived within any span shorter than window.
func maxInWindow(reqs []recorded, window time.Duration) int {
	best := 0
	for i := range reqs {
		n := 0
		for j := range reqs {
			if d := reqs[j].At.Sub(reqs[i].At); d >= 0 && d < window {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// 15 concurrent requests with 5 per 500ms take three windows, and no 500ms window sees more
// than 5 starts (the server-side check allows 50ms for connection setup and scheduling jitter).
func TestSlidingWindowLimiter(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c := newTestClient(t, srv, func(cfg *Config) {
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: 5, Per: 500 * time.Millisecond}
	})
	start := time.Now()
	var wg sync.WaitGroup
	for range 15 {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if el := time.Since(start); el < time.Second {
		t.Errorf("15 requests at 5/500ms took %s, want >= 1s", el)
	}
	if n := maxInWindow(srv.requests(), 450*time.Millisecond); n > 5 {
		t.Errorf("%d requests arrived within one window, want <= 5", n)
	}
}

// The same property, exactly: the start times the limiter grants to 15 concurrent callers.
func TestSlidingWindowGrantsExactly(t *testing.T) {
	t.Parallel()
	l := &limiter{}
	l.addWindow(RateLimit{Requests: 5, Per: 500 * time.Millisecond})
	var mu sync.Mutex
	var starts []recorded
	var wg sync.WaitGroup
	begin := time.Now()
	for range 15 {
		wg.Go(func() {
			at, err := acquire(context.Background(), l)
			if err != nil {
				t.Error(err)
			}
			releaseAll(l) // answered at once
			mu.Lock()
			starts = append(starts, recorded{At: at})
			mu.Unlock()
		})
	}
	wg.Wait()
	if n := maxInWindow(starts, 500*time.Millisecond); n > 5 {
		t.Errorf("%d starts within 500ms, want <= 5", n)
	}
	if el := time.Since(begin); el < time.Second {
		t.Errorf("took %s, want >= 1s", el)
	}
}

// Two clients (e.g. two provider configurations) share the limiter of one integrated account.
func TestLimiterSharedAcrossClients(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	limit := func(cfg *Config) {
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: 2, Per: 400 * time.Millisecond}
	}
	a := newTestClient(t, srv, limit)
	b := newTestClient(t, srv, limit)
	b.opts = a.opts
	ctx := context.Background()
	start := time.Now()
	for _, c := range []*testClient{a, b, a} {
		if _, err := c.Get(ctx, accounts, c.opts, "acc-1"); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 400*time.Millisecond {
		t.Errorf("third request after %s, want the shared window (400ms) respected", el)
	}
}

// ratelimit-remaining: 0 with ratelimit-reset: 1 holds every request until the reset.
func TestAdaptiveRemainingZero(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			w.Header().Set("Ratelimit-Remaining", "0")
			w.Header().Set("Ratelimit-Reset", "1")
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	for range 2 {
		if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
			t.Fatal(err)
		}
	}
	if g := gap(srv.requests(), 1); g < time.Second {
		t.Errorf("second request %s after the first, want >= the 1s reset", g)
	}
}

// ratelimit-remaining: 2 lets two more requests start at once; the next one waits for the reset.
func TestAdaptiveRemainingBudget(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			w.Header().Set("Ratelimit-Remaining", "2")
			w.Header().Set("Ratelimit-Reset", "1")
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	for range 4 {
		if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.requests()
	if d := reqs[2].At.Sub(reqs[0].At); d > 500*time.Millisecond {
		t.Errorf("requests 2 and 3 waited %s; the budget allowed them", d)
	}
	if d := reqs[3].At.Sub(reqs[0].At); d < time.Second {
		t.Errorf("request 4 started %s after the first, want >= the 1s reset", d)
	}
}

// A header promising more than configured never loosens the configured window.
func TestAdaptiveNeverLoosens(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Ratelimit-Remaining", "1000")
		w.Header().Set("Ratelimit-Reset", "10")
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, func(cfg *Config) {
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: 2, Per: 300 * time.Millisecond}
	})
	start := time.Now()
	for range 3 {
		if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("three requests took %s, want the configured 300ms window respected", d)
	}
}

// A 429 blocks the whole integrated account until Retry-After, not only the goroutine that got it.
func Test429BlocksOtherRequestsOfTheAccount(t *testing.T) {
	t.Parallel()
	answered := make(chan time.Time, 1)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{}`)
			answered <- time.Now()
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
			t.Error(err)
		}
	})
	t429 := <-answered
	time.Sleep(50 * time.Millisecond) // let the client see the 429
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-2"); err != nil {
		t.Error(err)
	}
	wg.Wait()
	for i, r := range srv.requests()[1:] {
		if r.At.Sub(t429) < time.Second {
			t.Errorf("request %d started %s after the 429, want >= 1s", i+2, r.At.Sub(t429))
		}
	}
}

// Unit test of the sliding window, multiple windows (strictest wins), blocks and budgets.
func TestLimiterRules(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1000, 0)
	l := &limiter{}
	l.addWindow(RateLimit{Requests: 3, Per: time.Second})
	l.addWindow(RateLimit{Requests: 1, Per: 100 * time.Millisecond})
	l.addWindow(RateLimit{Requests: -1}) // unlimited adds nothing
	if len(l.windows) != 2 {
		t.Fatalf("windows = %v", l.windows)
	}
	for i := range 3 {
		now := t0.Add(time.Duration(i) * (100*time.Millisecond + releaseMargin))
		if got, _ := l.next(now); !got.Equal(now) {
			t.Fatalf("start %d: next = %s, want now", i, got)
		}
		l.record(now)
		l.release(now) // answered at once
	}
	if got, _ := l.next(t0.Add(250 * time.Millisecond)); !got.Equal(t0.Add(time.Second + releaseMargin)) {
		t.Errorf("4th start allowed at %s, want t0+1s (3 per second, plus the margin)", got.Sub(t0))
	}
	l.block(t0.Add(5 * time.Second))
	l.block(t0.Add(2 * time.Second)) // an earlier block never shortens a later one
	if got, _ := l.next(t0.Add(time.Second)); !got.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("blocked until %s, want t0+5s", got.Sub(t0))
	}

	b := &limiter{}
	b.observe(1, time.Second, t0)
	if got, _ := b.next(t0); !got.Equal(t0) {
		t.Errorf("budget 1: next = %s, want now", got.Sub(t0))
	}
	b.record(t0)
	if got, _ := b.next(t0); !got.Equal(t0.Add(time.Second)) {
		t.Errorf("budget spent: next = %s, want the reset", got.Sub(t0))
	}
	if got, _ := b.next(t0.Add(2 * time.Second)); !got.Equal(t0.Add(2 * time.Second)) {
		t.Errorf("after the reset the budget no longer applies, next = %s", got.Sub(t0))
	}
}

func TestAcquireHonoursContext(t *testing.T) {
	t.Parallel()
	l := &limiter{}
	withLimiter(l, func(l *limiter) { l.block(time.Now().Add(time.Minute)) })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := acquire(ctx, l); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("acquire = %v after %s", err, time.Since(start))
	}
}

func TestRateLimitHeaderParsing(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	h := http.Header{}
	h.Set("Ratelimit-Remaining", "7;w=10, 40")
	h.Set("Ratelimit-Reset", "3")
	if n, ok := rateLimitRemaining(h); n != 7 || !ok {
		t.Errorf("remaining = %d, %v", n, ok)
	}
	if d, ok := rateLimitReset(h, now); d != 3*time.Second || !ok {
		t.Errorf("reset = %s, %v", d, ok)
	}
	h.Set("Ratelimit-Reset", "1700000005") // a Unix time
	if d, ok := rateLimitReset(h, now); d != 5*time.Second || !ok {
		t.Errorf("epoch reset = %s, %v", d, ok)
	}
	h.Set("Ratelimit-Remaining", "lots")
	if _, ok := rateLimitRemaining(h); ok {
		t.Error("garbage remaining accepted")
	}
}

// A request holds its slot until Per after it was answered: a slow answer delays the next start,
// so requests that arrive late at the server never bunch into one of its windows.
func TestSlotsAreHeldUntilPerAfterTheAnswer(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(3000, 0)
	l := &limiter{}
	l.addWindow(RateLimit{Requests: 2, Per: time.Second})
	l.record(t0)
	l.record(t0)
	if _, wait := l.next(t0.Add(5 * time.Second)); !wait {
		t.Error("two requests in flight hold both slots, however long ago they started")
	}
	l.release(t0.Add(3 * time.Second)) // the first answer took 3 s
	got, wait := l.next(t0.Add(3 * time.Second))
	if wait || !got.Equal(t0.Add(4*time.Second+releaseMargin)) {
		t.Errorf("next start at %s (waiting for a release: %v), want 1 s after the answer", got.Sub(t0), wait)
	}
}

// jitteryTransport delays every request by a random 0 to max before it reaches the server, as a
// network does: requests then arrive in another rhythm than they were started in.
type jitteryTransport struct {
	base http.RoundTripper
	max  time.Duration
}

func (j jitteryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	time.Sleep(time.Duration(rand.Int64N(int64(j.max))))
	return j.base.RoundTrip(r)
}

// Against a server that allows exactly N arrivals in any window (a sliding log measured on
// arrival), pacing at N per window must leave enough margin that network delays never push one
// window over: each request holds its slot until a window after its answer.
func TestPacingLeavesAMarginForNetworkJitter(t *testing.T) {
	t.Parallel()
	const n, per = 10, 400 * time.Millisecond
	var mu sync.Mutex
	var arrivals []time.Time
	rejected := 0
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		mu.Lock()
		now := time.Now()
		recent := 0
		for _, a := range arrivals {
			if now.Sub(a) < per {
				recent++
			}
		}
		arrivals = append(arrivals, now)
		over := recent >= n
		if over {
			rejected++
		}
		mu.Unlock()
		if over {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"statusCode":429,"message":"Too Many Requests"}`)
			return
		}
		okHandler(w, nil, 0, nil)
	})
	c := newTestClient(t, srv, func(cfg *Config) {
		cfg.IntegratedAccountRateLimit = RateLimit{Requests: n, Per: per}
		cfg.HTTPClient = &http.Client{Transport: jitteryTransport{base: srv.Client().Transport, max: 60 * time.Millisecond}}
	})
	var wg sync.WaitGroup
	for range 5 * n {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if rejected > 0 {
		t.Errorf("the server answered %d of %d requests with 429: the pacing leaves no margin for network delays", rejected, 5*n)
	}
}
