package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EmulatorOptions configure a standalone emulator process. Zero values: rate limits off.
type EmulatorOptions struct {
	Token              string   // required
	IntegratedAccounts []string // integrated account ids; at least one
	// Rate is the per integrated account limit, "N/duration" such as "20/1s"; "" = off.
	Rate string
	// TokenRate is the per token limit; "" = off.
	TokenRate string
	Seed      int64
	// Args are extra command-line flags (e.g. -faults 0.2).
	Args []string
}

// Emulator is a running cmd/truto-emulator process.
type Emulator struct {
	URL   string
	Token string
	cmd   *exec.Cmd
	log   *os.File
	done  chan struct{}
	http  *http.Client
	once  sync.Once
}

// StartEmulator starts the emulator on 127.0.0.1 (a free port) with its log in dir, and waits
// until it accepts connections.
func (b *Binaries) StartEmulator(ctx context.Context, dir string, o EmulatorOptions) (*Emulator, error) {
	if o.Token == "" || len(o.IntegratedAccounts) == 0 {
		return nil, errors.New("harness: emulator needs a token and at least one integrated account")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	orOff := func(s string) string {
		if s == "" {
			return "off"
		}
		return s
	}
	ready := filepath.Join(dir, "emulator.ready")
	args := append([]string{
		"-listen", "127.0.0.1:0", "-ready-file", ready, "-token", o.Token,
		"-accounts", strings.Join(o.IntegratedAccounts, ","), "-rate", orOff(o.Rate), "-token-rate", orOff(o.TokenRate),
		"-seed", fmt.Sprint(o.Seed),
	}, o.Args...)
	logFile, err := os.Create(filepath.Join(dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(b.Emulator, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	e := &Emulator{Token: o.Token, cmd: cmd, log: logFile, done: make(chan struct{}),
		http: &http.Client{Timeout: 10 * time.Second}}
	go func() { _ = cmd.Wait(); close(e.done) }()

	deadline := time.Now().Add(15 * time.Second)
	for {
		if data, err := os.ReadFile(ready); err == nil && len(bytes.TrimSpace(data)) > 0 {
			e.URL = strings.TrimSpace(string(data))
			return e, nil
		}
		select {
		case <-e.done:
			logData, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("harness: the emulator exited before it was ready:\n%s", logData)
		case <-ctx.Done():
			e.Stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			e.Stop()
			return nil, errors.New("harness: the emulator did not become ready within 15s")
		}
	}
}

// Stop terminates the emulator (SIGTERM, then SIGKILL after 5 s) and waits for it.
func (e *Emulator) Stop() {
	e.once.Do(func() {
		_ = terminate(e.cmd)
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
			_ = e.cmd.Process.Kill()
			<-e.done
		}
		e.log.Close()
	})
}

// LogPath is the emulator's stdout/stderr file.
func (e *Emulator) LogPath() string { return e.log.Name() }

// control calls the /_emulator/ control surface; out (if not nil) receives the JSON answer.
func (e *Emulator) control(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, e.URL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.Token)
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("emulator %s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// Counts returns the emulator's request counters: per HTTP method, plus "429" and "dropped".
func (e *Emulator) Counts(ctx context.Context) (map[string]int, error) {
	var c map[string]int
	err := e.control(ctx, http.MethodGet, "/_emulator/counts", nil, &c)
	return c, err
}

// ResetCounts zeroes the counters.
func (e *Emulator) ResetCounts(ctx context.Context) error {
	return e.control(ctx, http.MethodPost, "/_emulator/reset-counts", nil, nil)
}

// Records returns every record of an integrated account.
func (e *Emulator) Records(ctx context.Context, ia string) ([]map[string]any, error) {
	var recs []map[string]any
	err := e.control(ctx, http.MethodGet, "/_emulator/records?integrated_account_id="+url.QueryEscape(ia), nil, &recs)
	return recs, err
}

// SetRateLimit sets an integrated account's limit (requests < 0 = off) and starts a new window.
func (e *Emulator) SetRateLimit(ctx context.Context, ia string, requests int, per time.Duration) error {
	return e.control(ctx, http.MethodPost, "/_emulator/rate-limit?integrated_account_id="+url.QueryEscape(ia),
		map[string]any{"requests": requests, "per_ms": per.Milliseconds()}, nil)
}

// SetFaults sets random fault injection: rate 0 turns it off; kinds empty = all kinds.
func (e *Emulator) SetFaults(ctx context.Context, rate float64, kinds []string, latency time.Duration) error {
	return e.control(ctx, http.MethodPost, "/_emulator/faults",
		map[string]any{"rate": rate, "kinds": kinds, "latency_ms": latency.Milliseconds()}, nil)
}

// FailNext makes the next n requests of method ("" = any) fail with status (Truto's own error).
func (e *Emulator) FailNext(ctx context.Context, method string, status, n int) error {
	return e.control(ctx, http.MethodPost, "/_emulator/fail-next",
		map[string]any{"method": method, "status": status, "n": n}, nil)
}

// Collection-aware control helpers: collection is "accounts", "contacts", "users", "stages" ...

func recordsPath(ia, collection, id string) string {
	p := "/_emulator/records"
	if id != "" {
		p += "/" + url.PathEscape(id)
	}
	return p + "?integrated_account_id=" + url.QueryEscape(ia) + "&collection=" + url.QueryEscape(collection)
}

// RecordsIn returns every record of one collection of an integrated account.
func (e *Emulator) RecordsIn(ctx context.Context, ia, collection string) ([]map[string]any, error) {
	var recs []map[string]any
	err := e.control(ctx, http.MethodGet, recordsPath(ia, collection, ""), nil, &recs)
	return recs, err
}

// SeedIn inserts a record into a collection behind the API (no validation) and returns its id.
func (e *Emulator) SeedIn(ctx context.Context, ia, collection string, rec map[string]any) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := e.control(ctx, http.MethodPost, recordsPath(ia, collection, ""), rec, &out)
	return out.ID, err
}

// MutateIn changes a record behind the API (JSON merge patch) and returns it.
func (e *Emulator) MutateIn(ctx context.Context, ia, collection, id string, patch map[string]any) (map[string]any, error) {
	var rec map[string]any
	err := e.control(ctx, http.MethodPatch, recordsPath(ia, collection, id), patch, &rec)
	return rec, err
}

// RemoveIn deletes a record behind the API.
func (e *Emulator) RemoveIn(ctx context.Context, ia, collection, id string) error {
	return e.control(ctx, http.MethodDelete, recordsPath(ia, collection, id), nil, nil)
}

// CollectionCounts returns the request counts per HTTP method of one collection (meta excluded).
func (e *Emulator) CollectionCounts(ctx context.Context, collection string) (map[string]int, error) {
	var c map[string]int
	err := e.control(ctx, http.MethodGet, "/_emulator/counts?collection="+url.QueryEscape(collection), nil, &c)
	return c, err
}

// EmulatorRequest is one API request the emulator logged.
type EmulatorRequest struct {
	Method string     `json:"method"`
	Path   string     `json:"path"` // unescaped
	Query  url.Values `json:"query"`
	Status int        `json:"status"` // 0 = connection dropped
	// BodyKeys are the top-level keys of a record write's body.
	BodyKeys []string `json:"body_keys"`
}

// Requests returns the emulator's last API requests (at most 10,000), oldest first.
func (e *Emulator) Requests(ctx context.Context) ([]EmulatorRequest, error) {
	var log []EmulatorRequest
	err := e.control(ctx, http.MethodGet, "/_emulator/requests", nil, &log)
	return log, err
}

// FailNextIn is FailNext for the requests of one collection only.
func (e *Emulator) FailNextIn(ctx context.Context, collection, method string, status, n int) error {
	return e.control(ctx, http.MethodPost, "/_emulator/fail-next",
		map[string]any{"method": method, "status": status, "n": n, "collection": collection}, nil)
}

// SetSlidingRateLimit sets an integrated account's limit as a sliding window: at most requests
// in any window of per.
func (e *Emulator) SetSlidingRateLimit(ctx context.Context, ia string, requests int, per time.Duration) error {
	return e.control(ctx, http.MethodPost, "/_emulator/rate-limit?integrated_account_id="+url.QueryEscape(ia),
		map[string]any{"requests": requests, "per_ms": per.Milliseconds(), "sliding": true}, nil)
}
