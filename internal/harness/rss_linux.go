package harness

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// RSSWatcher samples the peak resident set size (VmHWM, which the kernel keeps per process for its
// whole life) of every running process whose executable is a given file, until Stop. Terraform
// starts the provider several times per command; the peak is the largest of them.
type RSSWatcher struct {
	exe  string
	stop chan struct{}
	done chan struct{}
	peak map[int]int64 // pid -> VmHWM bytes
}

// WatchRSS starts sampling processes running exe every interval.
func WatchRSS(exe string, interval time.Duration) *RSSWatcher {
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	w := &RSSWatcher{exe: exe, stop: make(chan struct{}), done: make(chan struct{}), peak: map[int]int64{}}
	go w.run(interval)
	return w
}

func (w *RSSWatcher) run(interval time.Duration) {
	defer close(w.done)
	ignore := map[int]bool{} // processes seen running something else that will not become exe
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		w.scan(ignore)
		select {
		case <-w.stop:
			w.scan(ignore)
			return
		case <-t.C:
		}
	}
}

func (w *RSSWatcher) scan(ignore map[int]bool) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || ignore[pid] {
			continue
		}
		if _, tracked := w.peak[pid]; !tracked {
			target, err := os.Readlink("/proc/" + e.Name() + "/exe")
			if err != nil {
				continue // gone, or not ours to look at
			}
			if target != w.exe {
				// A freshly forked child still runs its parent's binary until it execs: only
				// processes that are not terraform are ignored for good.
				if !strings.Contains(filepath.Base(target), "terraform") {
					ignore[pid] = true
				}
				continue
			}
		}
		if hwm, ok := vmHWM(pid); ok && hwm > w.peak[pid] {
			w.peak[pid] = hwm
		}
	}
}

// vmHWM reads VmHWM from /proc/pid/status, in bytes.
func vmHWM(pid int) (int64, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		f := strings.Fields(rest) // "123456 kB"
		if len(f) < 1 {
			return 0, false
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		return kb * 1024, err == nil
	}
	return 0, false
}

// Stop ends sampling and returns the largest VmHWM seen and how many provider processes ran.
func (w *RSSWatcher) Stop() (peakBytes int64, processes int) {
	close(w.stop)
	<-w.done
	for _, v := range w.peak {
		peakBytes = max(peakBytes, v)
	}
	return peakBytes, len(w.peak)
}
