package truto

import (
	"testing"
	"time"
)

// Within one server window the budget keeps the tightest bounds the headers gave: the earliest
// reset (reset is rounded up, so later observations of the same window overstate it) and the
// smallest remaining (the server has not counted requests still in flight).
func TestObserveKeepsTightestBoundWithinAWindow(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(2000, 0)
	l := &limiter{}

	// First answer of a 1 s window, 5 ms after it opened: 19 left, "1" second to go.
	l.observe(19, time.Second, t0.Add(5*time.Millisecond))
	for range 10 {
		l.record(t0.Add(10 * time.Millisecond)) // 10 more requests start
	}
	// An answer to one of the early requests arrives late: 15 left by the server's count, which
	// misses the requests still in flight; the budget already counts them.
	l.observe(15, time.Second, t0.Add(80*time.Millisecond))
	if l.budget != 9 {
		t.Errorf("budget = %d, want 9 (19 - 10 started; the server's 15 misses requests in flight)", l.budget)
	}
	// The window's last answer, 300 ms in: none left, "1" second to go (really 0.7 s).
	l.observe(0, time.Second, t0.Add(300*time.Millisecond))
	if want := t0.Add(1005 * time.Millisecond); !l.budgetUntil.Equal(want) {
		t.Errorf("budget until %s, want t0+1.005s (the earliest bound), not t0+1.3s", l.budgetUntil.Sub(t0))
	}
	if got, _ := l.next(t0.Add(400 * time.Millisecond)); !got.Equal(t0.Add(1005 * time.Millisecond)) {
		t.Errorf("next start at %s, want t0+1.005s", got.Sub(t0))
	}

	// After the bound has passed, an answer starts a new window: its numbers are taken as they are.
	l.observe(18, time.Second, t0.Add(1100*time.Millisecond))
	if l.budget != 18 || !l.budgetUntil.Equal(t0.Add(2100*time.Millisecond)) {
		t.Errorf("new window: budget %d until %s, want 18 until t0+2.1s", l.budget, l.budgetUntil.Sub(t0))
	}
}
