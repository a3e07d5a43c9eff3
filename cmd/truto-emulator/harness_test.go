package main

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// TestHarnessCollectionHelpers starts this test binary as the emulator
// through internal/harness and drives its collection-aware control helpers.
func TestHarnessCollectionHelpers(t *testing.T) {
	t.Setenv("TRUTO_EMULATOR_RUN_MAIN", "1")
	t.Setenv("TRUTO_EMULATOR_ARGS", "")
	b := &harness.Binaries{Emulator: os.Args[0]}
	ctx := context.Background()
	e, err := b.StartEmulator(ctx, t.TempDir(), harness.EmulatorOptions{Token: "tok", IntegratedAccounts: []string{"ia"}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()

	users, err := e.RecordsIn(ctx, "ia", "users")
	if err != nil || len(users) != 3 || users[0]["id"] != "user-alex" {
		t.Fatalf("demo users = %v, %v", users, err)
	}
	id, err := e.SeedIn(ctx, "ia", "contacts", map[string]any{"id": "c 1", "first_name": "Ann"})
	if err != nil || id != "c 1" {
		t.Fatalf("SeedIn = %q, %v", id, err)
	}
	if rec, err := e.MutateIn(ctx, "ia", "contacts", id, map[string]any{"last_name": "Lee"}); err != nil || rec["name"] != "Ann Lee" {
		t.Errorf("MutateIn = %v, %v", rec, err)
	}
	if accts, _ := e.Records(ctx, "ia"); len(accts) != 0 {
		t.Errorf("a contact shows as an account: %v", accts)
	}
	if err := e.RemoveIn(ctx, "ia", "contacts", id); err != nil {
		t.Fatal(err)
	}
	if err := e.RemoveIn(ctx, "ia", "contacts", id); err == nil {
		t.Error("removing a missing record succeeded")
	}
	if _, err := e.RecordsIn(ctx, "ia", "widgets"); err == nil {
		t.Error("unknown collection accepted")
	}

	get := func(path string) int {
		req, _ := http.NewRequest("GET", e.URL+path, nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if err := e.FailNextIn(ctx, "notes", "GET", 502, 1); err != nil {
		t.Fatal(err)
	}
	if get("/unified/crm/contacts?integrated_account_id=ia") != 200 || get("/unified/crm/notes?integrated_account_id=ia") != 502 {
		t.Error("FailNextIn hit the wrong collection")
	}
	if c, err := e.CollectionCounts(ctx, "notes"); err != nil || c["GET"] != 1 {
		t.Errorf("CollectionCounts = %v, %v", c, err)
	}
	log, err := e.Requests(ctx)
	if err != nil || len(log) != 2 || log[1].Path != "/unified/crm/notes" || log[1].Status != 502 || log[1].Query.Get("integrated_account_id") != "ia" {
		t.Errorf("Requests = %+v, %v", log, err)
	}
	if err := e.SetSlidingRateLimit(ctx, "ia", 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if get("/unified/crm/stages?integrated_account_id=ia") != 200 || get("/unified/crm/stages?integrated_account_id=ia") != 429 {
		t.Error("sliding limit not applied")
	}
}
