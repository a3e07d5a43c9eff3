package truto

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is Truto's public API endpoint.
const DefaultBaseURL = "https://api.truto.one"

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "terraform-provider-truto/dev"

const (
	defaultRequestTimeout = 60 * time.Second
	defaultMaxRetries     = 8
	defaultMaxRetryWait   = 60 * time.Second
	defaultBackoffBase    = 500 * time.Millisecond
)

// Truto's documented limits (conventions notes): 50 requests / 10 s per integrated account and
// 500 requests / 10 s per API token.
var (
	defaultIntegratedAccountRateLimit = RateLimit{Requests: 50, Per: 10 * time.Second}
	defaultTokenRateLimit             = RateLimit{Requests: 500, Per: 10 * time.Second}
)

// Config configures a Client. Only Token is required; zero values take the documented defaults.
type Config struct {
	// BaseURL defaults to DefaultBaseURL. http:// is refused unless the host is loopback
	// (127.0.0.0/8, ::1, localhost), so a token is never sent in clear text over a network.
	BaseURL string
	// Token is the Truto API token, sent as "Authorization: Bearer <token>". Required.
	Token string
	// UserAgent, e.g. "terraform-provider-truto/1.2.3"; defaults to DefaultUserAgent.
	UserAgent string
	// HTTPClient is optional; by default a client with its own pooled transport is used.
	HTTPClient *http.Client
	// RequestTimeout bounds each attempt (not the whole call); default 60s.
	RequestTimeout time.Duration
	// MaxRetries is the number of retries after the first attempt; default 8; 0 = use the
	// default, negative = no retries.
	MaxRetries int
	// MaxRetryWait caps any single wait (Retry-After, backoff, rate-limit block); default 60s.
	MaxRetryWait time.Duration
	// IntegratedAccountRateLimit applies per integrated account; default 50 requests per 10s.
	IntegratedAccountRateLimit RateLimit
	// TokenRateLimit applies per API token; default 500 requests per 10s.
	TokenRateLimit RateLimit
	// Logger receives one debug line per attempt; nil disables logging.
	Logger Logger
	// BatchReads serves Read from list pages when many records of one collection are read at once
	// (see Read).
	BatchReads bool
}

// Logger receives debug lines. The provider adapts it to tflog. Fields never contain the token.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the Truto API. It is safe for concurrent use.
type Client struct {
	baseURL               string // scheme://host[/prefix] without a trailing slash
	tokenKey              string // sha256 of the token: identifies the token in the limiter registry
	authorization         string
	userAgent             string
	httpClient            *http.Client
	requestTimeout        time.Duration
	maxRetries            int // >= 0
	maxRetryWait          time.Duration
	backoffBase           time.Duration // 500ms; tests shorten it
	probeBudget           time.Duration // 30s; tests shorten it
	integratedAccountRate RateLimit
	tokenRate             RateLimit
	logger                Logger
	redactor              redactor
	batch                 *batchReader
	deletes               deleteBatcher
}

// New validates cfg and returns a Client. Errors name the offending Config field.
func New(cfg Config) (*Client, error) {
	if err := validateToken(cfg.Token); err != nil {
		return nil, err
	}
	base, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	integratedAccountRate, err := cfg.IntegratedAccountRateLimit.resolve("IntegratedAccountRateLimit", defaultIntegratedAccountRateLimit)
	if err != nil {
		return nil, err
	}
	tokenRate, err := cfg.TokenRateLimit.resolve("TokenRateLimit", defaultTokenRateLimit)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(cfg.Token))
	return &Client{
		batch:                 &batchReader{batched: cfg.BatchReads, scans: map[scanKey]*scan{}},
		baseURL:               base,
		tokenKey:              hex.EncodeToString(sum[:]),
		authorization:         "Bearer " + cfg.Token,
		userAgent:             orDefault(cfg.UserAgent, DefaultUserAgent),
		httpClient:            orDefaultHTTPClient(cfg.HTTPClient),
		requestTimeout:        positiveOr(cfg.RequestTimeout, defaultRequestTimeout),
		maxRetries:            resolveRetries(cfg.MaxRetries),
		maxRetryWait:          positiveOr(cfg.MaxRetryWait, defaultMaxRetryWait),
		backoffBase:           defaultBackoffBase,
		probeBudget:           defaultProbeBudget,
		integratedAccountRate: integratedAccountRate,
		tokenRate:             tokenRate,
		logger:                cfg.Logger,
		redactor:              newRedactor(cfg.Token),
	}, nil
}

// TokenError is a token New refuses. Reason completes a sentence about the token ("is required"),
// so a caller can word it with its own name for the setting. It never contains the token.
type TokenError struct{ Reason string }

func (e *TokenError) Error() string { return "truto: Config.Token " + e.Reason }

// validateToken refuses an empty token and one that would break (or inject into) the
// Authorization header.
func validateToken(token string) error {
	if token == "" {
		return &TokenError{Reason: "is required (a Truto API token)"}
	}
	for _, r := range token {
		if r <= ' ' || r == 0x7f {
			return &TokenError{Reason: "contains whitespace or control characters; check how it was copied"}
		}
	}
	return nil
}

// BaseURLError is a base URL New refuses. Reason completes a sentence about the URL ("must use
// https"), so a caller can word it with its own name for the setting.
type BaseURLError struct {
	URL    string // as given, credentials redacted
	Reason string
}

func (e *BaseURLError) Error() string {
	return fmt.Sprintf("truto: Config.BaseURL %q %s", e.URL, e.Reason)
}

// normalizeBaseURL checks the base URL and returns it without a trailing slash.
func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		return DefaultBaseURL, nil
	}
	refuse := func(shown, reason string) (string, error) { return "", &BaseURLError{URL: shown, Reason: reason} }
	u, err := url.Parse(raw)
	if err != nil {
		return refuse(raw, "is not a valid URL: "+urlParseProblem(err))
	}
	if u.User != nil {
		// Credentials in the URL would end up in error messages and logs.
		return refuse(u.Redacted(), "must not contain credentials: the API token is passed separately")
	}
	if u.Host == "" || u.Opaque != "" {
		return refuse(raw, "must be an absolute URL such as "+DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return refuse(raw, "must not have a query string or fragment")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return refuse(raw, "must use https: http:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost), "+
				"because the API token would travel in clear text")
		}
	default:
		return refuse(raw, "must use https")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// urlParseProblem is what url.Parse found wrong, without its "parse <url>:" prefix (the URL is
// shown once, by the caller).
func urlParseProblem(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// isLoopbackHost reports whether host is localhost or a loopback IP (127.0.0.0/8, ::1).
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// orDefaultHTTPClient returns c or a client whose transport keeps enough idle connections per
// host for Terraform's default -parallelism=10 (the stdlib default keeps only 2).
func orDefaultHTTPClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by someone else: use it as is
		return &http.Client{}
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: t}
}

func resolveRetries(n int) int {
	switch {
	case n == 0:
		return defaultMaxRetries
	case n < 0:
		return 0
	default:
		return n
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func positiveOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// newIdempotencyKey returns a random UUIDv4. One key is used for every attempt of one logical
// POST or PATCH, so Truto can answer a retry with the cached response instead of acting twice.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // crypto/rand.Read never returns an error (it aborts the process instead)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
