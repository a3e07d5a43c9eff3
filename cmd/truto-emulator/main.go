// Command truto-emulator serves an in-memory emulator of Truto's Unified CRM
// API (package internal/emulator: accounts, contacts, opportunities, leads,
// notes, tasks, engagements, users, stages, the fields catalog, meta and
// capabilities) for demos, manual testing and benchmarks of the Terraform
// provider.
//
//	go run ./cmd/truto-emulator -listen 127.0.0.1:8089 -token demo-token -accounts demo-account
//
// On start it prints lines to paste into a shell (other accounts commented out):
//
//	export TRUTO_BASE_URL=http://127.0.0.1:8089
//	export TRUTO_API_TOKEN=demo-token
//	export TRUTO_INTEGRATED_ACCOUNT_ID=demo-account
//	# export TRUTO_INTEGRATED_ACCOUNT_ID=other-account
//
// Every account named with -accounts has a HubSpot-like profile and starts
// with three users (user-alex, user-sam, user-jo) and a "Sales Pipeline"
// (pipeline-sales) with five stages (stage-qualified, stage-proposal,
// stage-negotiation, stage-closed-won, stage-closed-lost); later accounts get
// those ids suffixed with their account id. -config FILE describes accounts
// with their own profiles and seed records (see fileConfig). -rate 50/10s,sliding
// (or -rate-sliding) makes a limit a sliding window.
//
// With -listen 127.0.0.1:0 the real port is printed; -ready-file PATH gets
// the base URL written once the server accepts connections (scripts can wait
// for the file). It listens on loopback only unless -allow-non-loopback is
// given, and shuts down cleanly on SIGINT or SIGTERM.
//
// The emulator's control surface (records, counters, faults, rate limits) is
// under /_emulator/ and needs the same token; see package emulator.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: it serves until ctx is done and returns
// the exit code (0 clean, 1 runtime failure, 2 bad usage).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, stderr)
	if errors.Is(err, errHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "truto-emulator:", err)
		return 2
	}
	if !cfg.allowNonLoopback && !isLoopbackHost(cfg.listen) {
		fmt.Fprintf(stderr, "truto-emulator: refusing to listen on %s: not a loopback address (use -allow-non-loopback to override)\n", cfg.listen)
		return 2
	}
	if cfg.readyFile != "" {
		// A stale file from an earlier run must not signal readiness.
		if err := os.Remove(cfg.readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(stderr, "truto-emulator:", err)
			return 1
		}
	}

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		fmt.Fprintln(stderr, "truto-emulator:", err)
		return 1
	}
	addr, isTCP := ln.Addr().(*net.TCPAddr)
	if !isTCP || (!cfg.allowNonLoopback && !addr.IP.IsLoopback()) {
		ln.Close()
		fmt.Fprintf(stderr, "truto-emulator: refusing to serve on %s: not a loopback address\n", ln.Addr())
		return 2
	}

	emu := emulator.New(cfg.options)
	emu.SetFaults(cfg.faults)
	var handler http.Handler = emu
	if cfg.logRequests {
		handler = logRequests(emu, stderr)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(stderr, "truto-emulator: ", 0),
	}

	baseURL := "http://" + addr.String()
	fmt.Fprintf(stdout, "truto-emulator listening on %s\n", baseURL)
	fmt.Fprintln(stdout, "# Paste into a shell to point Terraform at the emulator (other accounts are commented out):")
	fmt.Fprintf(stdout, "export TRUTO_BASE_URL=%s\n", shellQuote(baseURL))
	fmt.Fprintf(stdout, "export TRUTO_API_TOKEN=%s\n", shellQuote(cfg.options.Token))
	for i, a := range cfg.options.Accounts {
		comment := ""
		if i > 0 {
			comment = "# "
		}
		fmt.Fprintf(stdout, "%sexport TRUTO_INTEGRATED_ACCOUNT_ID=%s\n", comment, shellQuote(a.ID))
	}
	fmt.Fprintf(stdout, "# Control routes (records, faults, rate limits): curl %s/_emulator/\n", baseURL)
	if cfg.faults.Rate > 0 {
		fmt.Fprintf(stdout, "faults: rate %.3g, kinds %v\n", cfg.faults.Rate, cfg.faults.Kinds)
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	// The listener is open (connections queue up even before Serve runs),
	// so the base URL can be published now.
	if cfg.readyFile != "" {
		if err := writeFileAtomic(cfg.readyFile, baseURL+"\n"); err != nil {
			fmt.Fprintln(stderr, "truto-emulator:", err)
			srv.Close()
			return 1
		}
		defer os.Remove(cfg.readyFile)
	}

	select {
	case err := <-serveErr:
		fmt.Fprintln(stderr, "truto-emulator:", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "truto-emulator: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "truto-emulator:", err)
		return 1
	}
	return 0
}

// shellQuote quotes a value for a POSIX shell when it holds anything but safe characters.
func shellQuote(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/@%+,=") == "" {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// isLoopbackHost reports whether a listen address names a loopback host
// (127.0.0.0/8, ::1 or localhost). An empty host means every interface.
func isLoopbackHost(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeFileAtomic writes through a temporary file and a rename, so a reader
// never sees a partial file.
func writeFileAtomic(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// logRequests logs one line per request: method, path and query (the
// token is in a header and never logged), status, duration.
func logRequests(next http.Handler, w io.Writer) http.Handler {
	l := log.New(w, "", log.LstdFlags|log.Lmicroseconds)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &emulator.StatusWriter{ResponseWriter: rw}
		defer func() {
			status := fmt.Sprint(sw.Status)
			if sw.Status == 0 {
				status = "dropped"
			}
			l.Printf("%s %s -> %s (%v)", r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}
