package e2e

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// slowCRM is a loopback proxy in front of the emulator that answers every POST createDelay after
// the emulator created the record, like a real CRM that acts first and answers late. An interrupt
// then always finds creates that are done in the CRM but not yet answered.
func slowCRM(t *testing.T, emu *harness.Emulator, createDelay time.Duration) string {
	t.Helper()
	target, err := url.Parse(emu.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodPost {
			time.Sleep(createDelay) // the record exists already; only the answer is late
		}
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(proxy)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// Ctrl-C in the middle of an apply: Terraform stops scheduling new work and cancels the provider's
// in-flight calls. Creates the CRM already carried out must still end up in state (else the next
// apply duplicates them), so state and CRM agree; a second apply then creates exactly the rest.
func TestInterruptedApplyResumes(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const n, ia = 30, "ia-interrupt"
	// 10 requests per second: the 30 creates take about 3 s, long enough to interrupt mid-way;
	// each create is answered 400 ms after it happened.
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}, Rate: "10/1s", Seed: 7})
	w := workdir(t, emu, ia, "TRUTO_BASE_URL="+slowCRM(t, emu, 400*time.Millisecond))
	if err := w.WriteConfig(accountsConfig("interrupt", n, "")); err != nil {
		t.Fatal(err)
	}

	run, err := w.Start(t.Context(), "apply", "-auto-approve", "-no-color", "-input=false")
	if err != nil {
		t.Fatal(err)
	}
	// Interrupt once some creates reached the emulator (bounded: 60 s).
	deadline := time.After(60 * time.Second)
	interrupted := false
	for !interrupted {
		select {
		case <-run.Done():
			t.Fatalf("apply finished before it could be interrupted:\n%s", run.Wait().Stdout)
		case <-deadline:
			t.Fatal("no create reached the emulator within 60 s")
		case <-time.After(20 * time.Millisecond):
		}
		c, err := emu.Counts(t.Context())
		if err == nil && c["POST"]-c["429"] >= 8 {
			if err := run.Interrupt(); err != nil {
				t.Fatal(err)
			}
			interrupted = true
			t.Logf("interrupted after %d POSTs (%d answered 429)", c["POST"], c["429"])
		}
	}
	select {
	case <-run.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("terraform did not exit within 60 s of the interrupt")
	}
	first := run.Wait()
	t.Logf("interrupted apply: exit code %d after %s", first.ExitCode, first.Elapsed.Round(time.Millisecond))
	insts, err := w.ReadState()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := emu.Records(t.Context(), ia)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("after the interrupt: %d records in the emulator, %d in state", len(recs), len(insts))
	if len(recs) >= n {
		t.Fatalf("the interrupt came too late: all %d accounts were created", len(recs))
	}
	// Every account the CRM got is in state: no orphan to be duplicated by the next apply.
	checkConsistent(t, emu, ia, len(recs), w)
	if t.Failed() {
		t.Logf("interrupted apply output:\n%s\n%s", first.Stdout, first.Stderr)
		t.FailNow()
	}

	second := mustApply(t, w)
	t.Logf("second apply: %s", second.Elapsed.Round(time.Millisecond))
	checkConsistent(t, emu, ia, n, w)
}
