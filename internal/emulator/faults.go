package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// FaultKind is a kind of injected fault.
type FaultKind string

// Fault kinds.
const (
	// FaultTooManyRequests answers 429 with Retry-After: 1 as if the CRM
	// rate-limited the call (truto_is_remote_error, vendor raw_response).
	FaultTooManyRequests FaultKind = "429"
	// FaultInternal answers a Truto 500.
	FaultInternal FaultKind = "500"
	// FaultBadGateway answers 502: the CRM's answer was not clean.
	FaultBadGateway FaultKind = "502"
	// FaultGatewayTimeout answers 504: the CRM did not answer in time.
	FaultGatewayTimeout FaultKind = "504"
	// FaultLatency delays the request by Faults.Latency, then serves it.
	FaultLatency FaultKind = "latency"
	// FaultDropAfterCommit serves the request completely (a write is
	// applied and its Idempotency-Key response stored) and then closes the
	// connection without answering.
	FaultDropAfterCommit FaultKind = "drop_after_commit"
)

// AllFaultKinds lists every fault kind.
var AllFaultKinds = []FaultKind{
	FaultTooManyRequests, FaultInternal, FaultBadGateway, FaultGatewayTimeout, FaultLatency, FaultDropAfterCommit,
}

// defaultFaultLatency is the delay of FaultLatency when Faults.Latency is 0.
const defaultFaultLatency = time.Second

// Faults configures random fault injection ("chaos mode").
type Faults struct {
	// Rate is the fraction of /unified requests (that passed auth, routing
	// and rate limiting) that get a fault, e.g. 0.2. 0 = off.
	Rate float64
	// Kinds are used in turn, so faults are spread evenly among them.
	// Empty = all kinds. Unknown kinds inject nothing.
	Kinds []FaultKind
	// Latency is the delay of FaultLatency; 0 = 1 s.
	Latency time.Duration
	// Every > 0 replaces Rate with a fixed cadence: every Every-th API
	// request gets a fault. It counts and hits every API request,
	// capabilities and meta included (Truto's own endpoints are rate
	// limited too; there a 429 is Truto's own, with Retry-After: 1).
	Every int
}

// faultsJSON is the wire form {"rate":0.2,"kinds":["500"],"latency_ms":100}.
type faultsJSON struct {
	Rate      float64     `json:"rate"`
	Kinds     []FaultKind `json:"kinds,omitempty"`
	LatencyMS int64       `json:"latency_ms,omitempty"`
	Every     int         `json:"every,omitempty"`
}

// MarshalJSON encodes {"rate":..,"kinds":[..],"latency_ms":..,"every":..}.
func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsJSON{Rate: f.Rate, Kinds: f.Kinds, LatencyMS: f.Latency.Milliseconds(), Every: f.Every})
}

// UnmarshalJSON decodes {"rate":..,"kinds":[..],"latency_ms":..,"every":..}.
func (f *Faults) UnmarshalJSON(b []byte) error {
	var w faultsJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = Faults{Rate: w.Rate, Kinds: w.Kinds, Latency: time.Duration(w.LatencyMS) * time.Millisecond, Every: w.Every}
	return nil
}

// Validate reports a rate outside [0,1] or an unknown kind.
func (f Faults) Validate() error {
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("fault rate %v is not between 0 and 1", f.Rate)
	}
	for _, k := range f.Kinds {
		if !knownFault(k) {
			return fmt.Errorf("unknown fault kind %q (known: 429, 500, 502, 504, latency, drop_after_commit)", k)
		}
	}
	if f.Latency < 0 {
		return fmt.Errorf("fault latency %v is negative", f.Latency)
	}
	if f.Every < 0 {
		return fmt.Errorf("fault cadence every=%d is negative", f.Every)
	}
	return nil
}

func knownFault(k FaultKind) bool {
	for _, x := range AllFaultKinds {
		if x == k {
			return true
		}
	}
	return false
}

// failRule is one FailNext request.
type failRule struct {
	method     string // "" = any
	collection string // "" = any
	status     int
	n          int
	remote     bool
}

// faultInjector holds the random fault configuration and FailNext rules.
type faultInjector struct {
	mu    sync.Mutex
	rng   *rand.Rand
	cfg   Faults
	next  int // round-robin position in cfg.Kinds
	seen  int // API requests counted for cfg.Every
	queue []failRule
}

func newFaultInjector(seed int64) *faultInjector {
	return &faultInjector{rng: rand.New(rand.NewPCG(uint64(seed), 0xda942042e4dd58b5))}
}

func (f *faultInjector) set(cfg Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(cfg.Kinds) == 0 {
		cfg.Kinds = AllFaultKinds
	}
	cfg.Kinds = append([]FaultKind(nil), cfg.Kinds...)
	f.cfg = cfg
	f.next, f.seen = 0, 0
}

// pick decides whether this request gets a random fault, and which.
func (f *faultInjector) pick() FaultKind {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cfg.Every > 0 {
		if f.seen++; f.seen%f.cfg.Every != 0 {
			return ""
		}
	} else if f.cfg.Rate <= 0 || f.rng.Float64() >= f.cfg.Rate {
		return ""
	}
	k := f.cfg.Kinds[f.next%len(f.cfg.Kinds)]
	f.next++
	return k
}

// sleep waits for the latency fault; false when the client went away.
func (f *faultInjector) sleep(ctx context.Context) bool {
	f.mu.Lock()
	d := f.cfg.Latency
	f.mu.Unlock()
	if d <= 0 {
		d = defaultFaultLatency
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// probeFault is the fault of a capabilities or meta request: only with
// Every (random faults stay on requests that reach the CRM), and Truto's
// own answer, since the CRM is not involved. nil: serve the request.
func (f *faultInjector) probeFault(ctx context.Context) *response {
	f.mu.Lock()
	every := f.cfg.Every
	f.mu.Unlock()
	if every <= 0 {
		return nil
	}
	switch kind := f.pick(); kind {
	case FaultTooManyRequests:
		return failResponse(http.StatusTooManyRequests, false, "")
	case FaultInternal:
		return failResponse(http.StatusInternalServerError, false, "")
	case FaultBadGateway:
		return failResponse(http.StatusBadGateway, false, "")
	case FaultGatewayTimeout:
		return failResponse(http.StatusGatewayTimeout, false, "")
	case FaultLatency:
		f.sleep(ctx)
	}
	return nil // drop_after_commit commits nothing on a read: served
}

// failNext queues n one-shot failures for a method and a collection ("" =
// any).
func (f *faultInjector) failNext(method, collection string, status, n int, remote bool) {
	if n <= 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, failRule{method: strings.ToUpper(method), collection: collection, status: status, n: n, remote: remote})
}

// takeFailNext consumes the first queued failure that matches the method
// and the collection.
func (f *faultInjector) takeFailNext(method, collection, integration string) *response {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.queue {
		rule := &f.queue[i]
		if (rule.method != "" && rule.method != method) || (rule.collection != "" && rule.collection != collection) {
			continue
		}
		status, remote := rule.status, rule.remote
		rule.n--
		if rule.n == 0 { // rule then points at the next one
			f.queue = append(f.queue[:i], f.queue[i+1:]...)
		}
		return failResponse(status, remote, integration)
	}
	return nil
}

// faultResponse is the answer of a random status fault.
func faultResponse(kind FaultKind, integration string) *response {
	switch kind {
	case FaultTooManyRequests:
		return failResponse(http.StatusTooManyRequests, true, integration)
	case FaultInternal:
		return failResponse(http.StatusInternalServerError, false, integration)
	case FaultBadGateway:
		return failResponse(http.StatusBadGateway, false, integration)
	case FaultGatewayTimeout:
		return failResponse(http.StatusGatewayTimeout, false, integration)
	}
	return nil
}

// failResponse is a proper Truto error body for status. Truto's own errors
// (remote=false) use Truto's messages: 401 is the invalid-token answer, 404
// the plain "Integrated account not found", 503 the blocked account. With
// remote=true the error looks forwarded from the CRM (truto_is_remote_error
// and a vendor raw_response). Every 429 carries Retry-After: 1.
func failResponse(status int, remote bool, integration string) *response {
	var resp *response
	if remote {
		category, msg := "INTERNAL_ERROR", "the CRM answered "+reason(status)
		switch status {
		case 401:
			category, msg = "INVALID_AUTHENTICATION", "Authentication credentials not found or expired"
		case 403:
			category, msg = "MISSING_SCOPES", "The access token does not have the required scopes"
		case 404:
			category, msg = "OBJECT_NOT_FOUND", "resource not found"
		case 409:
			category, msg = "CONFLICT", "A record with this value already exists"
		case 422:
			category, msg = "VALIDATION_ERROR", "Property values were not valid"
		case 429:
			category, msg = "RATE_LIMITS", "You have reached your secondly limit."
		}
		resp = remoteError(status, msg, vendorError(integration, category, msg))
	} else {
		msg := reason(status)
		switch status {
		case 400:
			msg = "Bad request"
		case 401:
			resp = errUnauthorized()
		case 403:
			msg = "The API token does not have the required scopes"
		case 404:
			resp = errAccountNotFound()
		case 429:
			resp = errRateLimited()
		case 500:
			msg = "Internal server error"
		case 502:
			msg = "Bad gateway: the integration returned an invalid response"
		case 503:
			resp = errBlocked()
		case 504:
			msg = "Gateway timeout: the integration did not respond in time"
		}
		if resp == nil {
			resp = trutoError(status, msg)
		}
	}
	if status == http.StatusTooManyRequests {
		resp.header.Set("Retry-After", "1")
	}
	return resp
}

// dropConnection closes the client connection without an answer: hijacked
// and closed for HTTP/1.x; where hijacking is impossible (HTTP/2, a
// ResponseRecorder) the handler is aborted with http.ErrAbortHandler, which
// net/http turns into a reset.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}
