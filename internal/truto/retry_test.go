package truto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every status the reference marks "no retry" is sent exactly once, and a create rejected this
// way is a plain *APIError, not an unknown outcome.
func TestNoRetryStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 405, 409, 418, 422, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
				w.Header().Set("Retry-After", "0")
				writeJSON(w, status, fmt.Sprintf(`{"statusCode":%d,"error":"E","message":"no"}`, status))
			})
			c := newTestClient(t, srv, nil)

			_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
				t.Fatalf("create: want *APIError %d, got %v", status, err)
			}
			if errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("create: a definitive %d must not be an unknown outcome: %v", status, err)
			}
			_, err = c.Get(context.Background(), accounts, c.opts, "x")
			if StatusCode(err) != status {
				t.Errorf("get: StatusCode = %d, want %d", StatusCode(err), status)
			}
			if n := srv.count(); n != 2 {
				t.Errorf("requests = %d, want exactly 1 per call (2)", n)
			}
			assertErrClean(t, err)
		})
	}
}

// retryThenOK answers the first `fails` requests with fail, then 200 with an account.
func retryThenOK(t *testing.T, fails int, fail func(w http.ResponseWriter)) *testServer {
	return newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n <= fails {
			fail(w)
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
}

func gap(reqs []recorded, i int) time.Duration { return reqs[i].At.Sub(reqs[i-1].At) }

func TestRetry429RetryAfterSeconds(t *testing.T) {
	t.Parallel()
	srv := retryThenOK(t, 1, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"slow down"}`)
	})
	c := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("requests = %d, want 2", len(reqs))
	}
	if g := gap(reqs, 1); g < time.Second {
		t.Errorf("retried after %s, before the 1s Retry-After", g)
	}
}

func TestRetry429RetryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var notBefore time.Time
	srv := retryThenOK(t, 1, func(w http.ResponseWriter) {
		mu.Lock()
		notBefore = time.Now().Add(1500 * time.Millisecond).Truncate(time.Second) // what the header can say
		mu.Unlock()
		w.Header().Set("Retry-After", notBefore.UTC().Format(http.TimeFormat))
		writeJSON(w, 429, `{"statusCode":429}`)
	})
	c := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("requests = %d, want 2", len(reqs))
	}
	mu.Lock()
	defer mu.Unlock()
	if reqs[1].At.Before(notBefore) {
		t.Errorf("retried at %s, before the Retry-After date %s", reqs[1].At, notBefore)
	}
}

func TestRetry429RateLimitResetOnly(t *testing.T) {
	t.Parallel()
	srv := retryThenOK(t, 1, func(w http.ResponseWriter) {
		w.Header().Set("Ratelimit-Reset", "1")
		writeJSON(w, 429, `{"statusCode":429}`)
	})
	c := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 || gap(reqs, 1) < time.Second {
		t.Fatalf("want 2 requests 1s apart, got %d", len(reqs))
	}
}

func TestRetry429NoHeadersBacksOff(t *testing.T) {
	t.Parallel()
	srv := retryThenOK(t, 2, func(w http.ResponseWriter) { writeJSON(w, 429, `{}`) })
	c := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}

func TestRetryWaitIsCapped(t *testing.T) {
	t.Parallel()
	srv := retryThenOK(t, 1, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "100")
		writeJSON(w, 429, `{}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetryWait = 200 * time.Millisecond })
	start := time.Now()
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 200*time.Millisecond || el > 2*time.Second {
		t.Errorf("took %s, want about MaxRetryWait (200ms)", el)
	}
}

func TestRetry5xxThenSuccess(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			srv := retryThenOK(t, 2, func(w http.ResponseWriter) { writeJSON(w, status, `{"statusCode":0}`) })
			c := newTestClient(t, srv, nil)
			got, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != "acc-1" || srv.count() != 3 {
				t.Errorf("id %q after %d requests, want acc-1 after 3", got.ID, srv.count())
			}
		})
	}
}

func TestRetryTransportError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
}

func TestRetryPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		if n == 1 {
			select { // hang until the client gives up on this attempt
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.RequestTimeout = 150 * time.Millisecond })
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
}

// One key per logical POST/PATCH, the same on every attempt; none on GET and DELETE.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n%2 == 1 && n <= 6 { // each of the first three calls fails once
			writeJSON(w, 502, `{}`)
			return
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	for range 2 {
		if _, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Update(ctx, accounts, c.opts, "acc-1", rec("name", "Acme 2")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, accounts, c.opts, "acc-1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	key := func(i int) string { return reqs[i].Header.Get("Idempotency-Key") }
	for _, pair := range [][2]int{{0, 1}, {2, 3}, {4, 5}} {
		if key(pair[0]) == "" || key(pair[0]) != key(pair[1]) {
			t.Errorf("attempts %v of one call: keys %q and %q, want the same non-empty key", pair, key(pair[0]), key(pair[1]))
		}
	}
	if key(0) == key(2) {
		t.Error("two creates share an idempotency key")
	}
	if reqs[4].Method != http.MethodPatch {
		t.Errorf("update used %s, want PATCH", reqs[4].Method)
	}
	if key(6) != "" || key(7) != "" {
		t.Error("GET/DELETE must not send an Idempotency-Key")
	}
}

// The server commits the create, then the connection drops before the answer; the retry with the
// same key gets the cached response and no duplicate is made.
func TestCreateCommittedThenDroppedIsRecovered(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	byKey := map[string]string{} // idempotency key -> created id
	created := 0
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		mu.Lock()
		key := r.Header.Get("Idempotency-Key")
		id, seen := byKey[key]
		if !seen {
			created++
			id = fmt.Sprintf("acc-%d", created)
			byKey[key] = id
		}
		mu.Unlock()
		if n == 1 {
			dropConnection(t, w) // committed, but the client never hears
			return
		}
		writeJSON(w, http.StatusCreated, fmt.Sprintf(`{"id":%q,"name":"Acme"}`, id))
	})
	c := newTestClient(t, srv, nil)
	got, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got.ID != "acc-1" || created != 1 || srv.count() != 2 {
		t.Errorf("id %q, %d records, %d requests; want acc-1, 1 record, 2 requests", got.ID, created, srv.count())
	}
}

// assertOutcomeUnknown checks err is a complete unknown-outcome error and returns its key.
func assertOutcomeUnknown(t *testing.T, err error, attempts int) (idempotencyKey string) {
	t.Helper()
	var ou *OutcomeUnknownError
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.As(err, &ou) {
		t.Fatalf("want an unknown outcome, got %v", err)
	}
	if ou.Attempts != attempts || ou.IdempotencyKey == "" || ou.Method != "POST" || ou.Path != "/unified/crm/accounts" {
		t.Errorf("OutcomeUnknownError = %+v", ou)
	}
	for _, want := range []string{"may have been created", "same Idempotency-Key", "import"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	assertErrClean(t, err)
	return ou.IdempotencyKey
}

func TestOutcomeUnknownAfter502s(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 502, `{"statusCode":502,"error":"Bad Gateway","message":"upstream reset"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	key := assertOutcomeUnknown(t, err, 3)
	if StatusCode(err) != 502 {
		t.Errorf("the APIError must stay reachable: StatusCode = %d", StatusCode(err))
	}
	reqs := srv.requests()
	if len(reqs) != 3 || reqs[2].Header.Get("Idempotency-Key") != key {
		t.Errorf("%d requests; the key in the error must be the one sent", len(reqs))
	}
}

func TestOutcomeUnknownAfterConnectionDrops(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { dropConnection(t, w) })
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	assertOutcomeUnknown(t, err, 2)
}

// A 429 means the request was not processed: exhausted 429s are a plain APIError.
func TestExhausted429IsNotUnknown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "0")
		writeJSON(w, 429, `{"statusCode":429,"error":"Too Many Requests","message":"rate limited"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("want a plain 429 APIError, got %v", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}

// A refused connection proves nothing was sent: not an unknown outcome either.
func TestConnectionRefusedIsNotUnknown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(http.ResponseWriter, *http.Request, int, []byte) {})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 1; cfg.HTTPClient = nil })
	srv.Close()
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("want a known failure, got %v", err)
	}
	assertErrClean(t, err)
}

func TestContextCancelStopsWaiting(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, `{"statusCode":429,"message":"slow down"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetryWait = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Get(ctx, accounts, c.opts, "acc-1")
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("returned after %s; cancellation must stop the wait", el)
	}
	if !errors.Is(err, context.Canceled) || StatusCode(err) != 429 {
		t.Errorf("want context.Canceled wrapped with the last 429, got %v", err)
	}
	if srv.count() != 1 {
		t.Errorf("requests = %d, want 1", srv.count())
	}
}

func TestContextDeadlineBeforeNextAttempt(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "20")
		writeJSON(w, 429, `{}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetryWait = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, accounts, c.opts, "acc-1")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("want an immediate DeadlineExceeded, got %v after %s", err, time.Since(start))
	}
}

// A create whose wait is cancelled after a 502 may exist: unknown outcome, wrapping ctx's error.
func TestContextCancelAfter502IsUnknown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 502, `{}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetryWait = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	assertOutcomeUnknown(t, err, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled in the chain: %v", err)
	}
}

// Every attempt carries the whole body, including after an attempt that read only part of it.
func TestRetryResendsBodyInFull(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		switch n {
		case 1:
			writeJSON(w, 502, `{}`)
		case 2:
			dropConnection(t, w)
		default:
			writeJSON(w, http.StatusOK, accountJSON)
		}
	})
	c := newTestClient(t, srv, nil)
	in := rec("name", "Acme", "description", strings.Repeat("long text ", 5000))
	if _, err := c.Update(context.Background(), accounts, c.opts, "acc-1", in); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(in)
	reqs := srv.requests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3", len(reqs))
	}
	for i, r := range reqs {
		if string(r.Body) != string(want) {
			t.Errorf("attempt %d sent %d bytes, want the full %d", i+1, len(r.Body), len(want))
		}
	}
}

// A DELETE retried after a 502 still reports the CRM's 404 (the caller decides it means gone).
func TestDeleteRetriedThenCRMNotFound(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			writeJSON(w, 502, `{}`)
			return
		}
		writeJSON(w, 404, `{"statusCode":404,"error":"Not Found","message":"gone","truto_is_remote_error":true}`)
	})
	c := newTestClient(t, srv, nil)
	err := c.Delete(context.Background(), accounts, c.opts, "acc-1")
	if !IsCRMNotFound(err) || srv.count() != 2 {
		t.Errorf("want a CRM 404 after 2 requests, got %v after %d", err, srv.count())
	}
}

func TestNoRetriesWhenNegative(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 500, `{}`) })
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = -1 })
	if _, err := c.Get(context.Background(), accounts, c.opts, "acc-1"); StatusCode(err) != 500 || srv.count() != 1 {
		t.Errorf("want one 500, got %v after %d requests", err, srv.count())
	}
}

func TestBackoffGrowsWithEqualJitterAndCap(t *testing.T) {
	t.Parallel()
	c := &Client{backoffBase: 500 * time.Millisecond, maxRetryWait: 60 * time.Second}
	for _, tc := range []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 250 * time.Millisecond, 500 * time.Millisecond},
		{2, 500 * time.Millisecond, time.Second},
		{4, 2 * time.Second, 4 * time.Second},
		{12, 30 * time.Second, 60 * time.Second},
		{100, 30 * time.Second, 60 * time.Second},
	} {
		for range 50 {
			if d := c.backoff(tc.attempt); d < tc.min || d > tc.max {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", tc.attempt, d, tc.min, tc.max)
			}
		}
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{" 2.5 ", 2500 * time.Millisecond, true},
		{now.Add(3 * time.Second).Format(http.TimeFormat), 3 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
	} {
		got, ok := retryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// A server-given wait gets 0-10% jitter on top, never less, and is capped.
func TestServerWaitJitter(t *testing.T) {
	t.Parallel()
	c := &Client{backoffBase: time.Millisecond, maxRetryWait: 60 * time.Second}
	h := http.Header{}
	h.Set("Retry-After", "10")
	res := attemptResult{resp: &response{status: 429, header: h}, reason: "HTTP 429"}
	for range 100 {
		wait, block, why := c.retryWait(res, 1, time.Now())
		if wait < 10*time.Second || wait > 11*time.Second || block != 10*time.Second || !strings.Contains(why, "Retry-After") {
			t.Fatalf("wait %s block %s (%s)", wait, block, why)
		}
	}
	c.maxRetryWait = 3 * time.Second
	if wait, block, _ := c.retryWait(res, 1, time.Now()); wait != 3*time.Second || block != 3*time.Second {
		t.Errorf("capped: wait %s block %s, want 3s", wait, block)
	}
}

// A definitive rejection after an attempt whose outcome is unknown does not prove the first
// attempt did nothing (a 409 may even be the duplicate it created): still an unknown outcome,
// with the APIError reachable.
func TestRejectionAfterUnknownAttemptStaysUnknown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) {
		if n == 1 {
			writeJSON(w, 502, `{}`)
			return
		}
		writeJSON(w, 409, `{"statusCode":409,"error":"Conflict","message":"an account with this name exists","truto_is_remote_error":true}`)
	})
	c := newTestClient(t, srv, nil)
	_, err := c.Create(context.Background(), accounts, c.opts, rec("name", "Acme"))
	assertOutcomeUnknown(t, err, 2)
	if StatusCode(err) != 409 {
		t.Errorf("StatusCode = %d, want the final 409", StatusCode(err))
	}
}

// A refused connection is retried twice, not for minutes: nothing listens at the base URL.
func TestRefusedConnectionRetriedBriefly(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	_ = l.Close() // nothing listens there any more
	logger := &captureLogger{}
	c, err := New(Config{BaseURL: dead, Token: "secret-token", MaxRetries: 8, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	c.backoffBase = 5 * time.Millisecond
	_, err = c.Get(context.Background(), accounts, RequestOptions{IntegratedAccountID: "ia"}, "acc-1")
	if !IsConnectionRefused(err) || !strings.Contains(err.Error(), dead+"/unified/crm/accounts/acc-1") {
		t.Fatalf("err = %v, want a refused connection to the full URL", err)
	}
	if n := len(logger.all()); n != 3 {
		t.Errorf("%d attempts, want 3 (two retries)", n)
	}
}
