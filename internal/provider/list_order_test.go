package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/kinds"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// reorderedImport is a record the CRM holds with its lists in one order (and its emails lowercased),
// and a hand-written configuration that lists the same items in another order and spelling.
type reorderedImport struct {
	k      *record.Kind
	seed   map[string]any
	config string // the resource block's body
}

var reorderedImports = []reorderedImport{
	{
		k: kinds.Contact,
		seed: map[string]any{
			"first_name": "Jane",
			"email_addresses": []any{
				map[string]any{"email": "b@acme.example", "type": "work"},
				map[string]any{"email": "a@acme.example", "type": "home"},
			},
			"phone_numbers": []any{
				map[string]any{"number": "+1 555 0102", "type": "mobile"},
				map[string]any{"number": "+1 555 0101", "type": "work"},
			},
			"urls":      []any{map[string]any{"url": "https://b.example", "type": "blog"}, map[string]any{"url": "https://a.example"}},
			"tags":      []any{map[string]any{"name": "vip"}, map[string]any{"name": "partner"}},
			"addresses": []any{map[string]any{"city": "Berlin"}, map[string]any{"city": "Paris", "type": "billing"}},
		},
		config: `
  first_name      = "Jane"
  email_addresses = [{ email = "A@Acme.example" }, { email = "B@Acme.example", type = "work" }]
  phone_numbers   = [{ number = "+1 555 0101" }, { number = "+1 555 0102", type = "mobile" }]
  urls            = [{ url = "https://a.example" }, { url = "https://b.example" }]
  tags            = [{ name = "partner" }, { name = "vip" }]
  addresses       = [{ city = "Paris" }, { city = "Berlin" }]`,
	},
	{
		k: kinds.Lead,
		seed: map[string]any{
			"first_name": "Sam",
			"email_addresses": []any{
				map[string]any{"email": "b@demo.example", "type": "secondary"},
				map[string]any{"email": "a@demo.example", "type": "primary"},
			},
			"addresses": []any{map[string]any{"city": "Oslo"}, map[string]any{"city": "Rome"}},
		},
		config: `
  first_name      = "Sam"
  email_addresses = [{ email = "A@Demo.example" }, { email = "B@Demo.example" }]
  addresses       = [{ city = "Rome" }, { city = "Oslo" }]`,
	},
	{
		k:    kinds.Opportunity,
		seed: map[string]any{"name": "Deal", "contact": []any{map[string]any{"id": "c2"}, map[string]any{"id": "c1"}}},
		config: `
  name    = "Deal"
  contact = [{ id = "c1" }, { id = "c2" }]`,
	},
}

func (tc reorderedImport) addr() string { return tc.k.TypeName() + ".r" }

func (tc reorderedImport) resource() string {
	return fmt.Sprintf("resource %q \"r\" {%s\n}\n", tc.k.TypeName(), tc.config)
}

// noWrites fails when the emulator received a write.
func (e *testEnv) noWrites(what string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.writes(); n != 0 {
			return fmt.Errorf("%d writes after %s", n, what)
		}
		return nil
	}
}

// A record imported under a configuration that lists its items in another order (and spells its
// emails in another case) plans no change, whatever the import path: the CLI with either id form,
// an import block by id, by identity, or with generated configuration.
func TestAccNestedLists_importInAnotherOrderPlansNoChange(t *testing.T) {
	for _, tc := range reorderedImports {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			for _, idForm := range []string{"account/id", "id"} {
				t.Run("cli "+idForm, func(t *testing.T) {
					env := newTestEnv(t, emulator.Profile{})
					id := env.emu.In(tc.k.Plural()).Seed(testIA, tc.seed)
					importID := id
					if idForm == "account/id" {
						importID = testIA + "/" + id
					}
					cfg := env.config(tc.resource())
					resource.ParallelTest(t, resource.TestCase{
						ProtoV6ProviderFactories: testProviders,
						Steps: []resource.TestStep{
							{Config: cfg, ResourceName: tc.addr(), ImportState: true, ImportStatePersist: true, ImportStateId: importID},
							{
								Config:           cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
								Check:            env.noWrites("an import with the same lists in another order"),
							},
						},
					})
				})
			}
			blocks := map[string]struct {
				target string
				checks []tfversion.TerraformVersionCheck
			}{
				"import block by id": {target: `id = "%s"`},
				"import block by identity": {
					target: `identity = { integrated_account_id = "` + testIA + `", id = "%s" }`,
					checks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				},
			}
			for name, b := range blocks {
				t.Run(name, func(t *testing.T) {
					env := newTestEnv(t, emulator.Profile{})
					id := env.emu.In(tc.k.Plural()).Seed(testIA, tc.seed)
					cfg := env.config(fmt.Sprintf("import {\n  to = %s\n  "+b.target+"\n}\n", tc.addr(), id) + tc.resource())
					resource.ParallelTest(t, resource.TestCase{
						ProtoV6ProviderFactories: testProviders,
						TerraformVersionChecks:   b.checks,
						Steps: []resource.TestStep{{
							Config: cfg,
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(tc.addr(), plancheck.ResourceActionNoop),
							}},
							Check: env.noWrites("an import block with the same lists in another order"),
						}},
					})
				})
			}
			// Generated configuration holds the CRM's order, so it can only guard this path.
			t.Run("generated config", func(t *testing.T) {
				env := newTestEnv(t, emulator.Profile{})
				id := env.emu.In(tc.k.Plural()).Seed(testIA, tc.seed)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					Steps: []resource.TestStep{{ // the import kind itself fails on any planned change
						ResourceName: tc.addr(), ImportState: true, ImportStateKind: resource.ImportBlockWithID,
						GenerateConfig: true, ImportStateId: id, ImportStateConfigExact: true,
						Config: env.providerBlock() + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", tc.addr(), id),
					}},
				})
			})
		})
	}
}

// A list that really differs from the imported one (an item added) still plans an update, and the
// update sends the items in the configuration's order.
func TestAccNestedLists_realChangeAfterImportSendsConfiguredOrder(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane", "email_addresses": []any{
		map[string]any{"email": "b@acme.example", "type": "work"},
		map[string]any{"email": "a@acme.example"},
	}})
	cfg := env.config(`
resource "truto_crm_contact" "r" {
  first_name      = "Jane"
  email_addresses = [{ email = "A@Acme.example" }, { email = "C@Acme.example" }, { email = "B@Acme.example" }]
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: contactAddr, ImportState: true, ImportStatePersist: true, ImportStateId: id},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if n := env.emu.CollectionCounts("contacts")["PATCH"]; n != 1 {
						return fmt.Errorf("%d PATCH requests, want 1", n)
					}
					rec, _ := env.emu.In("contacts").Record(testIA, id)
					var got []string
					for i := range 3 {
						got = append(got, itemAt(rec, "email_addresses", i, "email"))
					}
					if fmt.Sprint(got) != "[A@Acme.example C@Acme.example B@Acme.example]" {
						return fmt.Errorf("the update sent %v, want the configuration's order", got)
					}
					if itemAt(rec, "email_addresses", 2, "type") != "work" {
						return fmt.Errorf("the unchanged item lost the CRM's type: %s", jsonOf(rec["email_addresses"]))
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// sameUpToOrder is the list machinery's equivalence: the same items in any order, compared by the
// configured attributes only, under each attribute's own rule.
