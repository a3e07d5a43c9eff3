package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// This file is the control surface over HTTP, for the standalone server and
// out-of-process tests. It lives under /_emulator/ (clearly not Truto's
// API), requires the same bearer token (except the index, GET /_emulator/,
// which lists the routes below), is not counted as /unified requests and is
// not rate limited. Errors use Truto's error body shape.

// ControlRoute is one route of the control surface, as GET /_emulator/ lists it.
type ControlRoute struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Body   string `json:"body,omitempty"`
	Does   string `json:"does"`
}

// ControlRoutes are the control surface's routes; controlMux registers each one (a test holds
// them to it) and the emulator guide in docs/guides shows them.
var ControlRoutes = []ControlRoute{
	{"GET", "/_emulator/", "", "", "this list (JSON; text/plain when the Accept header asks for it); needs no token"},
	{"GET", "/_emulator/records", "integrated_account_id=X[&collection=contacts]", "", "every record of a collection (default accounts), a JSON array"},
	{"POST", "/_emulator/records", "integrated_account_id=X[&collection=contacts]", `{"name": "Seeded Co", ...}`, `seed a record -> 201 {"id": ...}`},
	{"GET", "/_emulator/records/{id}", "integrated_account_id=X[&collection=contacts]", "", "one record"},
	{"PATCH", "/_emulator/records/{id}", "integrated_account_id=X[&collection=contacts]", `{"website": null, ...}`, "change a record behind Terraform's back (a JSON merge patch) -> the record"},
	{"DELETE", "/_emulator/records/{id}", "integrated_account_id=X[&collection=contacts]", "", "remove a record -> 204"},
	{"GET", "/_emulator/counts", "[collection=contacts]", "", `requests by method and status: {"GET": n, ..., "429": n, "dropped": n}; with collection=, only that collection's (meta excluded)`},
	{"GET", "/_emulator/requests", "", "", `the last <= 10,000 API requests: [{"method", "path", "query", "status"}]`},
	{"POST", "/_emulator/reset-counts", "", "", "clear the counters and the request log -> 204"},
	{"POST", "/_emulator/faults", "", `{"rate": 0.2, "kinds": ["429", "500"], "latency_ms": 100, "every": 3}`, "inject faults into that fraction of API requests (every: each n-th one instead) -> 204"},
	{"POST", "/_emulator/fail-next", "", `{"method": "POST", "status": 503, "n": 1, "remote": false, "collection": "notes"}`, "fail the next n matching requests with that status -> 204"},
	{"POST", "/_emulator/rate-limit", "[integrated_account_id=X]", `{"requests": 50, "per_ms": 10000, "sliding": false}`, "set an account's rate limit (no account: the token's; requests -1: none) -> 204"},
	{"GET", "/_emulator/remote-query", "integrated_account_id=X", "", "the last remote_query[...] parameters the account received"},
	{"GET", "/_emulator/idempotency-keys", "", "", "the Idempotency-Keys received on POST"},
}

// serveIndex answers GET /_emulator/ with ControlRoutes: JSON, or one line a route for text/plain.
func serveIndex(w http.ResponseWriter, r *http.Request) {
	if !strings.Contains(r.Header.Get("Accept"), "text/plain") {
		jsonResponse(http.StatusOK, map[string]any{"routes": ControlRoutes}).write(w)
		return
	}
	var b strings.Builder
	b.WriteString("truto-emulator control routes (every one but this needs Authorization: Bearer <token>)\n")
	for _, rt := range ControlRoutes {
		fmt.Fprintf(&b, "%-6s %s", rt.Method, rt.Path)
		if rt.Query != "" {
			b.WriteString("?" + rt.Query)
		}
		if rt.Body != "" {
			b.WriteString("  body " + rt.Body)
		}
		b.WriteString("\n         " + rt.Does + "\n")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, b.String())
}

func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && (r.URL.Path == controlPrefix || r.URL.Path == controlPrefix+"/") {
		serveIndex(w, r)
		return
	}
	if !s.authorized(r) {
		errUnauthorized().write(w)
		return
	}
	s.controlOnce.Do(func() { s.control = s.controlMux() })
	s.control.ServeHTTP(w, r)
}

func (s *Server) controlMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_emulator/records", s.withRecords(func(w http.ResponseWriter, r *http.Request, c *Collection, ia string) {
		jsonResponse(http.StatusOK, c.Records(ia)).write(w)
	}))
	mux.HandleFunc("POST /_emulator/records", s.withRecords(func(w http.ResponseWriter, r *http.Request, c *Collection, ia string) {
		var rec map[string]any
		if !decodeControl(w, r, &rec) {
			return
		}
		newID := c.Seed(ia, rec)
		if newID == "" {
			trutoError(http.StatusBadRequest, "record cannot be seeded").write(w)
			return
		}
		jsonResponse(http.StatusCreated, map[string]string{"id": newID}).write(w)
	}))
	mux.HandleFunc("GET /_emulator/records/{id}", s.withRecords(func(w http.ResponseWriter, r *http.Request, c *Collection, ia string) {
		rec, ok := c.Record(ia, r.PathValue("id"))
		if !ok {
			trutoError(http.StatusNotFound, "record not found").write(w)
			return
		}
		jsonResponse(http.StatusOK, rec).write(w)
	}))
	mux.HandleFunc("PATCH /_emulator/records/{id}", s.withRecords(func(w http.ResponseWriter, r *http.Request, c *Collection, ia string) {
		var patch map[string]any
		if !decodeControl(w, r, &patch) {
			return
		}
		if !c.Mutate(ia, r.PathValue("id"), patch) {
			trutoError(http.StatusNotFound, "record not found").write(w)
			return
		}
		rec, _ := c.Record(ia, r.PathValue("id"))
		jsonResponse(http.StatusOK, rec).write(w)
	}))
	mux.HandleFunc("DELETE /_emulator/records/{id}", s.withRecords(func(w http.ResponseWriter, r *http.Request, c *Collection, ia string) {
		if !c.Remove(ia, r.PathValue("id")) {
			trutoError(http.StatusNotFound, "record not found").write(w)
			return
		}
		noContent().write(w)
	}))
	mux.HandleFunc("GET /_emulator/counts", func(w http.ResponseWriter, r *http.Request) {
		if name := r.URL.Query().Get("collection"); name != "" {
			if lookupCollection(name) == nil {
				errUnknownCollection(name).write(w)
				return
			}
			jsonResponse(http.StatusOK, s.CollectionCounts(name)).write(w)
			return
		}
		jsonResponse(http.StatusOK, s.Counts()).write(w)
	})
	mux.HandleFunc("GET /_emulator/requests", func(w http.ResponseWriter, r *http.Request) {
		jsonResponse(http.StatusOK, s.RequestLog()).write(w)
	})
	mux.HandleFunc("POST /_emulator/reset-counts", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCounts()
		noContent().write(w)
	})
	mux.HandleFunc("POST /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		if !decodeControl(w, r, &f) {
			return
		}
		if err := f.Validate(); err != nil {
			trutoError(http.StatusBadRequest, err.Error()).write(w)
			return
		}
		s.SetFaults(f)
		noContent().write(w)
	})
	mux.HandleFunc("POST /_emulator/fail-next", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Method     string `json:"method"`
			Collection string `json:"collection"`
			Status     int    `json:"status"`
			N          int    `json:"n"`
			Remote     bool   `json:"remote"`
		}
		if !decodeControl(w, r, &req) {
			return
		}
		if req.Collection != "" && lookupCollection(req.Collection) == nil {
			errUnknownCollection(req.Collection).write(w)
			return
		}
		if req.Status < 400 || req.Status > 599 {
			trutoError(http.StatusBadRequest, "status must be an HTTP error status (400-599)").write(w)
			return
		}
		if req.N == 0 {
			req.N = 1
		}
		s.faults.failNext(req.Method, req.Collection, req.Status, req.N, req.Remote)
		noContent().write(w)
	})
	mux.HandleFunc("POST /_emulator/rate-limit", func(w http.ResponseWriter, r *http.Request) {
		var rl RateLimit
		if !decodeControl(w, r, &rl) {
			return
		}
		id := r.URL.Query().Get("integrated_account_id")
		switch {
		case id == "":
			s.SetTokenRateLimit(rl)
		case s.lookup(id) == nil:
			errAccountNotFound().write(w)
			return
		default:
			s.SetRateLimit(id, rl)
		}
		noContent().write(w)
	})
	mux.HandleFunc("GET /_emulator/remote-query", s.withAccount(func(w http.ResponseWriter, r *http.Request, id string) {
		jsonResponse(http.StatusOK, s.LastRemoteQuery(id)).write(w)
	}))
	mux.HandleFunc("GET /_emulator/idempotency-keys", func(w http.ResponseWriter, r *http.Request) {
		jsonResponse(http.StatusOK, s.IdempotencyKeys()).write(w)
	})
	mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		trutoError(http.StatusNotFound, "unknown emulator control endpoint "+r.Method+" "+r.URL.Path+
			" (GET /_emulator/ lists the routes)").write(w)
	})
	return mux
}

// errUnknownCollection is the control surface's 404 for a collection= that
// names no collection.
func errUnknownCollection(name string) *response {
	return trutoError(http.StatusNotFound, "unknown collection "+name+" (known: "+strings.Join(CollectionNames(), ", ")+")")
}

// withRecords resolves the optional collection= (default accounts) and the
// required integrated_account_id query parameters of the records routes.
func (s *Server) withRecords(h func(http.ResponseWriter, *http.Request, *Collection, string)) http.HandlerFunc {
	return s.withAccount(func(w http.ResponseWriter, r *http.Request, ia string) {
		name := r.URL.Query().Get("collection")
		if name == "" {
			name = accountsCollection.name
		}
		if lookupCollection(name) == nil {
			errUnknownCollection(name).write(w)
			return
		}
		h(w, r, s.In(name), ia)
	})
}

// withAccount resolves the required integrated_account_id query parameter.
func (s *Server) withAccount(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("integrated_account_id")
		if id == "" {
			errMissingAccountID().write(w)
			return
		}
		if s.lookup(id) == nil {
			errAccountNotFound().write(w)
			return
		}
		h(w, r, id)
	}
}

// decodeControl decodes a control request's JSON body; it answers 400 and
// returns false when the body is not valid JSON of the expected shape.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err := dec.Decode(v); err != nil {
		msg := "invalid JSON body"
		if !strings.Contains(err.Error(), "EOF") {
			msg += ": " + err.Error()
		}
		trutoError(http.StatusBadRequest, msg).write(w)
		return false
	}
	return true
}
