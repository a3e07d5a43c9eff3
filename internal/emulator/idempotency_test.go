package emulator

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestIdempotentCreateReplay(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"name": "Once"}
	first := h.call("POST", collPath(acctID), body, "Idempotency-Key: k-1").wantStatus(t, 201)
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Error("first response marked as replayed")
	}
	second := h.call("POST", collPath(acctID), body, "Idempotency-Key: k-1").wantStatus(t, 201)
	if second.header.Get("Idempotent-Replayed") != "true" {
		t.Error("replay lacks Idempotent-Replayed: true")
	}
	if string(first.raw) != string(second.raw) {
		t.Errorf("replay body differs:\n%s\n%s", first.raw, second.raw)
	}
	if n := len(h.srv.Records(acctID)); n != 1 {
		t.Errorf("%d records for two POSTs with one key", n)
	}
	h.call("POST", collPath(acctID), body, "Idempotency-Key: k-2").wantStatus(t, 201)
	h.call("POST", collPath(acctID), body).wantStatus(t, 201)
	if n := len(h.srv.Records(acctID)); n != 3 {
		t.Errorf("%d records, want 3", n)
	}
	jsonEq(t, "IdempotencyKeys", h.srv.IdempotencyKeys(), []string{"k-1", "k-1", "k-2"})

	// A validation error is a completed response and is replayed too.
	h.call("POST", collPath(acctID), map[string]any{}, "Idempotency-Key: k-bad").wantStatus(t, 400)
	r := h.call("POST", collPath(acctID), body, "Idempotency-Key: k-bad").wantStatus(t, 400)
	if r.header.Get("Idempotent-Replayed") != "true" {
		t.Error("400 not replayed")
	}
}

func TestIdempotentPatchAppliedOnce(t *testing.T) {
	h := newHarness(t)
	id := sv(h.create(acctID, map[string]any{"name": "P"})["id"])
	first := h.call("PATCH", itemPath(acctID, id), map[string]any{"description": "mine"}, "Idempotency-Key: p-1").wantStatus(t, 200)
	h.srv.Mutate(acctID, id, map[string]any{"description": "theirs"})
	again := h.call("PATCH", itemPath(acctID, id), map[string]any{"description": "mine"}, "Idempotency-Key: p-1").wantStatus(t, 200)
	if again.header.Get("Idempotent-Replayed") != "true" || string(again.raw) != string(first.raw) {
		t.Errorf("PATCH not replayed: %s", again.raw)
	}
	if rec, _ := h.srv.Record(acctID, id); rec["description"] != "theirs" {
		t.Errorf("replayed PATCH was applied again: %v", rec["description"])
	}
	if len(h.srv.IdempotencyKeys()) != 0 {
		t.Error("PATCH keys recorded as POST keys")
	}
}

func TestIdempotencyConcurrentSameKey(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	ids := make([]string, 20)
	for i := range ids {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", h.ts.URL+collPath(acctID), jsonBody(map[string]any{"name": "Race"}))
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Idempotency-Key", "same")
			resp, err := h.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			ids[i] = decodeID(t, resp)
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("different ids for one key: %v", ids)
		}
	}
	if n := len(h.srv.Records(acctID)); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

func TestIdempotencyFaultsAreNotCached(t *testing.T) {
	h := newHarness(t)
	h.srv.FailNext("POST", 500, 1)
	h.call("POST", collPath(acctID), map[string]any{"name": "R"}, "Idempotency-Key: f-1").wantStatus(t, 500)
	r := h.call("POST", collPath(acctID), map[string]any{"name": "R"}, "Idempotency-Key: f-1").wantStatus(t, 201)
	if r.header.Get("Idempotent-Replayed") != "" {
		t.Error("retry after a fault was a replay")
	}
}

func TestIdemCacheBounds(t *testing.T) {
	ctx := context.Background()
	c := newIdemCache(time.Hour, 3)
	resp := jsonResponse(200, map[string]any{"ok": true})
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if _, owned, _ := c.acquire(ctx, k); !owned {
			t.Fatalf("%s not owned", k)
		}
		c.complete(k, resp)
	}
	if len(c.entries) != 3 || len(c.order) != 3 {
		t.Fatalf("cache holds %d/%d entries, want 3", len(c.entries), len(c.order))
	}
	if _, owned, _ := c.acquire(ctx, "a"); !owned {
		t.Error("evicted key a still cached")
	}
	c.complete("a", nil) // forgotten
	if cached, _, _ := c.acquire(ctx, "e"); cached == nil {
		t.Error("recent key e not cached")
	}

	short := newIdemCache(time.Millisecond, 10)
	_, _, _ = short.acquire(ctx, "x")
	short.complete("x", resp)
	time.Sleep(3 * time.Millisecond)
	if _, owned, _ := short.acquire(ctx, "x"); !owned {
		t.Error("expired key still replayed")
	}

	// A waiter gives up when its client goes away.
	c2 := newIdemCache(time.Hour, 10)
	_, _, _ = c2.acquire(ctx, "busy")
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, _, err := c2.acquire(cctx, "busy"); err == nil {
		t.Error("waiter did not give up")
	}
}
