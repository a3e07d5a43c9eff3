package truto

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit allows at most Requests request starts in any window of length Per. The zero value
// (and each zero field) means the default; Requests < 0 means unlimited.
type RateLimit struct {
	Requests int
	Per      time.Duration
}

// resolve fills in defaults and rejects a negative window.
func (r RateLimit) resolve(field string, def RateLimit) (RateLimit, error) {
	if r.Per < 0 {
		return RateLimit{}, fmt.Errorf("truto: Config.%s.Per must not be negative", field)
	}
	if r.Requests == 0 {
		r.Requests = def.Requests
	}
	if r.Per == 0 {
		r.Per = def.Per
	}
	return r, nil
}

// The limiter registry is process-wide: every Client in the provider process (one per provider
// configuration, possibly several) shares one limiter per integrated account and one per token,
// because Truto counts requests per integrated account and per token, not per Client.
var limiterRegistry = struct {
	mu   sync.Mutex // guards the map and every limiter's state
	byID map[limiterKey]*limiter
	// released is closed (and replaced) whenever a request gives its slots back, waking every
	// acquire that waits for one.
	released chan struct{}
}{byID: map[limiterKey]*limiter{}, released: make(chan struct{})}

type limiterKey struct {
	baseURL string
	scope   string // "integrated_account" or "token"
	id      string // integrated account id, or sha256 of the token
}

// limiter is a sliding-window log: a request may start only if fewer than N requests hold a slot
// of the last Per, for every window registered. A request holds its slot from its start until Per
// after its answer arrived (or its attempt failed), so however long the network takes, no Per-long
// window at the server can see more than N arrivals: the (k+N)-th request starts at least Per
// after the k-th was answered, so after it arrived. A log of starts alone is not enough: requests
// that take longer than those after them arrive bunched, and a limiter that counts exactly N in any
// window at the server answers them 429. Unlike a token bucket with a burst it can never exceed N
// per window, which is exactly how Truto counts. It also carries two adaptive restrictions learnt
// from responses: a block (after a 429) and a budget (from ratelimit-remaining/-reset).
type limiter struct {
	windows      []RateLimit
	maxN         int
	inFlight     int         // requests started and not yet answered: each holds a slot
	released     []time.Time // when recent requests were answered, oldest first
	blockedUntil time.Time
	budget       int       // starts still allowed before budgetUntil
	budgetUntil  time.Time // zero: no budget in force
}

// releaseMargin is added to every window, so that a start exactly Per after an answer (with no
// network delay on either) cannot fall inside a server window that counts both ends.
const releaseMargin = 10 * time.Millisecond

// sharedLimiter returns the registry's limiter for key, adding rl as one of its windows. Clients
// configured differently for the same scope all obey every window (the strictest wins).
func sharedLimiter(key limiterKey, rl RateLimit) *limiter {
	limiterRegistry.mu.Lock()
	defer limiterRegistry.mu.Unlock()
	l := limiterRegistry.byID[key]
	if l == nil {
		l = &limiter{}
		limiterRegistry.byID[key] = l
	}
	l.addWindow(rl)
	return l
}

func (l *limiter) addWindow(rl RateLimit) {
	if rl.Requests < 0 {
		return // unlimited: no window, but 429 blocks and budgets still apply
	}
	for _, w := range l.windows {
		if w == rl {
			return
		}
	}
	l.windows = append(l.windows, rl)
	l.maxN = max(l.maxN, rl.Requests)
}

// next returns the earliest time a request may start (now, or later), and whether it must wait
// for a request in flight to be answered first.
func (l *limiter) next(now time.Time) (time.Time, bool) {
	at := now
	later := func(t time.Time) {
		if t.After(at) {
			at = t
		}
	}
	later(l.blockedUntil)
	if l.budget <= 0 && now.Before(l.budgetUntil) {
		later(l.budgetUntil)
	}
	waitRelease := false
	for _, w := range l.windows {
		free := w.Requests - l.inFlight // slots the answered requests may still take
		if free <= 0 {
			waitRelease = true
			continue
		}
		if n := len(l.released); n >= free {
			later(l.released[n-free].Add(w.Per + releaseMargin))
		}
	}
	return at, waitRelease
}

// record notes a request start at now: it holds a slot of every window until released.
func (l *limiter) record(now time.Time) {
	if now.Before(l.budgetUntil) {
		l.budget--
	}
	if l.maxN > 0 {
		l.inFlight++
	}
}

// release notes that a request started earlier was answered (or failed) at now.
func (l *limiter) release(now time.Time) {
	if l.maxN == 0 {
		return
	}
	l.inFlight--
	l.released = append(l.released, now)
	if len(l.released) >= 2*l.maxN { // compact now and then instead of on every answer
		l.released = l.released[:copy(l.released, l.released[len(l.released)-l.maxN:])]
	}
}

// observe applies ratelimit-remaining / ratelimit-reset: at most remaining starts until now+reset.
// The configured windows still apply, so a generous header never loosens the configured limit.
//
// While a budget is in force, a new observation is taken to describe the same server window, and
// the tighter of the two bounds wins on each side. Both headers err on the generous side: reset is
// whole seconds rounded up, so now+reset can only be later than the window's real end (taking the
// latest of them idles, after every window, for as long as that window took to fill), and
// remaining does not count requests still in flight, which the budget already has (taking the
// latest remaining would let them overshoot the window into 429s).
func (l *limiter) observe(remaining int, reset time.Duration, now time.Time) {
	until := now.Add(reset)
	if now.Before(l.budgetUntil) {
		l.budget = min(l.budget, remaining)
		if until.Before(l.budgetUntil) {
			l.budgetUntil = until
		}
		return
	}
	l.budget = remaining
	l.budgetUntil = until
}

// block stops every start until until (after a 429), so all goroutines back off together.
func (l *limiter) block(until time.Time) {
	if until.After(l.blockedUntil) {
		l.blockedUntil = until
	}
}

// acquire waits until every limiter allows a start, then records the start in all of them at
// once and returns its time; the caller calls releaseAll once the request is answered. Recording
// only when all agree keeps the logged start equal to the real one (recording in one limiter while
// waiting on another would let the first overshoot).
func acquire(ctx context.Context, lims ...*limiter) (time.Time, error) {
	for {
		limiterRegistry.mu.Lock()
		now := time.Now()
		at, waitRelease := now, false
		for _, l := range lims {
			t, w := l.next(now)
			if t.After(at) {
				at = t
			}
			waitRelease = waitRelease || w
		}
		if !at.After(now) && !waitRelease {
			for _, l := range lims {
				l.record(now)
			}
			limiterRegistry.mu.Unlock()
			return now, nil
		}
		released := limiterRegistry.released
		limiterRegistry.mu.Unlock()
		wait := at.Sub(now)
		if waitRelease {
			wait = max(wait, time.Minute) // woken by the release
		}
		if err := sleepOrRelease(ctx, wait, released); err != nil {
			return time.Time{}, err
		}
	}
}

// releaseAll gives a request's slots back: it was answered (or failed) now.
func releaseAll(lims ...*limiter) {
	limiterRegistry.mu.Lock()
	defer limiterRegistry.mu.Unlock()
	now := time.Now()
	for _, l := range lims {
		l.release(now)
	}
	close(limiterRegistry.released)
	limiterRegistry.released = make(chan struct{})
}

// sleepOrRelease waits d, until a request gives its slots back, or until ctx is done.
func sleepOrRelease(ctx context.Context, d time.Duration, released <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case <-released:
	}
	return nil
}

// withLimiter runs f on l under the registry lock.
func withLimiter(l *limiter, f func(l *limiter)) {
	limiterRegistry.mu.Lock()
	defer limiterRegistry.mu.Unlock()
	f(l)
}

// limiters returns the shared limiters for one integrated account and for this client's token.
func (c *Client) limiters(integratedAccountID string) (integratedAccount, token *limiter) {
	integratedAccount = sharedLimiter(limiterKey{baseURL: c.baseURL, scope: "integrated_account", id: integratedAccountID}, c.integratedAccountRate)
	token = sharedLimiter(limiterKey{baseURL: c.baseURL, scope: "token", id: c.tokenKey}, c.tokenRate)
	return integratedAccount, token
}

// adaptRateLimit tightens the integrated account's limiter from a response's ratelimit-remaining and
// ratelimit-reset headers. Windows are capped at MaxRetryWait so a daily CRM quota cannot make
// requests hang silently for hours; the 429s that follow are then reported as errors.
func (c *Client) adaptRateLimit(l *limiter, h http.Header, now time.Time) {
	remaining, ok := rateLimitRemaining(h)
	if !ok {
		return
	}
	reset, ok := rateLimitReset(h, now)
	if !ok {
		return
	}
	withLimiter(l, func(l *limiter) { l.observe(remaining, min(reset, c.maxRetryWait), now) })
}

// rateLimitRemaining parses ratelimit-remaining ("12", or the first item of "12;w=10, 40").
func rateLimitRemaining(h http.Header) (int, bool) {
	v := firstItem(h.Get("Ratelimit-Remaining"))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// rateLimitReset parses ratelimit-reset in seconds. A value that can only be a Unix time (some
// vendors send one) is converted to a delay.
func rateLimitReset(h http.Header, now time.Time) (time.Duration, bool) {
	v := firstItem(h.Get("Ratelimit-Reset"))
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
		return 0, false
	}
	if secs > 1e9 { // a Unix timestamp, not a delay
		return max(time.Unix(int64(secs), 0).Sub(now), 0), true
	}
	return secondsToDuration(secs), true
}

// firstItem returns the first value of a header list, without parameters: "5;w=10, 7" -> "5".
func firstItem(v string) string {
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

func secondsToDuration(secs float64) time.Duration {
	const maxSecs = float64(math.MaxInt64 / int64(time.Second))
	if secs > maxSecs {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(secs * float64(time.Second))
}

// sleepCtx waits d or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
