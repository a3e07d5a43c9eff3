package truto

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Terraform cancels the context of every running call when the user interrupts an apply. A create
// already sent must not be abandoned: the CRM has (or will have) the record, so the answer is
// awaited and returned, and the provider records it in state instead of leaving an orphan.
func TestCancelDuringCreateWaitsForTheAnswer(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		time.Sleep(300 * time.Millisecond) // the CRM has acted; its answer is slow
		writeJSON(w, http.StatusCreated, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	got, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	if err != nil {
		t.Fatalf("create cancelled in flight: want the created account, got %v", err)
	}
	if got.ID != "acc-1" {
		t.Errorf("id = %q, want acc-1", got.ID)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

// After a cancellation no further attempt starts: a create whose first attempt failed with a 502
// and is cancelled during that attempt is not retried, and its outcome stays unknown.
func TestCancelDuringCreateDoesNotRetry(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		time.Sleep(200 * time.Millisecond)
		writeJSON(w, http.StatusBadGateway, `{}`)
	})
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	assertOutcomeUnknown(t, err, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled in the chain: %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("requests = %d, want 1 (no attempt after the cancellation)", n)
	}
}

// A read is abandoned at once: it changes nothing.
func TestCancelDuringReadReturnsAtOnce(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		writeJSON(w, http.StatusOK, accountJSON)
	})
	defer close(release)
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Get(ctx, accounts, c.opts, "acc-1")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("read returned %s after the cancellation", el)
	}
}

// The deadline of ctx (the resource's timeout) still bounds a write in flight.
func TestDeadlineBoundsCreateInFlight(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		writeJSON(w, http.StatusCreated, accountJSON)
	})
	defer close(release)
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("create returned %s after the deadline", el)
	}
	assertOutcomeUnknown(t, err, 1)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want context.DeadlineExceeded in the chain: %v", err)
	}
}

// A call whose context is already cancelled sends nothing.
func TestCancelledContextSendsNothing(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusCreated, accountJSON)
	})
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("want a plain context.Canceled (nothing was sent), got %v", err)
	}
	if n := srv.count(); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

// An interrupt before anything was processed says so: the request was not sent (or only refused
// unprocessed with a 429), so nothing was created, and it is not an outcome-unknown error.
func TestInterruptBeforeSendingSaysNothingWasCreated(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "2")
		writeJSON(w, http.StatusTooManyRequests, `{"statusCode":429,"error":"Too Many Requests"}`)
	})
	c := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	var np *NotProcessedError
	if !errors.As(err, &np) || !strings.Contains(err.Error(), "interrupted before the request was sent: nothing was created") {
		t.Errorf("cancelled before sending: %v", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel) // during the wait for Retry-After
	_, err = c.Create(ctx, accounts, c.opts, rec("name", "Acme"))
	if errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) ||
		!strings.Contains(err.Error(), "interrupted after 1 attempt(s) that Truto did not process: nothing was created") {
		t.Errorf("cancelled while waiting out a 429: %v", err)
	}
	if StatusCode(err) != http.StatusTooManyRequests {
		t.Errorf("the last failure should stay reachable: %v", err)
	}
}
