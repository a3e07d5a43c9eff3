package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

// This file is the control surface over HTTP, for the standalone server and
// out-of-process tests. It lives under /_emulator/ (clearly not Truto's
// API), requires the same bearer token, is not counted as /unified requests
// and is not rate limited.
//
//	GET    /_emulator/records?integrated_account_id=X        all records (JSON array)
//	POST   /_emulator/records?integrated_account_id=X        seed a record -> 201 {"id": ...}
//	GET    /_emulator/records/{id}?integrated_account_id=X   one record
//	PATCH  /_emulator/records/{id}?integrated_account_id=X   mutate (JSON merge patch) -> the record
//	DELETE /_emulator/records/{id}?integrated_account_id=X   remove -> 204
//	       (every records route takes &collection=contacts ...; default accounts)
//	GET    /_emulator/counts                                 {"GET": n, ..., "429": n, "dropped": n}
//	GET    /_emulator/counts?collection=contacts             {"GET": n, ...}: requests routed to that collection (meta excluded)
//	GET    /_emulator/requests                               the last <= 10,000 API requests: [{"method","path","query","status"}]
//	POST   /_emulator/reset-counts                           -> 204 (counters and the request log)
//	POST   /_emulator/faults                                 {"rate":0.2,"kinds":["500"],"latency_ms":100,"every":3} -> 204
//	POST   /_emulator/fail-next                              {"method":"POST","status":503,"n":1,"remote":false,"collection":"notes"} -> 204
//	POST   /_emulator/rate-limit?integrated_account_id=X     {"requests":N,"per_ms":M,"sliding":false} -> 204 (no account = the token limit)
//	GET    /_emulator/remote-query?integrated_account_id=X   last remote_query[...] seen
//	GET    /_emulator/idempotency-keys                       Idempotency-Keys received on POST
//
// Errors use Truto's error body shape.

func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
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
		trutoError(http.StatusNotFound, "unknown emulator control endpoint "+r.Method+" "+r.URL.Path).write(w)
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
