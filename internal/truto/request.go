package truto

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// maxResponseBytes bounds what is read from one response (list pages with remote_data can be
// large, but a misbehaving proxy must not exhaust memory).
const maxResponseBytes = 64 << 20

var errResponseTooLarge = fmt.Errorf("response body larger than %d MiB", maxResponseBytes>>20)

// request is one logical API call; do may send it several times.
type request struct {
	coll                Collection // what is being read or written, for messages
	method              string
	path                string // escaped, without the base URL or the query
	query               query
	body                []byte // nil: no body. Kept as bytes so every attempt re-sends it in full.
	integratedAccountID string
	idempotencyKey      string // POST and PATCH: the same key on every attempt
	mayCreate           bool   // report OutcomeUnknownError (Create)
	// Probes (capabilities, meta, field catalog) run at plan time, so they bound their retries:
	maxAttempts int           // 0: the client's MaxRetries+1; else at most this many (never more than the client's)
	probe       bool          // a 429 does not count toward maxAttempts (it was not processed and says when to come back), and the client's probeBudget bounds the whole call
	timeout     time.Duration // 0: the client's RequestTimeout; else at most this per attempt
}

// attemptLimit is how many attempts r may make (for a probe, not counting those answered 429).
func (c *Client) attemptLimit(r *request) int {
	n := c.maxRetries + 1
	if r.maxAttempts > 0 && r.maxAttempts < n {
		n = r.maxAttempts
	}
	return n
}

// response is a successful (2xx) answer.
type response struct {
	status   int
	header   http.Header
	body     []byte
	attempts int
}

// maxRefusedRetries bounds the retries of a refused connection: a server restarting comes back
// within a second or two, while a wrong base_url never does, and the plan's capabilities probe has
// usually said so already (plan and apply are separate processes, so the apply cannot know).
// Retrying it like other failures (8 retries, exponential backoff) cost a dead URL 96 s.
const maxRefusedRetries = 2

// attemptResult is the outcome of one attempt.
type attemptResult struct {
	resp      *response // nil after a transport error
	err       error     // nil on 2xx
	retryable bool
	unknown   bool   // the server may have processed the request
	refused   bool   // nothing listens at the base URL's host and port
	reason    string // why it failed, for the log
}

// do sends r, waiting for the shared rate limiters before every attempt and retrying per the
// retry table. It returns the 2xx response or the error of the last attempt.
func (c *Client) do(ctx context.Context, r *request) (*response, error) {
	if r.probe {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.probeBudget)
		defer cancel()
	}
	integratedAccount, token := c.limiters(r.integratedAccountID)
	maxAttempts := c.attemptLimit(r)
	var lastErr error
	unknown := false
	counted, refused := 0, 0 // attempts that count toward maxAttempts; connections refused
	for attempt := 1; ; attempt++ {
		begin := time.Now()
		started, err := acquire(ctx, integratedAccount, token)
		if err == nil && ctx.Err() != nil { // acquire does not look at ctx when a start is allowed at once
			releaseAll(integratedAccount, token)
			err = ctx.Err()
		}
		if err != nil {
			return nil, c.giveUp(r, attempt-1, unknown, err, lastErr)
		}
		res, fields := c.attempt(ctx, r, attempt)
		releaseAll(integratedAccount, token)
		fields["rate_limit_wait_ms"] = started.Sub(begin).Milliseconds()
		if res.resp != nil {
			c.adaptRateLimit(integratedAccount, res.resp.header, time.Now())
		}
		unknown = unknown || res.unknown
		if res.err == nil {
			c.log(ctx, fields)
			res.resp.attempts = attempt
			return res.resp, nil
		}
		lastErr = res.err
		if ctx.Err() != nil {
			c.log(ctx, fields)
			return nil, c.giveUp(r, attempt, unknown, ctx.Err(), lastErr)
		}
		if !r.probe || res.resp == nil || res.resp.status != http.StatusTooManyRequests {
			counted++
		}
		if res.refused {
			refused++
		}
		if !res.retryable || counted >= maxAttempts || attempt > c.maxRetries || refused > maxRefusedRetries {
			c.log(ctx, fields)
			return nil, c.wrapUnknown(r, attempt, unknown, res.err)
		}
		wait, block, why := c.retryWait(res, attempt, time.Now())
		if block > 0 {
			withLimiter(integratedAccount, func(l *limiter) { l.block(time.Now().Add(block)) })
		}
		fields["retry_in_ms"], fields["retry_reason"] = wait.Milliseconds(), why
		c.log(ctx, fields)
		if deadlineBefore(ctx, wait) {
			return nil, c.giveUp(r, attempt, unknown, fmt.Errorf("next attempt due in %s, after the deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded), lastErr)
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, c.giveUp(r, attempt, unknown, err, lastErr)
		}
	}
}

// attempt sends r once, with its own timeout, and classifies the result. It also returns the log
// fields of the attempt.
func (c *Client) attempt(ctx context.Context, r *request, n int) (attemptResult, map[string]any) {
	fields := map[string]any{
		"method": r.method, "path": r.path, "query": r.query.encode(),
		"attempt": n, "max_attempts": c.attemptLimit(r),
	}
	if r.idempotencyKey != "" {
		fields["idempotency_key"] = r.idempotencyKey
	}
	timeout := c.requestTimeout
	if r.timeout > 0 && r.timeout < timeout {
		timeout = r.timeout
	}
	actx, cancel := attemptContext(ctx, r.method, timeout)
	defer cancel()
	req, err := c.newHTTPRequest(actx, r)
	if err != nil {
		fields["error"] = c.redactor.string(err.Error())
		return attemptResult{err: err}, fields
	}
	fields["request_headers"] = loggableHeaders(req.Header)
	start := time.Now()
	status, header, body, err := c.send(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	fields["status"] = status
	var res attemptResult
	if err != nil {
		res = c.transportFailure(ctx, actx, r, err)
	} else {
		res = c.classify(r, status, header, body)
		if id := requestID(header); id != "" {
			fields["request_id"] = c.redactor.string(id)
		}
	}
	if res.err != nil {
		fields["error"] = res.err.Error()
	}
	return res, fields
}

// attemptContext bounds one attempt by the request timeout (and ctx's deadline). A write is not
// abandoned when ctx is cancelled while it is in flight: Terraform cancels every running call when
// the user interrupts an apply, and a POST the CRM already carried out would then be a record
// missing from state (a duplicate on the next apply); a PATCH or DELETE, state that no longer
// matches. Letting the attempt finish (it is bounded by the timeout) records what happened.
// Cancellation still stops every wait and every further attempt (see do).
func attemptContext(ctx context.Context, method string, timeout time.Duration) (context.Context, context.CancelFunc) {
	if method == http.MethodGet || method == http.MethodHead {
		return context.WithTimeout(ctx, timeout)
	}
	deadline := time.Now().Add(timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

// newHTTPRequest builds the HTTP request with a fresh body reader (a retry re-sends it in full).
func (c *Client) newHTTPRequest(ctx context.Context, r *request) (*http.Request, error) {
	u := c.baseURL + r.path
	if q := r.query.encode(); q != "" {
		u += "?" + q
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("truto: %s %s: building the request: %w", r.method, c.target(r), err)
	}
	req.Header.Set("Authorization", c.authorization)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	return req, nil
}

// send performs the request and reads the whole body (within the attempt's timeout). A failure
// while reading the body is a transport error: the status alone is not a trustworthy answer.
func (c *Client) send(req *http.Request) (int, http.Header, []byte, error) {
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err == nil && len(body) > maxResponseBytes {
		err = errResponseTooLarge
	}
	if err != nil {
		return resp.StatusCode, resp.Header, nil, fmt.Errorf("reading the response body: %w", err)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// classify turns an HTTP answer into an attempt result per the retry table.
func (c *Client) classify(r *request, status int, h http.Header, body []byte) attemptResult {
	if status >= 200 && status < 300 {
		return attemptResult{resp: &response{status: status, header: h, body: body}}
	}
	apiErr := newAPIError(r.method, r.path, status, h, c.redactor.bytes(body))
	apiErr.URL = c.target(r)
	apiErr.RequestID = c.redactor.string(apiErr.RequestID)
	retryable, unknown := statusPolicy(status)
	return attemptResult{
		resp:      &response{status: status, header: h},
		err:       apiErr,
		retryable: retryable,
		unknown:   unknown,
		reason:    fmt.Sprintf("HTTP %d", status),
	}
}

// transportFailure classifies an error where no complete response arrived.
func (c *Client) transportFailure(ctx, attemptCtx context.Context, r *request, err error) attemptResult {
	reason := "transport error"
	msg := fmt.Sprintf("truto: %s %s: request failed: %v", r.method, c.target(r), err)
	if ctx.Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
		reason = "per-attempt timeout"
		msg = fmt.Sprintf("truto: %s %s: no complete response within %s (per-attempt timeout): %v", r.method, c.target(r), c.requestTimeout, err)
	}
	return attemptResult{
		err:       &redactedError{msg: c.redactor.string(msg), err: err},
		retryable: isRetryableTransportError(err),
		unknown:   !isPreSendError(err),
		refused:   IsConnectionRefused(err),
		reason:    reason,
	}
}

// giveUp builds the error returned when ctx ends (or its deadline is too close) between or during
// attempts: ctx's error, wrapped together with the last failure.
func (c *Client) giveUp(r *request, attempts int, unknown bool, cause, last error) error {
	if !unknown && r.method != http.MethodGet && r.method != http.MethodHead {
		return &NotProcessedError{Method: r.method, URL: c.target(r), Attempts: attempts, Err: cause, Last: last}
	}
	var err error
	if last == nil {
		err = fmt.Errorf("truto: %s %s: %w", r.method, c.target(r), cause)
	} else {
		err = fmt.Errorf("truto: %s %s: stopped after %d attempt(s): %w; last failure: %w", r.method, c.target(r), attempts, cause, last)
	}
	return c.wrapUnknown(r, attempts, unknown, err)
}

// wrapUnknown turns err into an *OutcomeUnknownError for a create if any attempt may have been
// processed. An *APIError stays reachable through errors.As.
func (c *Client) wrapUnknown(r *request, attempts int, unknown bool, err error) error {
	if !r.mayCreate || !unknown {
		return err
	}
	return &OutcomeUnknownError{Collection: r.coll, Method: r.method, Path: r.path, IdempotencyKey: r.idempotencyKey, Attempts: attempts, Err: err}
}

// target is the URL r is sent to, without the query, for messages: the base URL's own path shows
// (a base_url ending in /unified is then visible as /unified/unified/...). It never holds the
// token, which travels in the Authorization header only.
func (c *Client) target(r *request) string { return c.baseURL + r.path }

// deadlineBefore reports whether ctx's deadline passes before wait elapses: giving up at once
// beats sleeping only to fail.
func deadlineBefore(ctx context.Context, wait time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Now().Add(wait).After(dl)
}

// log emits one debug line; every string field is redacted once more as a last defence.
func (c *Client) log(ctx context.Context, fields map[string]any) {
	if c.logger == nil {
		return
	}
	for k, v := range fields {
		if s, ok := v.(string); ok {
			fields[k] = c.redactor.string(s)
		}
	}
	c.logger.Debug(ctx, "truto API request", fields)
}

// loggableHeaders returns the request headers with Authorization redacted.
func loggableHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k := range h {
		out[k] = h.Get(k)
	}
	if _, ok := out["Authorization"]; ok {
		out["Authorization"] = "Bearer " + redacted
	}
	return out
}
