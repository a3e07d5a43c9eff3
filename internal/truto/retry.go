package truto

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// statusPolicy applies the reference's retry table to a non-2xx status. unknown reports whether
// the request may nevertheless have been processed (so a create may exist).
//
//	429            retry; not processed (rate limited before any work)
//	500, 502, 504  retry; outcome unknown (Truto or the CRM may have acted)
//	anything else  no retry: 400 401 403 404 405 409 422, and 503 (integrated account blocked)
func statusPolicy(status int) (retryable, unknown bool) {
	switch status {
	case http.StatusTooManyRequests:
		return true, false
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true, true
	default:
		return false, false
	}
}

// retryWait returns how long to wait before the next attempt, how long to block the account's
// limiter (429 only, so every goroutine backs off), and why.
//
// A 429 waits Retry-After (seconds or HTTP date), else ratelimit-reset, else backoff; a 5xx waits
// Retry-After when given, else backoff. A server-given wait gets 0-10% jitter on top (never less
// than asked). Every wait is capped at MaxRetryWait.
func (c *Client) retryWait(res attemptResult, attempt int, now time.Time) (wait, block time.Duration, why string) {
	if res.resp != nil {
		is429 := res.resp.status == http.StatusTooManyRequests
		if d, src, ok := serverDelay(res.resp.header, is429, now); ok {
			d = min(d, c.maxRetryWait)
			wait = min(d+jitterUp(d), c.maxRetryWait)
			if is429 {
				block = d
			}
			return wait, block, res.reason + ", waiting per " + src
		}
		wait = c.backoff(attempt)
		if is429 {
			block = wait
		}
		return wait, block, res.reason + ", exponential backoff"
	}
	return c.backoff(attempt), 0, res.reason + ", exponential backoff"
}

// backoff is exponential from backoffBase (500ms) with equal jitter: half fixed, half random, so
// parallel retries spread out but never retry instantly.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.maxRetryWait
	if shift := attempt - 1; shift < 30 {
		d = min(c.backoffBase<<shift, c.maxRetryWait)
	}
	half := d / 2
	return half + rand.N(half+1)
}

// jitterUp returns a random 0-10% of d.
func jitterUp(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d/10 + 1)
}

// serverDelay reads the wait the server asked for: Retry-After, and for a 429 also
// ratelimit-reset. src names the header used.
func serverDelay(h http.Header, useReset bool, now time.Time) (d time.Duration, src string, ok bool) {
	if d, ok := retryAfter(h.Get("Retry-After"), now); ok {
		return d, "Retry-After", true
	}
	if useReset {
		if d, ok := rateLimitReset(h, now); ok {
			return d, "ratelimit-reset", true
		}
	}
	return 0, "", false
}

// retryAfter parses Retry-After as delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) {
			return 0, false
		}
		return secondsToDuration(secs), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// isPreSendError reports errors that prove the request never reached the server (it could not
// connect), so even a create is known not to have happened. Anything else is treated as
// "possibly sent": that is the safe assumption for duplicates.
func isPreSendError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || isTLSSetupError(err)
}

// isRetryableTransportError: connection resets, refusals, EOFs and timeouts are worth retrying;
// certificate problems, unknown hosts and oversized responses will not fix themselves.
func isRetryableTransportError(err error) bool {
	if errors.Is(err, errResponseTooLarge) || isTLSSetupError(err) {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false
	}
	return true
}

// IsConnectionRefused reports that nothing accepted the connection at the base URL's host and
// port: a wrong base_url (or a server that is down).
func IsConnectionRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// IsUnknownHost reports that the base URL's host name does not resolve.
func IsUnknownHost(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

func isTLSSetupError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &unknown) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}
