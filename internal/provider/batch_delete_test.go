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
