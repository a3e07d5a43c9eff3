package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// TestMain lets the smoke test run this test binary as the command.
func TestMain(m *testing.M) {
	if os.Getenv("TRUTO_EMULATOR_RUN_MAIN") == "1" {
		// Arguments come from TRUTO_EMULATOR_ARGS, or else from the command
		// line (the harness starts this binary as the emulator).
		if args := os.Getenv("TRUTO_EMULATOR_ARGS"); args != "" {
			os.Args = append([]string{"truto-emulator"}, strings.Fields(args)...)
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// waitForFile waits until path exists and returns its content.
func waitForFile(t *testing.T, path string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not appear within %v", path, timeout)
	return ""
}

// TestSmokeBinary runs the command as a process: -listen 127.0.0.1:0
// -ready-file, one create, SIGTERM, clean exit.
func TestSmokeBinary(t *testing.T) {
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TRUTO_EMULATOR_RUN_MAIN=1",
		"TRUTO_EMULATOR_ARGS=-listen 127.0.0.1:0 -ready-file "+ready+" -token smoke-token -accounts acc-1,acc-2 -seed 7 -log")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})

	base := waitForFile(t, ready, 10*time.Second)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		t.Fatalf("ready file = %q", base)
	}
	req, _ := http.NewRequest("POST", base+"/unified/crm/accounts?integrated_account_id=acc-2", strings.NewReader(`{"name":"Smoke"}`))
	req.Header.Set("Authorization", "Bearer smoke-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var created map[string]any
	_ = json.Unmarshal(body, &created)
	if cf, _ := created["custom_fields"].(map[string]any); cf["lifecyclestage"] != "lead" {
		t.Errorf("default profile not applied: %s", body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v\nstderr: %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not exit after SIGTERM")
	}
	out := stdout.String()
	for _, want := range []string{
		"\nexport TRUTO_BASE_URL=" + base + "\n",
		"\nexport TRUTO_API_TOKEN=smoke-token\n",
		"\nexport TRUTO_INTEGRATED_ACCOUNT_ID=acc-1\n",
		"\n# export TRUTO_INTEGRATED_ACCOUNT_ID=acc-2\n",
		"curl " + base + "/_emulator/\n",
		"shutting down",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr.String(), "POST /unified/crm/accounts?integrated_account_id=acc-2 -> 201") {
		t.Errorf("request log missing:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "smoke-token") {
		t.Error("the request log shows the token")
	}
	if _, err := os.Stat(ready); !os.IsNotExist(err) {
		t.Error("ready file left behind after a clean exit")
	}
}

// lockedBuffer is a goroutine-safe bytes.Buffer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunInProcess runs with a config file and stops through the context.
func TestRunInProcess(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "emu.json")
	writeFile(t, cfgPath, []byte(`{
		"token": "file-token",
		"accounts": [
			{"id": "hs"},
			{"id": "sbx", "profile": {"integration": "salesforce", "sandbox": true}}
		],
		"account_rate_limit": {"requests": 2, "per_ms": 60000},
		"faults": {"rate": 0},
		"seed": 3
	}`))
	ready := filepath.Join(dir, "ready")
	writeFile(t, ready, []byte("stale"))

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-config", cfgPath, "-listen", "127.0.0.1:0", "-ready-file", ready}, &stdout, &stderr)
	}()
	var base string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(ready); strings.HasPrefix(string(b), "http://") {
			base = strings.TrimSpace(string(b))
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("not ready; stderr %s", stderr.String())
	}
	get := func(acct string) *http.Response {
		req, _ := http.NewRequest("GET", base+"/unified/crm/accounts?integrated_account_id="+acct, nil)
		req.Header.Set("Authorization", "Bearer file-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get("hs"); r.StatusCode != 200 || r.Header.Get("ratelimit-limit") != "2;w=60" {
		t.Errorf("hs: %d %q", r.StatusCode, r.Header.Get("ratelimit-limit"))
	}
	get("sbx")
	get("hs")
	if r := get("hs"); r.StatusCode != 429 {
		t.Errorf("third hs request: %d, want 429 from the file's rate limit", r.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d; stderr %s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return")
	}
	sc := bufio.NewScanner(strings.NewReader(stdout.String()))
	var ids []string
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimPrefix(sc.Text(), "# "), "export TRUTO_INTEGRATED_ACCOUNT_ID="); ok {
			ids = append(ids, v)
		}
	}
	if strings.Join(ids, ",") != "hs,sbx" {
		t.Errorf("account lines = %v", ids)
	}
	if !strings.Contains(stdout.String(), "export TRUTO_API_TOKEN=file-token\n") {
		t.Errorf("stdout: %s", stdout.String())
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8089", "example.com:80"} {
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-listen", listen}, io.Discard, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "not a loopback address") {
			t.Errorf("%s: code %d, stderr %q", listen, code, stderr.String())
		}
	}
	for _, ok := range []string{"127.0.0.1:1", "[::1]:1", "localhost:1", "127.0.0.2:1"} {
		if !isLoopbackHost(ok) {
			t.Errorf("%s refused", ok)
		}
	}
}

func TestParseRateAndConfig(t *testing.T) {
	for in, want := range map[string]emulator.RateLimit{
		"50/10s":  {Requests: 50, Per: 10 * time.Second},
		"5/500ms": {Requests: 5, Per: 500 * time.Millisecond},
		"100/s":   {Requests: 100, Per: time.Second},
		"7":       {Requests: 7, Per: 10 * time.Second},
		"off":     {Requests: -1},
	} {
		got, err := parseRate(in)
		if err != nil || got != want {
			t.Errorf("parseRate(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x/10s", "0/10s", "5/xyz", "5/-1s"} {
		if _, err := parseRate(bad); err == nil {
			t.Errorf("parseRate(%q) accepted", bad)
		}
	}

	cfg, err := parseConfig([]string{"-faults", "0.2", "-fault-kinds", "500, drop_after_commit", "-rate", "off", "-accounts", "a,b,,a"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.faults.Rate != 0.2 || len(cfg.faults.Kinds) != 2 || cfg.faults.Kinds[1] != emulator.FaultDropAfterCommit {
		t.Errorf("faults = %+v", cfg.faults)
	}
	if cfg.options.AccountRateLimit.Requests != -1 || cfg.options.Token != "demo-token" || len(cfg.options.Accounts) != 2 {
		t.Errorf("options = %+v", cfg.options)
	}
	if p := cfg.options.Accounts[0].Profile; p.Integration != "hubspot" || p.RequiredCreateFields[0] != "name" || p.CustomFieldDefaults["lifecyclestage"] != "lead" {
		t.Errorf("default profile = %+v", p)
	}
	for _, bad := range [][]string{
		{"-faults", "2"},
		{"-fault-kinds", "teapot", "-faults", "0.1"},
		{"-token", ""},
		{"-accounts", ","},
		{"-config", "/does/not/exist.json"},
		{"extra-arg"},
	} {
		if _, err := parseConfig(bad, io.Discard); err == nil {
			t.Errorf("parseConfig(%v) accepted", bad)
		}
	}
	if _, err := parseConfig([]string{"-h"}, io.Discard); err != errHelp {
		t.Errorf("-h: %v", err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	writeFile(t, p, []byte(`{"accounts":[{"id":"x"}], "unknown": 1}`))
	if _, err := parseConfig([]string{"-config", p}, io.Discard); err == nil {
		t.Error("unknown config key accepted")
	}
	writeFile(t, p, []byte(`{"token":"t","accounts":[{"id":"x","profile":{"delete_unsupported":true}}]}`))
	cfg, err = parseConfig([]string{"-config", p, "-accounts", "y", "-token", "flag-wins"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.options.Token != "flag-wins" || len(cfg.options.Accounts) != 2 || !cfg.options.Accounts[0].Profile.DeleteUnsupported {
		t.Errorf("merged config = %+v", cfg.options)
	}
}

func writeFile(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDemoSeedAndNewConfigKeys(t *testing.T) {
	cfg, err := parseConfig([]string{"-accounts", "demo-1,demo-2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	emu := emulator.New(cfg.options)
	users := emu.In("users").Records("demo-1")
	var names []string
	for _, u := range users {
		names = append(names, fmt.Sprintf("%v=%v <%v>", u["id"], u["name"], u["email"]))
		if u["is_active"] != true {
			t.Errorf("inactive demo user %v", u)
		}
	}
	if got := strings.Join(names, ", "); got != "user-alex=Alex Admin <alex@demo.example>, user-sam=Sam Sales <sam@demo.example>, user-jo=Jo Support <jo@demo.example>" {
		t.Errorf("demo users = %s", got)
	}
	stages := emu.In("stages").Records("demo-1")
	var st []string
	for _, s := range stages {
		p, _ := s["pipeline"].(map[string]any)
		st = append(st, fmt.Sprintf("%s:%s:%v:%s:%s", s["id"], s["name"], s["position"], s["status"], p["name"]))
	}
	if got := strings.Join(st, " "); got != "stage-qualified:Qualified:1:active:Sales Pipeline stage-proposal:Proposal:2:active:Sales Pipeline "+
		"stage-negotiation:Negotiation:3:active:Sales Pipeline stage-closed-won:Closed Won:4:active:Sales Pipeline stage-closed-lost:Closed Lost:5:active:Sales Pipeline" {
		t.Errorf("demo stages = %s", got)
	}
	// The second account gets its own, still readable, ids.
	if u, ok := emu.In("users").Record("demo-2", "user-alex-demo-2"); !ok || u["name"] != "Alex Admin" {
		t.Errorf("demo-2 user = %v", u)
	}
	if _, ok := emu.In("stages").Record("demo-2", "stage-qualified-demo-2"); !ok {
		t.Error("demo-2 stage missing")
	}

	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	writeFile(t, p, []byte(`{"accounts":[{"id":"close-1",
		"profile":{"integration":"close","collections":{"notes":{"methods":["create","update"],"required_query":{"update":["contact"]}}},
			"lowercase_emails":true,"check_references":true,"reference_error_status":404,"partial_lists":["remote_data"],
			"fields":{"contact":[{"name":"tier","type":"enum","options":[{"label":"Gold","value":"gold"}]}]},"status":"needs_reauth"},
		"seed":{"users":[{"id":"u-1","name":"Ann"}],"contacts":[{"first_name":"Cy"}]}}],
		"account_rate_limit":{"requests":5,"per_ms":1000,"sliding":true}}`))
	cfg, err = parseConfig([]string{"-config", p}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if rl := cfg.options.AccountRateLimit; rl != (emulator.RateLimit{Requests: 5, Per: time.Second, Sliding: true}) {
		t.Errorf("rate limit = %+v", rl)
	}
	a := cfg.options.Accounts[0]
	if len(cfg.options.Accounts) != 1 || a.Profile.Status != "needs_reauth" || !a.Profile.CheckReferences || a.Profile.Fields["contact"][0].Name != "tier" ||
		a.Profile.Collections["notes"].RequiredQuery["update"][0] != "contact" || len(a.Seed["users"]) != 1 {
		t.Errorf("account = %+v", a)
	}
	emu = emulator.New(cfg.options)
	if _, ok := emu.In("users").Record("close-1", "u-1"); !ok {
		t.Error("seeded user missing")
	}
	if n := len(emu.In("users").Records("close-1")); n != 1 {
		t.Errorf("a file account got the demo seed: %d users", n)
	}
	for body, msg := range map[string]string{
		`{"accounts":[{"id":"x","seed":{"widgets":[{}]}}]}`:                                    `unknown collection "widgets"`,
		`{"accounts":[{"id":"x","profile":{"collections":{"notes":{"methods":["patch"]}}}}]}`:  `unknown method "patch"`,
		`{"accounts":[{"id":"x","profile":{"status":"asleep"}}]}`:                              `status "asleep"`,
		`{"accounts":[{"id":"x","profile":{"fields":{"contact":[{"name":"a","type":"x"}]}}}]}`: `unknown type "x"`,
	} {
		writeFile(t, p, []byte(body))
		if _, err := parseConfig([]string{"-config", p}, io.Discard); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: err %v, want %q", body, err, msg)
		}
	}
}

func TestSlidingRateFlags(t *testing.T) {
	for in, want := range map[string]emulator.RateLimit{
		"50/10s,sliding": {Requests: 50, Per: 10 * time.Second, Sliding: true},
		"7,sliding":      {Requests: 7, Per: 10 * time.Second, Sliding: true},
	} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"off,sliding", ",sliding", "5/x,sliding", "50/10s,slow"} {
		if _, err := parseRate(bad); err == nil {
			t.Errorf("parseRate(%q) accepted", bad)
		}
	}
	cfg, err := parseConfig([]string{"-rate", "20/1s", "-token-rate", "off", "-rate-sliding"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.options.AccountRateLimit != (emulator.RateLimit{Requests: 20, Per: time.Second, Sliding: true}) || cfg.options.TokenRateLimit.Sliding {
		t.Errorf("limits = %+v / %+v", cfg.options.AccountRateLimit, cfg.options.TokenRateLimit)
	}
	cfg, _ = parseConfig([]string{"-rate", "20/1s"}, io.Discard)
	if cfg.options.AccountRateLimit.Sliding {
		t.Error("sliding by default")
	}
	var out bytes.Buffer
	if _, err := parseConfig([]string{"-h"}, &out); err != errHelp || !strings.Contains(out.String(), "Sales Pipeline") || !strings.Contains(out.String(), "-rate-sliding") {
		t.Errorf("usage: %v\n%s", err, out.String())
	}
}

// TestServesDemoUsers runs the command and lists the demo users over HTTP.
func TestServesDemoUsers(t *testing.T) {
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-ready-file", ready, "-accounts", "demo"}, io.Discard, io.Discard)
	}()
	base := waitForFile(t, ready, 5*time.Second)
	req, _ := http.NewRequest("GET", base+"/unified/crm/users?integrated_account_id=demo&email=sam@demo.example", nil)
	req.Header.Set("Authorization", "Bearer demo-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Result []map[string]any `json:"result"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if len(page.Result) != 1 || page.Result[0]["id"] != "user-sam" {
		t.Errorf("users = %+v", page.Result)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8089": "http://127.0.0.1:8089", "demo-token": "demo-token",
		"a b": "'a b'", "it's": `'it'\''s'`, "": "''", "$HOME": "'$HOME'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// The -config example of the emulator guide is a complete file the emulator accepts.
func TestGuideConfigExample(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "emulator.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(guide), "```json\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("the emulator guide has no ```json block")
	}
	file := filepath.Join(t.TempDir(), "emulator.json")
	if err := os.WriteFile(file, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseConfig([]string{"-config", file}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.options.Accounts) != 2 || cfg.options.Accounts[1].Profile.Integration != "salesforce" ||
		len(cfg.options.Accounts[1].Seed["accounts"]) != 1 || !cfg.options.AccountRateLimit.Sliding {
		t.Errorf("the guide's example did not configure what it shows: %+v", cfg.options)
	}
}
