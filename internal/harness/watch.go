package harness

import (
	"context"
	"time"
)

// CountSample is the emulator's request counters at one moment.
type CountSample struct {
	At     time.Time
	Counts map[string]int
}

// CountWatcher polls the emulator's counters while a command runs.
type CountWatcher struct {
	cancel  context.CancelFunc
	done    chan struct{}
	samples []CountSample
}

// WatchCounts polls emu's counters every interval until Stop.
func (e *Emulator) WatchCounts(ctx context.Context, interval time.Duration) *CountWatcher {
	ctx, cancel := context.WithCancel(ctx)
	w := &CountWatcher{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if c, err := e.Counts(ctx); err == nil {
				w.samples = append(w.samples, CountSample{At: time.Now(), Counts: c})
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// Stop ends the polling and returns the samples, oldest first.
func (w *CountWatcher) Stop() []CountSample {
	w.cancel()
	<-w.done
	return w.samples
}

// Activity returns when the value f(counts) first rose above its first sample's value and when it
// first reached its final value: the span in which those requests arrived, to within one polling
// interval at each end. ok is false when it never changed.
func Activity(samples []CountSample, f func(map[string]int) int) (first, last time.Time, ok bool) {
	if len(samples) < 2 {
		return time.Time{}, time.Time{}, false
	}
	base, final := f(samples[0].Counts), f(samples[len(samples)-1].Counts)
	if final == base {
		return time.Time{}, time.Time{}, false
	}
	for _, s := range samples {
		v := f(s.Counts)
		if first.IsZero() && v != base {
			first = s.At
		}
		if v == final {
			last = s.At
			break
		}
	}
	return first, last, true
}
