//go:build !linux

package harness

import "time"

// RSSWatcher reports nothing outside Linux (it reads /proc).
type RSSWatcher struct{}

// WatchRSS is a no-op outside Linux.
func WatchRSS(string, time.Duration) *RSSWatcher { return &RSSWatcher{} }

// Stop returns zeros outside Linux.
func (w *RSSWatcher) Stop() (peakBytes int64, processes int) { return 0, 0 }
