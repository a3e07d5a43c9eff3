package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// This file counts and logs API requests: every request to a collection
// route (/unified/crm/{collection}..., meta included) or under
// /integrated-account/, whatever its answer.

// maxLoggedRequests bounds RequestLog.
const maxLoggedRequests = 10000

// LoggedRequest is one API request as RequestLog reports it.
type LoggedRequest struct {
	Method string     `json:"method"`
	Path   string     `json:"path"` // unescaped, e.g. "/unified/crm/engagements/123"
	Query  url.Values `json:"query"`
	// Status is the answer's status code; 0 while the request is being
	// served, or when its connection was dropped (drop_after_commit).
	Status int `json:"status"`
	// BodyKeys are the top-level keys of a record write's JSON body (POST
	// and PATCH of a collection's records), sorted: what was sent.
	BodyKeys []string `json:"body_keys,omitempty"`
	// CustomFieldKeys are the keys of that body's custom_fields object,
	// sorted (a key sent as null included).
	CustomFieldKeys []string `json:"custom_field_keys,omitempty"`
}

// requestStats are the counters and the request log. The server's mutex
// guards them.
type requestStats struct {
	counts   map[string]int            // per method, plus "429" and "dropped"
	byColl   map[string]map[string]int // per collection, per method (meta excluded)
	log      []*LoggedRequest          // oldest first; compacted to the last maxLoggedRequests
	idemKeys []string
}

func newRequestStats() requestStats {
	return requestStats{counts: map[string]int{}, byColl: map[string]map[string]int{}}
}

// isAPIPath reports whether a (decoded) path is an API route that is
// counted: a collection route or one under /integrated-account/.
func isAPIPath(path string) (c *collection, meta, api bool) {
	if strings.HasPrefix(path, integratedAccountPrefix) {
		return nil, false, true
	}
	c, meta = apiTarget(path)
	return c, meta, c != nil
}

// noteRequest counts an API request, records the Idempotency-Key of a POST
// and logs the request; the returned entry gets its status when answered.
func (s *Server) noteRequest(r *http.Request, c *collection, meta bool) *LoggedRequest {
	var keys, cfKeys []string
	if (r.Method == http.MethodPost || r.Method == http.MethodPatch) && c != nil && !meta {
		keys, cfKeys = peekBodyKeys(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.stats
	st.counts[r.Method]++
	if c != nil && !meta {
		if st.byColl[c.name] == nil {
			st.byColl[c.name] = map[string]int{}
		}
		st.byColl[c.name][r.Method]++
	}
	if r.Method == http.MethodPost && c != nil && !meta {
		if k := r.Header.Get("Idempotency-Key"); k != "" {
			st.idemKeys = append(st.idemKeys, k)
		}
	}
	e := &LoggedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), BodyKeys: keys, CustomFieldKeys: cfKeys}
	st.log = append(st.log, e)
	if len(st.log) >= 2*maxLoggedRequests {
		st.log = append([]*LoggedRequest(nil), st.log[len(st.log)-maxLoggedRequests:]...)
	}
	return e
}

// noteStatus records the status of a logged request.
func (s *Server) noteStatus(e *LoggedRequest, status int) {
	s.mu.Lock()
	e.Status = status
	s.mu.Unlock()
}

func (s *Server) note429() {
	s.mu.Lock()
	s.stats.counts["429"]++
	s.mu.Unlock()
}

func (s *Server) noteDrop() {
	s.mu.Lock()
	s.stats.counts["dropped"]++
	s.mu.Unlock()
}

// RequestCount is the number of API requests (to /unified/crm/{collection}
// routes, meta included, and to /integrated-account/...) received with that
// HTTP method, whatever their answer (401, 429, faults included).
func (s *Server) RequestCount(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats.counts[strings.ToUpper(method)]
}

// Counts returns the API request counts per HTTP method plus "429"
// (responses with status 429: rate-limited, injected or FailNext) and
// "dropped" (connections closed by drop_after_commit). "429" and "dropped"
// are always present.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{"429": 0, "dropped": 0}
	for k, v := range s.stats.counts {
		out[k] = v
	}
	return out
}

// CollectionCounts returns the request counts per HTTP method of the
// requests routed to one collection (meta requests excluded), whatever
// their answer. It panics for an unknown collection.
func (s *Server) CollectionCounts(collection string) map[string]int {
	c := s.In(collection).c
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.stats.byColl[c.name] {
		out[k] = v
	}
	return out
}

// RequestLog returns the last API requests (at most 10,000), oldest first,
// with the status they were answered.
func (s *Server) RequestLog() []LoggedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.stats.log
	if len(log) > maxLoggedRequests {
		log = log[len(log)-maxLoggedRequests:]
	}
	out := make([]LoggedRequest, len(log))
	for i, e := range log {
		out[i] = *e
		out[i].Query = url.Values{}
		for k, vs := range e.Query {
			out[i].Query[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// ResetCounts zeroes the counters, the collection counters and the request
// log (not the recorded idempotency keys).
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := s.stats.idemKeys
	s.stats = newRequestStats()
	s.stats.idemKeys = keys
}

// IdempotencyKeys returns the Idempotency-Key headers of every POST to a
// collection received, in order, repeats included.
func (s *Server) IdempotencyKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.stats.idemKeys...)
}

// StatusWriter records the status of a response (0 while none is written: a dropped connection);
// Unwrap lets http.ResponseController hijack the connection through it. The emulator's command logs
// requests with it too.
type StatusWriter struct {
	http.ResponseWriter
	Status int
}

func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ProbeRequests counts the requests to the capabilities, meta and custom-field catalog endpoints:
// what a client asks before it writes, for tests of how often it asks.
func (s *Server) ProbeRequests() (caps, meta, catalog int) {
	for _, r := range s.RequestLog() {
		switch {
		case strings.HasPrefix(r.Path, "/integrated-account/"):
			caps++
		case strings.Contains(r.Path, "/meta/"):
			meta++
		case r.Path == "/unified/crm/fields":
			catalog++
		}
	}
	return caps, meta, catalog
}

// peekBodyKeys reads the top-level keys of a JSON object body and those of
// its custom_fields object (none when either is not one), leaving the body
// to be read again by the handler.
func peekBodyKeys(r *http.Request) (keys, customFieldKeys []string) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), r.Body))
	var obj map[string]json.RawMessage
	if err != nil || json.Unmarshal(data, &obj) != nil {
		return nil, nil
	}
	var cf map[string]json.RawMessage
	_ = json.Unmarshal(obj["custom_fields"], &cf)
	return sortedKeysOf(obj), sortedKeysOf(cf)
}

// sortedKeysOf are the keys of m, sorted (nil when m is).
func sortedKeysOf(m map[string]json.RawMessage) []string {
	if m == nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
