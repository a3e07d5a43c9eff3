package truto

import (
	"time"
)

// Probes (Capabilities, Meta, Fields) run at plan time. A 429 is waited out like in every read
// (it was not processed, and says when to come back); other failures are retried once. The whole
// call, waits included, is bounded by the client's probeBudget (30 s), so an API that cannot answer
// costs a plan seconds, not minutes; each attempt by 15 s.
const (
	probeAttempts      = 2
	defaultProbeBudget = 30 * time.Second
	probeTimeout       = 15 * time.Second
	// maxFieldPages bounds Fields, so a server that keeps returning a cursor cannot loop forever.
	maxFieldPages = 50
)

func probe(r *request) {
	r.maxAttempts = probeAttempts
	r.probe = true
	r.timeout = probeTimeout
}
