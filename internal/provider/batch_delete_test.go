package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// A destroy of many contacts on an integration with batch-delete (its meta says so) groups the
// concurrent deletes into batch-delete calls; without it, one DELETE each.
func TestAccBatchDelete_destroy(t *testing.T) {
	const n = 30
	for _, tc := range []struct {
		name    string
		profile emulator.Profile
		batched bool
	}{
		{"on", emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}}, true},
		{"query shape", emulator.Profile{Integration: "salesforce", Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteQuery}}}, true},
		{"off", emulator.Profile{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, tc.profile)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: env.config(fmt.Sprintf(`
resource "truto_crm_contact" "c" {
  count      = %d
  first_name = "C${count.index}"
}
`, n)),
					Check: env.recordsAre(kinds.Contact, n),
				}},
				CheckDestroy: func(*terraform.State) error {
					if err := env.recordsAre(kinds.Contact, 0)(nil); err != nil {
						return err
					}
					deletes, batches := 0, 0
					for _, r := range env.emu.RequestLog() {
						switch {
						case r.Method == "DELETE":
							deletes++
						case r.Method == "POST" && r.Path == "/unified/crm/contacts/batch-delete":
							batches++
						}
					}
					switch {
					case !tc.batched && (deletes != n || batches != 0):
						return fmt.Errorf("without batch-delete: %d DELETEs and %d batch-deletes, want %d and 0", deletes, batches, n)
					case tc.batched && (batches == 0 || deletes+batches >= n/2):
						return fmt.Errorf("with batch-delete: %d DELETEs and %d batch-deletes for %d contacts", deletes, batches, n)
					}
					t.Logf("%d DELETEs, %d batch-deletes", deletes, batches)
					return nil
				},
			})
		})
	}
}

// A CRM 404 on the batch-delete call of a destroy is no record's 404: each contact is read back,
// still exists, and stays in state (the destroy fails naming it) instead of being forgotten.
func TestAccBatchDelete_batchCRMNotFoundKeepsRecords(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	cfg := env.config(`
resource "truto_crm_contact" "c" {
  count      = 3
  first_name = "C${count.index}"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: env.recordsAre(kinds.Contact, 3)},
			{
				Config:  cfg,
				Destroy: true,
				PreConfig: func() {
					env.emu.In("contacts").FailNextBatchDelete(testIA, emulator.BatchDeleteFault{Status: 404, Remote: true})
				},
				ExpectError: regexp.MustCompile(`(?s)it still exists \(the batch-delete\s+outcome is unknown`),
			},
			// Still in state and in the CRM: nothing to create.
			{Config: cfg, PlanOnly: true, Check: env.recordsAre(kinds.Contact, 3)},
		},
		CheckDestroy: func(*terraform.State) error { return env.recordsAre(kinds.Contact, 0)(nil) },
	})
}

// A batch-delete the route refuses before any work (405: the method is not there) deletes nothing,
// and the destroy still deletes every contact: each gets a plain DELETE, and batching stops for the
// rest of the run. The emulator's request log shows every batch-delete answered 405 and one
// successful DELETE per contact.
func TestAccBatchDelete_refusedBatchFallsBackToDeletes(t *testing.T) {
	const n = 10
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	cfg := env.config(fmt.Sprintf(`
resource "truto_crm_contact" "c" {
  count      = %d
  first_name = "C${count.index}"
}
`, n))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: env.recordsAre(kinds.Contact, n)},
			{
				Config:  cfg,
				Destroy: true,
				PreConfig: func() {
					for range 3 { // one per batch-delete call; more than the fallback lets through
						env.emu.In("contacts").FailNextBatchDelete(testIA, emulator.BatchDeleteFault{Status: 405})
					}
				},
				Check: env.recordsAre(kinds.Contact, 0),
			},
		},
		CheckDestroy: func(*terraform.State) error { return env.recordsAre(kinds.Contact, 0)(nil) },
	})
	if t.Failed() {
		return
	}
	deleted := map[string]int{}
	batches := 0
	for _, r := range env.emu.RequestLog() {
		switch {
		case r.Method == "POST" && r.Path == "/unified/crm/contacts/batch-delete":
			batches++
			if r.Status != 405 {
				t.Errorf("a batch-delete answered %d, want 405", r.Status)
			}
		case r.Method == "DELETE" && r.Status/100 == 2:
			deleted[r.Path]++
		}
	}
	if batches == 0 || len(deleted) != n {
		t.Errorf("%d batch-deletes and %d contacts deleted by DELETE, want at least 1 and %d", batches, len(deleted), n)
	}
	for p, k := range deleted {
		if k != 1 {
			t.Errorf("%s deleted %d times", p, k)
		}
	}
	t.Logf("%d batch-deletes (405), %d DELETEs", batches, len(deleted))
}
