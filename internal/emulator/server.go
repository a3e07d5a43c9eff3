package emulator

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Server.
type Options struct {
	// Token is the only bearer token accepted. Required.
	Token string
	// Accounts are the integrated accounts that exist.
	Accounts []IntegratedAccount
	// AccountRateLimit applies to each integrated account separately.
	// Zero = Truto's 50 requests per 10 s; Requests < 0 = no limit.
	AccountRateLimit RateLimit
	// TokenRateLimit applies per API token.
	// Zero = Truto's 500 requests per 10 s; Requests < 0 = no limit.
	TokenRateLimit RateLimit
	// Seed seeds the random numbers used for ids and fault injection, so a
	// run can be repeated. 0 = time-based.
	Seed int64
}

// IntegratedAccount is one connected CRM.
type IntegratedAccount struct {
	ID      string  `json:"id"`
	Profile Profile `json:"profile"`
	// Seed are records New inserts, per collection ("users", "stages" ...),
	// as Collection.Seed does: no validation, a given "id" is kept when it
	// is free.
	Seed map[string][]map[string]any `json:"seed,omitempty"`
}

// Validate reports an empty id, an invalid profile or a seed for an
// unknown collection; New panics on such an account.
func (ia IntegratedAccount) Validate() error {
	if ia.ID == "" {
		return errors.New("an integrated account has an empty ID")
	}
	if err := ia.Profile.Validate(); err != nil {
		return fmt.Errorf("integrated account %s: %w", ia.ID, err)
	}
	for name := range ia.Seed {
		if lookupCollection(name) == nil {
			return fmt.Errorf("integrated account %s: seed: unknown collection %q (known: %s)", ia.ID, name, strings.Join(CollectionNames(), ", "))
		}
	}
	return nil
}

// Server is the emulator. It is an http.Handler; create it with New.
// All methods are safe for concurrent use.
type Server struct {
	token string

	mu                 sync.Mutex // guards everything below, down to etags
	rng                *rand.Rand // ids
	usedIDs            map[string]bool
	seq                int64
	integratedAccounts map[string]*integratedAccount
	stats              requestStats
	etags              int64 // the last etag handed out

	limiter *limiter
	faults  *faultInjector
	idem    *idemCache

	controlOnce sync.Once
	control     *http.ServeMux // the /_emulator/ control surface
}

// Paths.
const (
	unifiedPrefix           = "/unified/crm/"
	integratedAccountPrefix = "/integrated-account/"
	controlPrefix           = "/_emulator"
)

// New returns an emulator with the accounts' seed records inserted. It
// panics when opts.Token is empty, an account id is repeated or an account
// is invalid (IntegratedAccount.Validate): those are programming errors in
// a test.
func New(opts Options) *Server {
	if opts.Token == "" {
		panic("emulator: Options.Token is required")
	}
	seed := opts.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	s := &Server{
		token:              opts.Token,
		rng:                rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		usedIDs:            map[string]bool{},
		integratedAccounts: map[string]*integratedAccount{},
		stats:              newRequestStats(),
		limiter:            newLimiter(opts.TokenRateLimit),
		faults:             newFaultInjector(seed),
		idem:               newIdemCache(24*time.Hour, 10000),
	}
	for _, ia := range opts.Accounts {
		if err := ia.Validate(); err != nil {
			panic("emulator: " + err.Error())
		}
		if _, dup := s.integratedAccounts[ia.ID]; dup {
			panic("emulator: integrated account " + ia.ID + " is listed twice")
		}
		p := ia.Profile
		if p.Integration == "" {
			p.Integration = "hubspot"
		}
		if p.CustomFieldDefaults != nil {
			v, err := normalize(p.CustomFieldDefaults)
			if err != nil {
				panic(err)
			}
			p.CustomFieldDefaults, _ = v.(map[string]any)
		}
		a := &integratedAccount{id: ia.ID, profile: p, colls: map[string]*collState{}}
		for _, c := range collections {
			a.colls[c.name] = &collState{c: c, prof: p.resolve(c), records: map[string]*record{}}
		}
		s.integratedAccounts[ia.ID] = a
		s.seedCatalog(a)
		for _, c := range collections {
			for _, rec := range ia.Seed[c.name] {
				v, err := normalize(rec)
				if err != nil {
					panic(err)
				}
				m, _ := v.(map[string]any)
				if m == nil {
					m = map[string]any{}
				}
				s.insert(a.in(c), m)
			}
		}
		s.limiter.setAccount(ia.ID, opts.AccountRateLimit)
	}
	return s
}

// ServeHTTP serves Truto's unified CRM API and, under /_emulator/, the
// emulator's control surface.
//
// A /unified request goes through, in order: request counting, bearer auth
// (401), routing (404 / 405), the integrated_account_id check (400 / 404) —
// with the token's and then the account's rate limit applied in front of
// those answers (429) — one-shot failures (FailNext), random faults,
// Idempotency-Key replay, and finally the handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if path == controlPrefix || strings.HasPrefix(path, controlPrefix+"/") {
		s.serveControl(w, r)
		return
	}
	if c, meta, api := isAPIPath(path); api {
		entry := s.noteRequest(r, c, meta)
		sw := &StatusWriter{ResponseWriter: w}
		defer func() { s.noteStatus(entry, sw.Status) }() // also when a drop aborts the handler
		w = sw
	}
	if !s.authorized(r) {
		errUnauthorized().write(w)
		return
	}
	q := r.URL.Query()
	rt, routeErr, known := parseAnyRoute(r, q)
	if !known {
		trutoError(http.StatusNotFound, "Not Found").write(w)
		return
	}
	var acct *integratedAccount
	var acctErr *response
	if routeErr == nil {
		acct, acctErr = s.accountOf(rt.account)
	}
	dec, admitted := s.admit(w, acct)
	if !admitted {
		return
	}
	if routeErr != nil {
		routeErr.write(w)
		return
	}
	if acctErr != nil {
		acctErr.write(w)
		return
	}
	if rt.capabilities || rt.meta != "" {
		s.serveProbe(w, r, rt, acct, dec)
		return
	}
	s.serveRecords(w, r, rt, acct, q, dec)
}

// parseAnyRoute parses the path of a capabilities or a unified request; known
// is false for any other path. The route's account is the path's, else the
// integrated_account_id parameter.
func parseAnyRoute(r *http.Request, q url.Values) (rt route, routeErr *response, known bool) {
	switch {
	case strings.HasPrefix(r.URL.Path, integratedAccountPrefix):
		rt, routeErr = parseCapabilitiesRoute(r.Method, r.URL.EscapedPath())
	case strings.HasPrefix(r.URL.Path, "/unified/"):
		rt, routeErr = parseRoute(r.Method, r.URL.EscapedPath())
		rt.account = q.Get("integrated_account_id")
	default:
		return route{}, nil, false
	}
	return rt, routeErr, true
}

// accountOf finds the integrated account a request names (400 without one,
// 404 for an unknown one).
func (s *Server) accountOf(id string) (*integratedAccount, *response) {
	if id == "" {
		return nil, errMissingAccountID()
	}
	if acct := s.lookup(id); acct != nil {
		return acct, nil
	}
	return nil, errAccountNotFound()
}

// admit applies the token's and the account's rate limits, in front of every
// other answer: it sets the ratelimit headers and, over the limit, answers
// 429 with Retry-After.
func (s *Server) admit(w http.ResponseWriter, acct *integratedAccount) (decision, bool) {
	acctID := ""
	if acct != nil {
		acctID = acct.id
	}
	dec := s.limiter.takeNow(acctID)
	dec.setHeaders(w.Header())
	if !dec.allowed {
		s.note429()
		w.Header().Set("Retry-After", ceilSeconds(dec.retryAfter))
		errRateLimited().write(w)
		return dec, false
	}
	return dec, true
}

// serveProbe answers capabilities (even for a blocked account: they say it is
// blocked) and meta, after the probe faults.
func (s *Server) serveProbe(w http.ResponseWriter, r *http.Request, rt route, acct *integratedAccount, dec decision) {
	if resp := s.faults.probeFault(r.Context()); resp != nil {
		s.sendFault(w, resp, dec)
		return
	}
	switch {
	case rt.capabilities:
		s.capabilities(acct).write(w)
	case acct.profile.Blocked:
		errBlocked().write(w)
	default:
		s.handleMeta(acct, rt).write(w)
	}
}

// serveRecords answers a unified record request: one-shot failures
// (FailNext), random faults, then the handler through Idempotency-Key replay.
func (s *Server) serveRecords(w http.ResponseWriter, r *http.Request, rt route, acct *integratedAccount, q url.Values,
	dec decision) {
	if acct.profile.Blocked {
		errBlocked().write(w)
		return
	}
	s.noteRemoteQuery(acct, q)
	if resp := s.faults.takeFailNext(r.Method, rt.c.name, acct.profile.Integration); resp != nil {
		s.sendFault(w, resp, dec)
		return
	}
	drop := false
	switch kind := s.faults.pick(); kind {
	case FaultLatency:
		if !s.faults.sleep(r.Context()) {
			return // the client went away during the delay
		}
	case FaultDropAfterCommit:
		drop = true
	case "":
	default:
		if resp := faultResponse(kind, acct.profile.Integration); resp != nil {
			s.sendFault(w, resp, dec)
			return
		}
	}
	resp := s.handleIdempotent(r, rt, acct, q)
	if resp == nil {
		return // the client went away while an identical request was in flight
	}
	if drop {
		s.noteDrop()
		dropConnection(w)
		return
	}
	resp.write(w)
}

// sendFault writes an injected failure. A 429 does not consume a
// rate-limit slot.
func (s *Server) sendFault(w http.ResponseWriter, resp *response, dec decision) {
	if resp.status == http.StatusTooManyRequests {
		s.limiter.refund(dec)
		s.note429()
	}
	resp.write(w)
}

// authorized checks the bearer token in constant time.
func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	tok = strings.TrimSpace(tok)
	return subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1
}

// route is a parsed API path: /unified/crm/{collection}[/{id}],
// /unified/crm/{collection}/meta/{method} or
// /integrated-account/{id}/capabilities.
type route struct {
	c    *collection
	id   string // "" = the collection
	op   string // the unified method: list, get, create, update or delete
	meta string // the method whose meta is asked for
	// capabilities: GET /integrated-account/{account}/capabilities.
	capabilities bool
	account      string
}

// apiTarget returns the collection a (decoded) request path is addressed
// to, and whether it is a meta path; nil when the path is no collection's.
func apiTarget(path string) (c *collection, meta bool) {
	rest, ok := strings.CutPrefix(path, unifiedPrefix)
	if !ok {
		return nil, false
	}
	name, rest, _ := strings.Cut(rest, "/")
	c = lookupCollection(name)
	if c == nil {
		return nil, false
	}
	first, second, found := strings.Cut(rest, "/")
	return c, found && first == "meta" && second != "" && !strings.Contains(second, "/")
}

// parseRoute matches the collection routes and their methods. An unknown
// collection or path is Truto's plain 404; an HTTP method the route does
// not serve, or a unified method the collection does not have, is a 405.
func parseRoute(method, escapedPath string) (route, *response) {
	notFound := trutoError(http.StatusNotFound, "Not Found")
	rest, ok := strings.CutPrefix(escapedPath, unifiedPrefix)
	if !ok {
		return route{}, notFound
	}
	name, rest, _ := strings.Cut(rest, "/")
	c := lookupCollection(name)
	if c == nil {
		return route{}, notFound
	}
	if rest == "" {
		op := map[string]string{http.MethodGet: opList, http.MethodPost: opCreate}[method]
		if op == "" || !c.supports(op) {
			return route{}, methodNotAllowed(method, c.allow(opList, opCreate))
		}
		return route{c: c, op: op}, nil
	}
	if m, ok := strings.CutPrefix(rest, "meta/"); ok && m != "" && !strings.Contains(m, "/") {
		if method != http.MethodGet {
			return route{}, methodNotAllowed(method, "GET")
		}
		return route{c: c, meta: m}, nil
	}
	if rt, ok := batchDeleteRoute(c, method, rest); ok {
		return rt, nil
	}
	if strings.Contains(rest, "/") {
		return route{}, notFound
	}
	id, err := url.PathUnescape(rest)
	if err != nil || id == "" {
		return route{}, notFound
	}
	op := map[string]string{http.MethodGet: opGet, http.MethodPatch: opUpdate, http.MethodDelete: opDelete}[method]
	if op == "" || !c.supports(op) {
		return route{}, methodNotAllowed(method, c.allow(opGet, opUpdate, opDelete))
	}
	return route{c: c, id: id, op: op}, nil
}

// parseCapabilitiesRoute matches GET /integrated-account/{id}/capabilities.
func parseCapabilitiesRoute(method, escapedPath string) (route, *response) {
	rest := strings.TrimPrefix(escapedPath, integratedAccountPrefix)
	idPart, tail, _ := strings.Cut(rest, "/")
	id, err := url.PathUnescape(idPart)
	if tail != "capabilities" || err != nil || id == "" {
		return route{}, trutoError(http.StatusNotFound, "Not Found")
	}
	if method != http.MethodGet {
		return route{}, methodNotAllowed(method, "GET")
	}
	return route{capabilities: true, account: id}, nil
}

// allow is the Allow header of a route serving those unified methods.
func (c *collection) allow(ops ...string) string {
	var methods []string
	for _, op := range ops {
		if c.supports(op) {
			methods = append(methods, opHTTP[op])
		}
	}
	return strings.Join(methods, ", ")
}

func methodNotAllowed(method, allow string) *response {
	resp := trutoError(http.StatusMethodNotAllowed, "Method "+method+" is not allowed on this resource")
	resp.header.Set("Allow", allow)
	return resp
}

// lookup returns the integrated account or nil.
func (s *Server) lookup(id string) *integratedAccount {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.integratedAccounts[id]
}

// noteRemoteQuery records the remote_query[...] parameters of a request that
// has any. remote_query[workspace][id]=x is recorded as "workspace[id]": "x".
func (s *Server) noteRemoteQuery(a *integratedAccount, q url.Values) {
	var rq map[string]string
	for k, vs := range q {
		inner, ok := strings.CutPrefix(k, "remote_query[")
		if !ok || len(vs) == 0 {
			continue
		}
		// inner is like `foo]` or `workspace][id]`.
		first, more, _ := strings.Cut(inner, "]")
		if rq == nil {
			rq = map[string]string{}
		}
		rq[first+more] = vs[len(vs)-1]
	}
	if rq == nil {
		return
	}
	s.mu.Lock()
	a.lastRemoteQuery = rq
	s.mu.Unlock()
}
