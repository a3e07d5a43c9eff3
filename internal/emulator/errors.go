package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// response is a fully buffered HTTP response. Handlers build one instead of
// writing to the connection so that it can be cached for Idempotency-Key
// replays and thrown away when a drop_after_commit fault hits.
type response struct {
	status int
	header http.Header
	body   []byte // nil = no body (204)
}

// jsonResponse encodes v as the JSON body of a response with the given status.
func jsonResponse(status int, v any) *response {
	b, err := json.Marshal(v)
	if err != nil {
		// Only values built by the emulator itself are encoded; failing here
		// is a programming error that must not be hidden as a 200.
		b = []byte(`{"statusCode":500,"error":"Internal Server Error","message":"emulator: cannot encode response"}`)
		status = http.StatusInternalServerError
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &response{status: status, header: h, body: append(b, '\n')}
}

// noContent is a 204 with no body.
func noContent() *response {
	return &response{status: http.StatusNoContent, header: http.Header{}}
}

// write sends the response. Headers already set on w (rate-limit headers)
// are kept.
func (resp *response) write(w http.ResponseWriter) {
	for k, vs := range resp.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if resp.body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if resp.body != nil {
		_, _ = w.Write(resp.body)
	}
}

// clone returns a copy that can be written independently (used for replays).
func (resp *response) clone() *response {
	c := &response{status: resp.status, header: resp.header.Clone()}
	if resp.body != nil {
		c.body = append([]byte(nil), resp.body...)
	}
	return c
}

// apiError is the Truto error body:
//
//	{"statusCode":400,"error":"Bad Request","message":"..."}
//
// Errors that the CRM produced also carry "truto_is_remote_error": true and
// the vendor's body in "raw_response". Unified validation errors may carry a
// "truto_error_insight" object.
type apiError struct {
	StatusCode  int            `json:"statusCode"`
	Error       string         `json:"error"`
	Message     string         `json:"message"`
	Remote      bool           `json:"truto_is_remote_error,omitempty"`
	RawResponse map[string]any `json:"raw_response,omitempty"`
	Insight     *errorInsight  `json:"truto_error_insight,omitempty"`
}

// errorInsight is Truto's truto_error_insight object.
type errorInsight struct {
	MissingBodyFields  []string `json:"missing_required_body_fields,omitempty"`
	MissingQueryParams []string `json:"missing_required_query_parameters,omitempty"`
}

// reason is the HTTP reason phrase used in the "error" member.
func reason(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}

// trutoError is an error produced by Truto itself (no truto_is_remote_error).
func trutoError(status int, message string) *response {
	return jsonResponse(status, apiError{StatusCode: status, Error: reason(status), Message: message})
}

// insightError is a unified validation error (400) with truto_error_insight.
func insightError(message string, insight errorInsight) *response {
	status := http.StatusBadRequest
	return jsonResponse(status, apiError{StatusCode: status, Error: reason(status), Message: message, Insight: &insight})
}

// remoteError is an error the CRM returned, forwarded by Truto: it carries
// truto_is_remote_error and the vendor's raw body.
func remoteError(status int, message string, raw map[string]any) *response {
	return jsonResponse(status, apiError{StatusCode: status, Error: reason(status), Message: message, Remote: true, RawResponse: raw})
}

// Well-known error responses.
func errUnauthorized() *response { return trutoError(http.StatusUnauthorized, "Invalid API token") }

func errAccountNotFound() *response {
	return trutoError(http.StatusNotFound, "Integrated account not found")
}

func errMissingAccountID() *response {
	return insightError("integrated_account_id is required",
		errorInsight{MissingQueryParams: []string{"integrated_account_id"}})
}

func errRateLimited() *response {
	return trutoError(http.StatusTooManyRequests, "Rate limit exceeded")
}

func errBlocked() *response {
	return trutoError(http.StatusServiceUnavailable,
		"Integrated account is blocked: the connected CRM rejected its credentials, reconnect it")
}
