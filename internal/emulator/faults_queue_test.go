package emulator

import "testing"

// TestFailNextQueuedRules: using up a rule that is not the last one answers
// that rule's status, not the next one's.
func TestFailNextQueuedRules(t *testing.T) {
	h := newHarness(t)
	h.srv.FailNext("POST", 503, 1)
	h.srv.FailNextRemote("GET", 409, 1)
	h.call("POST", collPath(acctID), map[string]any{"name": "x"}).wantError(t, 503, "blocked", false)
	h.call("GET", collPath(acctID), nil).wantError(t, 409, "already exists", true)
	h.call("GET", collPath(acctID), nil).wantStatus(t, 200)
}
