package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit is a limit of Requests per Per.
//
// The zero value means Truto's default for where it is used (50 per 10 s per
// integrated account, 500 per 10 s per token); Requests < 0 turns the limit
// off; Per <= 0 with Requests > 0 means 10 s.
//
// By default the window is fixed: it starts with the first request after
// the previous window ended (it may be shorter than a second). With
// Sliding, the limit holds in every window of length Per: a request is
// admitted when fewer than Requests were admitted in the Per before it
// arrived (a sliding log, timed at the server).
type RateLimit struct {
	Requests int
	Per      time.Duration
	Sliding  bool
}

// Truto's published limits.
var (
	defaultAccountLimit = RateLimit{Requests: 50, Per: 10 * time.Second}
	defaultTokenLimit   = RateLimit{Requests: 500, Per: 10 * time.Second}
)

// rateLimitJSON is the wire form {"requests":N,"per_ms":M,"sliding":true}.
type rateLimitJSON struct {
	Requests int   `json:"requests"`
	PerMS    int64 `json:"per_ms"`
	Sliding  bool  `json:"sliding,omitempty"`
}

// MarshalJSON encodes {"requests":N,"per_ms":M} (and "sliding":true).
func (rl RateLimit) MarshalJSON() ([]byte, error) {
	return json.Marshal(rateLimitJSON{Requests: rl.Requests, PerMS: rl.Per.Milliseconds(), Sliding: rl.Sliding})
}

// UnmarshalJSON decodes {"requests":N,"per_ms":M,"sliding":bool}.
func (rl *RateLimit) UnmarshalJSON(b []byte) error {
	var w rateLimitJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*rl = RateLimit{Requests: w.Requests, Per: time.Duration(w.PerMS) * time.Millisecond, Sliding: w.Sliding}
	return nil
}

// resolve applies the defaults; ok=false means no limit.
func (rl RateLimit) resolve(def RateLimit) (RateLimit, bool) {
	switch {
	case rl.Requests < 0:
		return RateLimit{}, false
	case rl.Requests == 0:
		def.Sliding = rl.Sliding
		return def, true
	case rl.Per <= 0:
		rl.Per = 10 * time.Second
	}
	return rl, true
}

// window is the state of one limit: a fixed window (start, used) or a
// sliding log (log).
type window struct {
	limit RateLimit
	start time.Time
	used  int
	log   []time.Time // sliding: the admitted requests of the last Per, oldest first
}

// roll starts a new fixed window when the current one has ended, or drops
// the sliding log's requests older than Per.
func (w *window) roll(now time.Time) {
	if w.limit.Sliding {
		cut := now.Add(-w.limit.Per)
		i := 0
		for i < len(w.log) && !w.log[i].After(cut) {
			i++
		}
		w.log = w.log[i:]
		return
	}
	if w.start.IsZero() || !now.Before(w.start.Add(w.limit.Per)) {
		w.start = now
		w.used = 0
	}
}

// count is the number of requests the window holds.
func (w *window) count() int {
	if w.limit.Sliding {
		return len(w.log)
	}
	return w.used
}

// admit consumes a slot.
func (w *window) admit(now time.Time) slot {
	if w.limit.Sliding {
		w.log = append(w.log, now)
		return slot{w: w, at: now}
	}
	w.used++
	return slot{w: w, start: w.start}
}

// resetIn is the time until a slot frees: the fixed window's end, or when
// the oldest request of the sliding log leaves it.
func (w *window) resetIn(now time.Time) time.Duration {
	if w.limit.Sliding {
		if len(w.log) == 0 {
			return w.limit.Per
		}
		return w.log[0].Add(w.limit.Per).Sub(now)
	}
	return w.start.Add(w.limit.Per).Sub(now)
}

// limiter holds the token window and one window per integrated account.
type limiter struct {
	mu                 sync.Mutex
	token              *window            // nil = off
	integratedAccounts map[string]*window // nil value = off
}

func newLimiter(token RateLimit) *limiter {
	l := &limiter{integratedAccounts: map[string]*window{}}
	if rl, ok := token.resolve(defaultTokenLimit); ok {
		l.token = &window{limit: rl}
	}
	return l
}

// setAccount (re)configures an account's limit and starts a fresh window.
func (l *limiter) setAccount(id string, rl RateLimit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := rl.resolve(defaultAccountLimit); ok {
		l.integratedAccounts[id] = &window{limit: r}
	} else {
		l.integratedAccounts[id] = nil
	}
}

// setToken (re)configures the token limit and starts a fresh window.
func (l *limiter) setToken(rl RateLimit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := rl.resolve(defaultTokenLimit); ok {
		l.token = &window{limit: r}
	} else {
		l.token = nil
	}
}

// slot is a consumed request in a window, for refunds.
type slot struct {
	w     *window
	start time.Time // fixed: the window it was taken in
	at    time.Time // sliding: its entry in the log
}

// decision is the limiter's answer for one request.
type decision struct {
	allowed    bool
	retryAfter time.Duration // when !allowed
	// the window reported in the ratelimit-* headers
	hasHeaders bool
	limit      RateLimit
	remaining  int
	reset      time.Duration
	consumed   []slot
}

// take checks the token window and, when integratedAccountID is not empty, the
// account's window. When both have room, one slot of each is consumed; when
// either is full nothing is consumed (a 429 does not use a slot). The
// headers describe the binding window: the one that is full, or else the one
// with the fewest requests remaining.
func (l *limiter) take(integratedAccountID string, now time.Time) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.takeLocked(integratedAccountID, now)
}

// takeNow is take at the current time, read under the limiter's lock so
// that the requests it admits are in arrival order.
func (l *limiter) takeNow(integratedAccountID string) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.takeLocked(integratedAccountID, time.Now())
}

func (l *limiter) takeLocked(integratedAccountID string, now time.Time) decision {
	var ws []*window
	if l.token != nil {
		ws = append(ws, l.token)
	}
	if integratedAccountID != "" && l.integratedAccounts[integratedAccountID] != nil {
		ws = append(ws, l.integratedAccounts[integratedAccountID])
	}
	var d decision
	if len(ws) == 0 {
		d.allowed = true
		return d
	}
	var full *window
	for _, w := range ws {
		w.roll(now)
		if w.count() >= w.limit.Requests && (full == nil || w.resetIn(now) > full.resetIn(now)) {
			full = w
		}
	}
	if full != nil {
		d.retryAfter = full.resetIn(now)
		d.report(full, now)
		return d
	}
	d.allowed = true
	var binding *window
	for _, w := range ws {
		d.consumed = append(d.consumed, w.admit(now))
		if binding == nil || w.limit.Requests-w.count() < binding.limit.Requests-binding.count() {
			binding = w
		}
	}
	d.report(binding, now)
	return d
}

func (d *decision) report(w *window, now time.Time) {
	d.hasHeaders = true
	d.limit = w.limit
	d.remaining = max(w.limit.Requests-w.count(), 0)
	d.reset = w.resetIn(now)
}

// refund gives back the slots of a request that ended up answered 429.
func (l *limiter) refund(d decision) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range d.consumed {
		if s.w.limit.Sliding {
			for i := len(s.w.log) - 1; i >= 0; i-- {
				if s.w.log[i].Equal(s.at) {
					s.w.log = append(s.w.log[:i], s.w.log[i+1:]...)
					break
				}
			}
		} else if s.w.start.Equal(s.start) && s.w.used > 0 {
			s.w.used--
		}
	}
}

// setHeaders writes ratelimit-limit ("N;w=S"), ratelimit-remaining and
// ratelimit-reset (whole seconds, rounded up, at least 1).
func (d decision) setHeaders(h http.Header) {
	if !d.hasHeaders {
		return
	}
	h.Set("ratelimit-limit", strconv.Itoa(d.limit.Requests)+";w="+ceilSeconds(d.limit.Per))
	h.Set("ratelimit-remaining", strconv.Itoa(d.remaining))
	h.Set("ratelimit-reset", ceilSeconds(d.reset))
}

// ceilSeconds renders a duration as whole seconds, rounded up, at least 1.
func ceilSeconds(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}
