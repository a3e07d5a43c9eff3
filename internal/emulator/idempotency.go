package emulator

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// idemEntry is one Idempotency-Key: in flight until done is closed, then
// resp holds the cached answer.
type idemEntry struct {
	done    chan struct{}
	resp    *response
	expires time.Time
}

// idemCache caches the first completed response per (token, key), bounded
// by age and count (oldest evicted first).
type idemCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[string]*idemEntry
	order   []orderedKey // completed entries, oldest first
}

type orderedKey struct {
	key   string
	entry *idemEntry
}

func newIdemCache(ttl time.Duration, max int) *idemCache {
	return &idemCache{ttl: ttl, max: max, entries: map[string]*idemEntry{}}
}

// acquire returns the cached response for key, or owned=true when the caller
// must serve the request and then call complete. A request whose key is in
// flight waits for it. err is the context error when the client went away.
func (c *idemCache) acquire(ctx context.Context, key string) (cached *response, owned bool, err error) {
	for {
		c.mu.Lock()
		e := c.entries[key]
		now := time.Now()
		switch {
		case e == nil || (e.resp != nil && now.After(e.expires)):
			c.entries[key] = &idemEntry{done: make(chan struct{})}
			c.mu.Unlock()
			return nil, true, nil
		case e.resp != nil:
			resp := e.resp.clone()
			c.mu.Unlock()
			return resp, false, nil
		}
		done := e.done
		c.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
}

// complete stores the response of an owned key (nil = forget the key so a
// retry is served afresh) and wakes up waiters.
func (c *idemCache) complete(key string, resp *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil || e.resp != nil {
		return
	}
	if resp == nil {
		delete(c.entries, key)
	} else {
		e.resp = resp.clone()
		e.expires = time.Now().Add(c.ttl)
		c.order = append(c.order, orderedKey{key: key, entry: e})
		c.evict()
	}
	close(e.done)
}

// evict drops expired entries and the oldest beyond max. Callers hold c.mu.
func (c *idemCache) evict() {
	now := time.Now()
	i := 0
	for ; i < len(c.order); i++ {
		o := c.order[i]
		if len(c.order)-i <= c.max && !now.After(o.entry.expires) {
			break
		}
		if c.entries[o.key] == o.entry {
			delete(c.entries, o.key)
		}
	}
	c.order = c.order[i:]
}

// handleIdempotent serves a routed request, replaying the cached response
// for a POST or PATCH whose Idempotency-Key was already answered. The
// replay carries "Idempotent-Replayed: true". It returns nil only when the
// client went away while waiting for an identical request in flight.
func (s *Server) handleIdempotent(r *http.Request, rt route, a *integratedAccount, q url.Values) *response {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || (r.Method != http.MethodPost && r.Method != http.MethodPatch) {
		return s.handle(r, rt, a, q)
	}
	cacheKey := s.token + "\x00" + key
	cached, owned, err := s.idem.acquire(r.Context(), cacheKey)
	if err != nil {
		return nil
	}
	if !owned {
		cached.header.Set("Idempotent-Replayed", "true")
		return cached
	}
	var resp *response
	defer func() { s.idem.complete(cacheKey, resp) }() // also releases waiters if handle panics
	resp = s.handle(r, rt, a, q)
	return resp
}
