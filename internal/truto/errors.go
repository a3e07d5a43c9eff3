package truto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// APIError is a non-2xx answer from Truto (or, when IsRemoteError, from the CRM behind it).
// Every string in it comes from a response body with the API token already redacted.
type APIError struct {
	StatusCode    int             // HTTP status
	ErrorText     string          // body "error", e.g. "Bad Request"
	Message       string          // body "message" (or a snippet of a non-JSON body)
	IsRemoteError bool            // body "truto_is_remote_error": the CRM, not Truto, failed
	RawResponse   json.RawMessage // body "raw_response": the CRM's own error body
	Insight       *ErrorInsight   // body "truto_error_insight"
	Method        string          // e.g. "GET"
	Path          string          // e.g. "/unified/crm/accounts/123"; never the query or the token
	URL           string          // the base URL and Path, shown instead of Path when set; never the query
	Enveloped     bool            // the body was Truto's JSON error envelope (not a proxy's page, not another server)
	RequestID     string          // from x-request-id (or a similar header) when present
}

// ErrorInsight lists what Truto found missing; worth showing to the user verbatim.
type ErrorInsight struct {
	MissingRequiredBodyFields      []string `json:"missing_required_body_fields"`
	MissingRequiredQueryParameters []string `json:"missing_required_query_parameters"`
}

// Error reads like "truto: POST /unified/crm/accounts: 400 Bad Request: name is required
// (missing required body fields: name)": what Truto said, nothing more. What to check for a
// status is the provider's to word (Classify says which failure it was).
func (e *APIError) Error() string {
	var b strings.Builder
	where := e.Path
	if e.URL != "" {
		where = e.URL
	}
	fmt.Fprintf(&b, "truto: %s %s: %d %s", e.Method, where, e.StatusCode, e.statusText())
	if e.IsRemoteError {
		b.WriteString(": the CRM returned this error (passed on by Truto)")
	}
	msg := e.Message
	if msg == "" && len(e.RawResponse) > 0 {
		msg = snippet(e.RawResponse)
	}
	if msg != "" {
		b.WriteString(": " + msg)
	}
	if e.Insight != nil {
		if f := e.Insight.MissingRequiredBodyFields; len(f) > 0 {
			b.WriteString(" (missing required body fields: " + strings.Join(f, ", ") + ")")
		}
		if q := e.Insight.MissingRequiredQueryParameters; len(q) > 0 {
			b.WriteString(" (missing required query parameters: " + strings.Join(q, ", ") + ")")
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

func (e *APIError) statusText() string {
	if e.ErrorText != "" {
		return e.ErrorText
	}
	if t := http.StatusText(e.StatusCode); t != "" {
		return t
	}
	return "error"
}

// Failure is the kind of failure an error is, by what a user can do about it; the provider words
// the advice for each (one table, internal/record).
type Failure int

const (
	OtherFailure           Failure = iota // not an API error, or a status without a documented cause (400, 422, 5xx ...)
	TokenRejected                         // 401 from Truto: the API token
	CRMCredentialsRejected                // 401 from the CRM: the integrated account's connection
	Forbidden                             // 403: missing scopes
	AccountNotFound                       // Truto's 404 "Integrated account not found"
	NotTrutosAnswer                       // a 404 that is not Truto's JSON error: another server answered
	TrutoNotFound                         // another 404 from Truto itself: a path it does not serve
	CRMNotFound                           // the CRM's 404: the record is gone
	NotAllowed                            // 405: the integration or a read-only sandbox refuses the method
	Conflict                              // 409: a uniqueness rule of the CRM
	RateLimited                           // 429 after every retry
	AccountBlocked                        // 503: Truto blocked the integrated account
	failureEnd
)

// Failures lists every failure but OtherFailure, for tests that check each has its advice.
func Failures() []Failure {
	out := make([]Failure, 0, failureEnd-1)
	for f := OtherFailure + 1; f < failureEnd; f++ {
		out = append(out, f)
	}
	return out
}

// Classify says which failure err is (the APIError in its chain).
func Classify(err error) Failure {
	var e *APIError
	if !errors.As(err, &e) {
		return OtherFailure
	}
	switch e.StatusCode {
	case http.StatusUnauthorized:
		if e.IsRemoteError {
			return CRMCredentialsRejected
		}
		return TokenRejected
	case http.StatusForbidden:
		return Forbidden
	case http.StatusNotFound:
		switch {
		case e.IsRemoteError:
			return CRMNotFound
		case e.isAccountNotFound():
			return AccountNotFound
		case !e.Enveloped:
			return NotTrutosAnswer
		default:
			return TrutoNotFound
		}
	case http.StatusMethodNotAllowed:
		return NotAllowed
	case http.StatusConflict:
		return Conflict
	case http.StatusTooManyRequests:
		return RateLimited
	case http.StatusServiceUnavailable:
		return AccountBlocked
	}
	return OtherFailure
}

// IsCRMNotFound reports a 404 that the CRM itself returned (truto_is_remote_error): the record is
// gone. Only this 404 may remove a resource from state.
func IsCRMNotFound(err error) bool { return Classify(err) == CRMNotFound }

// isAccountNotFound: Truto's own 404 saying it does not know the integrated account.
func (e *APIError) isAccountNotFound() bool {
	return e.StatusCode == http.StatusNotFound && !e.IsRemoteError && e.Enveloped &&
		strings.Contains(strings.ToLower(e.Message), "integrated account")
}

// IsAccountNotFound reports Truto's 404 "Integrated account not found": the integrated account is
// not visible to this token (a wrong integrated_account_id, or a token of another environment).
func IsAccountNotFound(err error) bool { return Classify(err) == AccountNotFound }

// MethodNotServed reports Truto saying a method or route is not there for the integration: a 405,
// or its own 404 other than the integrated account's. The callers that act on it (a read falling
// back to the list, a batch-delete falling back to plain DELETEs) add what else they accept.
func MethodNotServed(err error) bool {
	f := Classify(err)
	return f == NotAllowed || f == TrutoNotFound
}

// IsTrutoNotFound reports a 404 from Truto itself: the integrated account or environment is not
// visible to this token. It is NOT a deleted record; treating it as one would make the next apply
// create a duplicate.
func IsTrutoNotFound(err error) bool {
	f := Classify(err)
	return f == AccountNotFound || f == NotTrutosAnswer || f == TrutoNotFound
}

// StatusCode returns the HTTP status of the APIError in err's chain, or 0.
func StatusCode(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// ErrOutcomeUnknown matches (errors.Is) every *OutcomeUnknownError.
var ErrOutcomeUnknown = errors.New("truto: outcome unknown")

// OutcomeUnknownError is returned by Create when a create may have happened although no success
// was seen: an attempt failed after the request may have reached the server (transport error,
// timeout, 500/502/504), or the 2xx response carried no readable id. Creating again could
// duplicate the record.
type OutcomeUnknownError struct {
	Collection     Collection
	Method, Path   string
	IdempotencyKey string
	Attempts       int
	Err            error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("truto: %s %s: outcome unknown after %d attempt(s): the %s may have been created in the CRM. "+
		"Retrying with the same Idempotency-Key (%s) is safe only within Truto's idempotency window, whose length is undocumented; "+
		"otherwise look the record up (list %s) or import it instead of creating it again. Last error: %v",
		e.Method, e.Path, e.Attempts, e.Collection.Noun, e.IdempotencyKey, e.Collection.Plural(), e.Err)
}

// Unwrap returns the last failure.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// NotProcessedError is returned by a write stopped (an interrupt, its deadline) before any attempt
// could have been processed: none was sent, or every one was refused unprocessed (a 429, a failed
// connection). Nothing changed in the CRM, so doing it again is safe.
type NotProcessedError struct {
	Method, URL string
	Attempts    int   // attempts sent (each refused unprocessed); 0: the request was never sent
	Err         error // ctx's error
	Last        error // the last attempt's failure, nil when none was sent
}

func (e *NotProcessedError) Error() string {
	nothing := map[string]string{http.MethodPost: "nothing was created", http.MethodDelete: "nothing was deleted"}[e.Method]
	if nothing == "" {
		nothing = "nothing was changed"
	}
	stopped := "interrupted"
	if !errors.Is(e.Err, context.Canceled) {
		stopped = "out of time"
	}
	if e.Attempts == 0 {
		return fmt.Sprintf("truto: %s %s: %s before the request was sent: %s (%v)", e.Method, e.URL, stopped, nothing, e.Err)
	}
	return fmt.Sprintf("truto: %s %s: %s after %d attempt(s) that Truto did not process: %s (%v; last failure: %v)",
		e.Method, e.URL, stopped, e.Attempts, nothing, e.Err, e.Last)
}

// Unwrap returns ctx's error and the last failure (errors.Is(err, context.Canceled) holds).
func (e *NotProcessedError) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Last}
}

// errorBody is Truto's error envelope. Message is raw because some layers send an array.
type errorBody struct {
	Error         string          `json:"error"`
	Message       json.RawMessage `json:"message"`
	IsRemoteError json.RawMessage `json:"truto_is_remote_error"`
	RawResponse   json.RawMessage `json:"raw_response"`
	Insight       json.RawMessage `json:"truto_error_insight"`
}

// newAPIError builds an APIError from a response whose body is already redacted. A body that is
// not Truto's JSON envelope (an HTML 502 from a proxy, say) becomes a short snippet.
func newAPIError(method, path string, status int, h http.Header, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path, RequestID: requestID(h)}
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil || !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		e.Message = snippet(body)
		return e
	}
	e.Enveloped = true
	e.ErrorText = eb.Error
	e.Message = messageText(eb.Message)
	e.IsRemoteError = isTrue(eb.IsRemoteError)
	if len(eb.RawResponse) > 0 && string(eb.RawResponse) != "null" {
		e.RawResponse = eb.RawResponse
	}
	var insight ErrorInsight
	if json.Unmarshal(eb.Insight, &insight) == nil &&
		(len(insight.MissingRequiredBodyFields) > 0 || len(insight.MissingRequiredQueryParameters) > 0) {
		e.Insight = &insight
	}
	return e
}

// messageText turns a string, an array of strings, or anything else into one line.
func messageText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return snippet(raw)
}

func isTrue(raw json.RawMessage) bool {
	v := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	return strings.EqualFold(v, "true")
}

// requestID returns a request id header, useful when contacting Truto support.
func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "X-Truto-Request-Id", "Request-Id", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return truncate(v, 100)
		}
	}
	return ""
}

const snippetLen = 200

// snippet makes a short single-line excerpt of a body: markup tags dropped, whitespace collapsed.
func snippet(b []byte) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if strings.HasPrefix(strings.TrimSpace(s), "<") {
		s = stripTags(s)
	}
	return truncate(strings.Join(strings.Fields(s), " "), snippetLen)
}

func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}

// redactor removes the API token, in the forms a server might echo it, from any text derived
// from a response or a transport error before it reaches an error or a log.
type redactor struct{ forms []string }

const redacted = "[REDACTED]"

func newRedactor(token string) redactor {
	forms := []string{token}
	add := func(s string) {
		for _, f := range forms {
			if f == s {
				return
			}
		}
		forms = append(forms, s)
	}
	if j, err := json.Marshal(token); err == nil {
		add(string(j[1 : len(j)-1])) // JSON-escaped
	}
	add(url.QueryEscape(token))
	add(url.PathEscape(token))
	return redactor{forms: forms}
}

func (r redactor) string(s string) string {
	for _, f := range r.forms {
		s = strings.ReplaceAll(s, f, redacted)
	}
	return s
}

func (r redactor) bytes(b []byte) []byte {
	for _, f := range r.forms {
		b = bytes.ReplaceAll(b, []byte(f), []byte(redacted))
	}
	return b
}

// redactedError hides the token in the text of an error it did not build (a transport error from
// a custom http.Client could quote anything) while keeping errors.Is/As working.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
