package harness

import (
	"testing"
	"time"
)

func TestActivity(t *testing.T) {
	t0 := time.Unix(100, 0)
	at := func(ms int, post int) CountSample {
		return CountSample{At: t0.Add(time.Duration(ms) * time.Millisecond), Counts: map[string]int{"POST": post}}
	}
	post := func(c map[string]int) int { return c["POST"] }
	samples := []CountSample{at(0, 3), at(10, 3), at(20, 5), at(30, 9), at(40, 12), at(50, 12), at(60, 12)}
	first, last, ok := Activity(samples, post)
	if !ok || !first.Equal(t0.Add(20*time.Millisecond)) || !last.Equal(t0.Add(40*time.Millisecond)) {
		t.Errorf("Activity = %v, %v, %v; want t0+20ms, t0+40ms, true", first.Sub(t0), last.Sub(t0), ok)
	}
	if _, _, ok := Activity(samples[:2], post); ok {
		t.Error("no change must report ok=false")
	}
	if _, _, ok := Activity(nil, post); ok {
		t.Error("no samples must report ok=false")
	}
}
