package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
	"github.com/truto/terraform-provider-truto/internal/record"
)

// Tests of adopt_by (issue 19): a create that finds its natural key in the CRM adopts that record.

// planCheck runs a function as a plan check (to change the CRM between plan and apply).
type planCheck func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse)

func (f planCheck) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	f(ctx, req, resp)
}

// countsAre asserts the requests to a collection by method (methods not named must be absent).
func (e *testEnv) countsAre(k *record.Kind, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := e.emu.CollectionCounts(k.Plural())
		for _, m := range []string{"POST", "PATCH", "DELETE"} {
			if got[m] != want[m] {
				return fmt.Errorf("%d %s requests to %s, want %d (all: %v)", got[m], m, k.Plural(), want[m], got)
			}
		}
		return nil
	}
}

// recordsAre asserts how many records a collection holds.
func (e *testEnv) recordsAre(k *record.Kind, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.emu.In(k.Plural()).Records(testIA)); got != n {
			return fmt.Errorf("%d %s in the CRM, want %d", got, k.Plural(), n)
		}
		return nil
	}
}

func plansAdoption(addr, id string) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("adopted"), knownvalue.Bool(true)),
	}
}

// One match: the plan shows its id and adopted = true; the apply sends one PATCH of what differs
// (the title), no POST, leaves the record's other custom fields alone; the next plan is empty.
func TestAccAdoptBy_adoptsTheOneMatch(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	contacts := env.emu.In("contacts")
	contacts.Seed(testIA, map[string]any{"first_name": "John", "email_addresses": []any{map[string]any{"email": "john@acme.example"}}})
	id := contacts.Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Doe", "title": "CEO",
		"email_addresses": []any{map[string]any{"email": "jane@acme.example", "type": "work"}},
		"custom_fields":   map[string]any{"tier": "gold", "score": "7"}})
	cfg := env.config(`
resource "truto_crm_contact" "c" {
  adopt_by        = ["email"]
  first_name      = "Jane"
  title           = "CTO"
  email_addresses = [{ email = "Jane@Acme.example" }]
  custom_fields   = { tier = "gold" }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_contact.c", id)},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("truto_crm_contact.c", "id", id),
					resource.TestCheckResourceAttr("truto_crm_contact.c", "adopted", "true"),
					env.countsAre(kinds.Contact, map[string]int{"PATCH": 1}),
					env.recordsAre(kinds.Contact, 2),
					func(*terraform.State) error {
						rec, _ := contacts.Record(testIA, id)
						cf, _ := rec["custom_fields"].(map[string]any)
						if rec["title"] != "CTO" || rec["last_name"] != "Doe" || cf["score"] != "7" || cf["tier"] != "gold" {
							return fmt.Errorf("adopted record is %v", rec)
						}
						return nil
					},
				),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // adopt_by matters only at create: removing it plans nothing
				Config: env.config(`
resource "truto_crm_contact" "c" {
  first_name      = "Jane"
  title           = "CTO"
  email_addresses = [{ email = "Jane@Acme.example" }]
  custom_fields   = { tier = "gold" }
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.countsAre(kinds.Contact, map[string]int{"PATCH": 1}),
			},
		},
	})
}

// Case, white space and website variants match; drift compares spellings exactly, so the one
// PATCH carries the configured spelling of both (the state must hold it), and the next plan is empty.
func TestAccAdoptBy_variantSpellingsMatchAndAreWritten(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme Corp", "website": "https://www.Acme.example/"})
	cfg := env.config(`
resource "truto_crm_account" "a" {
  adopt_by = ["name", "website"]
  name     = " acme  CORP "
  website  = "http://acme.example"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_account.a", id)},
				Check: resource.ComposeTestCheckFunc(env.recordsAre(kinds.Account, 1),
					env.countsAre(kinds.Account, map[string]int{"PATCH": 1}), env.patchSent(kinds.Account, "name", "website")),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A match whose configured attributes all equal the record's is adopted without any write.
func TestAccAdoptBy_equalRecordIsAdoptedWithoutWrites(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme Corp", "website": "https://acme.example",
		"description": "Rockets"})
	cfg := env.config(`
resource "truto_crm_account" "a" {
  adopt_by = ["name"]
  name     = "Acme Corp"
  website  = "https://acme.example"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_account.a", id)},
				Check: resource.ComposeTestCheckFunc(env.recordsAre(kinds.Account, 1),
					env.countsAre(kinds.Account, map[string]int{}),
					resource.TestCheckResourceAttr("truto_crm_account.a", "description", "Rockets")),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// patchSent asserts that every PATCH of the collection sent exactly keys.
func (e *testEnv) patchSent(k *record.Kind, keys ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range e.requestsTo("PATCH", k.Plural()) {
			if !slices.Equal(r.BodyKeys, keys) {
				return fmt.Errorf("PATCH %s sent %v, want %v", r.Path, r.BodyKeys, keys)
			}
		}
		return nil
	}
}

// No match: a create as today, adopted = false.
func TestAccAdoptBy_createsWhenNothingMatches(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Roe"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_contact" "c" {
  adopt_by   = ["name"]
  first_name = "Jane"
  last_name  = "Doe"
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("truto_crm_contact.c", tfjsonpath.New("id")),
			}},
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("truto_crm_contact.c", "adopted", "false"),
				env.countsAre(kinds.Contact, map[string]int{"POST": 1}),
				env.recordsAre(kinds.Contact, 2),
			),
		}},
	})
}

// Several matches: a plan error listing the ids; nothing is written.
func TestAccAdoptBy_severalMatchesFailThePlan(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	a := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Doe"})
	b := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "JANE", "last_name": "doe"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_contact" "c" {
  adopt_by   = ["name"]
  first_name = "Jane"
  last_name  = "Doe"
}
`),
			ExpectError: regexp.MustCompile(`2\s+CRM\s+contacts\s+match\s+name\s+Jane\s+Doe:\s+` + a + `,\s+` + b + `\.\s+Nothing\s+was\s+written`),
		}, {
			PreConfig: env.noWritesYet(t),
			Config:    env.config(""),
		}},
	})
}

// A CRM that ignores the filter answers every record: the re-check picks the one that matches.
func TestAccAdoptBy_filterIgnoredByTheCRM(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{SupportedFilters: []string{}})
	contacts := env.emu.In("contacts")
	contacts.Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Doe"})
	id := contacts.Seed(testIA, map[string]any{"first_name": "John", "last_name": "Roe"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_contact" "c" {
  adopt_by   = ["name"]
  first_name = "  john "
  last_name  = "ROE"
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_contact.c", id)},
			Check:            resource.ComposeTestCheckFunc(env.recordsAre(kinds.Contact, 2), env.countsAre(kinds.Contact, map[string]int{"PATCH": 1})),
		}},
	})
}

// A match created between plan and apply is adopted: never a second record with the same key.
func TestAccAdoptBy_matchAppearingBeforeApplyIsAdopted(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var id string
	seed := planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
		id = env.emu.In("opportunities").Seed(testIA, map[string]any{"name": "Big deal"})
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_opportunity" "o" {
  adopt_by = ["name"]
  name     = "Big deal"
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("truto_crm_opportunity.o", tfjsonpath.New("id")), seed,
			}},
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error {
					return resource.TestCheckResourceAttr("truto_crm_opportunity.o", "id", id)(s)
				},
				resource.TestCheckResourceAttr("truto_crm_opportunity.o", "adopted", "true"),
				env.recordsAre(kinds.Opportunity, 1),
				env.countsAre(kinds.Opportunity, map[string]int{}),
			),
		}},
	})
}

// The planned match vanishing before apply fails the apply before any write.
func TestAccAdoptBy_plannedMatchVanishing(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.In("tasks").Seed(testIA, map[string]any{"subject": "Call Acme"})
	remove := planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
		env.emu.In("tasks").Remove(testIA, id)
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_task" "t" {
  adopt_by = ["subject"]
  subject  = "call   acme"
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(plansAdoption("truto_crm_task.t", id), remove)},
			ExpectError:      regexp.MustCompile(`(inconsistent final plan|no longer matches)`),
		}, {
			PreConfig: env.noWritesYet(t),
			Config:    env.config(""),
		}},
	})
}

// Unknown key names and unset key values are plan errors naming adopt_by, with zero requests.
func TestAccAdoptBy_badValuesFailWithoutRequests(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	for _, tc := range []struct{ body, want string }{
		{`adopt_by = ["phone"]
  first_name = "Jane"`, `adopt_by: "phone" is not a natural key of a contact; allowed keys of a contact: email, name`},
		{`adopt_by = ["email"]
  first_name = "Jane"`, `adopt_by: the key "email" needs email_addresses set`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:      env.config("resource \"truto_crm_contact\" \"c\" {\n  " + tc.body + "\n}\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(tc.want), " ", `\s+`)),
			}},
		})
	}
	if n := len(env.emu.RequestLog()); n != 0 {
		t.Errorf("%d requests for configurations the plan refuses", n)
	}
}

// Import ignores adopt_by: an imported record is not adopted (adopted = false), and a configuration
// that adds adopt_by to it plans nothing.
func TestAccAdoptBy_importIsNotAnAdoption(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	id := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane", "last_name": "Doe"})
	cfg := env.config(`
resource "truto_crm_contact" "c" {
  adopt_by   = ["name"]
  first_name = "Jane"
  last_name  = "Doe"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: "truto_crm_contact.c", ImportState: true, ImportStatePersist: true, ImportStateId: id},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("truto_crm_contact.c", "adopted", "false"),
					resource.TestCheckResourceAttr("truto_crm_contact.c", "adopt_by.#", "0"),
					env.noWrites("an import"),
				),
			},
		},
	})
}

// A create whose outcome is unknown (the CRM answered 504, having made the record) says adopt_by can
// take it over; the re-apply with adopt_by adopts the record the lost create made.
func TestAccAdoptBy_adoptsWhatAnUnknownCreateMade(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cfg := strings.Replace(env.providerBlock(), "provider \"truto\" {", "provider \"truto\" {\n  max_retries = 0", 1) + `
resource "truto_crm_account" "a" {
  adopt_by = ["name"]
  name     = "Acme"
}
`
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { env.emu.FailNextIn("accounts", "POST", 504, 1) },
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)may\s+have\s+been\s+created.*set\s+adopt_by`),
			},
			{
				PreConfig: func() { id = env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"}) },
				Config:    cfg,
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						return resource.TestCheckResourceAttr("truto_crm_account.a", "id", id)(s)
					},
					resource.TestCheckResourceAttr("truto_crm_account.a", "adopted", "true"),
					env.recordsAre(kinds.Account, 1),
					env.countsAre(kinds.Account, map[string]int{"POST": 1}),
				),
			},
		},
	})
}

// An adopted record's custom fields are as after an import: with custom_fields unset every field is
// adopted, and a configuration that later manages one of them never clears the others.
func TestAccAdoptBy_customFieldsAsAfterAnImport(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	accounts := env.emu.In("accounts")
	id := accounts.Seed(testIA, map[string]any{"name": "Acme", "custom_fields": map[string]any{"tier": "gold", "score": "7"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(`
resource "truto_crm_account" "a" {
  adopt_by = ["name"]
  name     = "Acme"
}
`)},
			{
				Config: env.config(`
resource "truto_crm_account" "a" {
  adopt_by      = ["name"]
  name          = "Acme"
  custom_fields = { tier = "platinum" }
}
`),
				Check: func(*terraform.State) error {
					rec, _ := accounts.Record(testIA, id)
					cf, _ := rec["custom_fields"].(map[string]any)
					if cf["tier"] != "platinum" || cf["score"] != "7" {
						return fmt.Errorf("custom fields are %v", cf)
					}
					return nil
				},
			},
		},
	})
}

// listRequests counts the list requests to a collection in the request log from entry from on.
func (e *testEnv) listRequests(k *record.Kind, from int) (n, end int) {
	log := e.emu.RequestLog()
	for _, r := range log[min(from, len(log)):] {
		if r.Method == "GET" && r.Path == "/unified/crm/"+k.Plural() {
			n++
		}
	}
	return n, len(log)
}

// N adopting creates in a CRM of M records cost at most min(N, ceil(M/100)) + 2 list requests in
// each provider process (plan, apply), not one list per create: 30 contacts (15 of them already in
// the CRM) among 450 records list at most 7 times in the plan and 7 times in the apply.
func TestAccAdoptBy_listRequestsAreBounded(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	contacts := env.emu.In("contacts")
	const n, m, existing = 30, 450, 15
	for i := range m + n - existing {
		if i >= existing && i < n {
			continue // new: not in the CRM
		}
		contacts.Seed(testIA, map[string]any{"first_name": fmt.Sprintf("Person %d", i),
			"email_addresses": []any{map[string]any{"email": fmt.Sprintf("person-%d@acme.example", i)}}})
	}
	const bound = 5 + 2 // min(30, ceil(450/100)) + 2
	var planEnd int
	afterPlan := planCheck(func(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		var lists int
		lists, planEnd = env.listRequests(kinds.Contact, 0)
		t.Logf("plan: %d list requests", lists)
		if lists > bound {
			resp.Error = fmt.Errorf("the plan listed contacts %d times, want at most %d", lists, bound)
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "truto_crm_contact" "c" {
  count           = %d
  adopt_by        = ["email"]
  first_name      = "Person ${count.index}"
  email_addresses = [{ email = "person-${count.index}@acme.example" }]
}
`, n)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("truto_crm_contact.c[0]", tfjsonpath.New("adopted"), knownvalue.Bool(true)),
				plancheck.ExpectUnknownValue("truto_crm_contact.c[29]", tfjsonpath.New("id")),
				afterPlan,
			}},
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("truto_crm_contact.c.14", "adopted", "true"),
				resource.TestCheckResourceAttr("truto_crm_contact.c.15", "adopted", "false"),
				env.recordsAre(kinds.Contact, m+n-existing),
				func(*terraform.State) error {
					if got := env.emu.CollectionCounts(kinds.Contact.Plural())["POST"]; got != n-existing {
						return fmt.Errorf("%d POSTs, want %d", got, n-existing)
					}
					lists, _ := env.listRequests(kinds.Contact, planEnd)
					t.Logf("apply: %d list requests", lists)
					if lists > bound {
						return fmt.Errorf("the apply listed contacts %d times, want at most %d", lists, bound)
					}
					return nil
				},
			),
		}},
	})
}

// Under unsupported_fields = "skip", the adopting PATCH leaves out what the integration cannot
// update, as an update does, and the next plan is empty.
func TestAccAdoptBy_skipKeepsUnwritableOutOfThePatch(t *testing.T) {
	env := newTestEnv(t, industryUnwritable)
	id := env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"})
	cfg := env.config(`
resource "truto_crm_account" "r" {
  adopt_by           = ["name"]
  name               = "Acme"
  description        = "Seeded"
  industry           = "Retail"
  unsupported_fields = "skip"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_account.r", id)},
			Check: resource.ComposeTestCheckFunc(
				env.countsAre(kinds.Account, map[string]int{"PATCH": 1}),
				env.sentKeys("PATCH", "description", "industry"),
				resource.TestCheckResourceAttr("truto_crm_account.r", "industry", "Retail"),
			),
		}, {
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// unwritableOn is a CRM whose mapping of accounts lacks industry on the one write method.
func unwritableOn(method string) emulator.Profile {
	return emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"accounts": {UnwritableFields: map[string][]string{method: {"industry"}}},
	}}
}

// adoptingAccount adopts the account named name (an expression), setting industry = "Retail";
// unsupported_fields is the default.
func adoptingAccount(name string) string {
	return fmt.Sprintf("resource \"truto_crm_account\" \"r\" {\n  adopt_by = [\"name\"]\n  name     = %s\n  industry = \"Retail\"\n}\n", name)
}

// A plan that found the record to adopt checks the update the apply sends, not a create: under
// "error", an attribute the integration cannot update fails the plan naming it and "update", and
// nothing is written.
func TestAccAdoptBy_errorChecksTheUpdateSchema(t *testing.T) {
	env := newTestEnv(t, unwritableOn("update"))
	env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(adoptingAccount(`"Acme"`)),
			ExpectError: regexp.MustCompile(`(?s)HubSpot cannot write industry on accounts \(update\).*Nothing was sent`),
		}},
	})
	if n := env.writes(); n != 0 {
		t.Errorf("%d write requests reached the CRM", n)
	}
}

// An attribute the integration can update but not create does not fail the plan of an adoption:
// the adopting PATCH carries it.
func TestAccAdoptBy_updateSchemaAllowsWhatCreateLacks(t *testing.T) {
	env := newTestEnv(t, unwritableOn("create"))
	id := env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"})
	cfg := env.config(adoptingAccount(`"Acme"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_account.r", id)},
			Check: resource.ComposeTestCheckFunc(
				env.countsAre(kinds.Account, map[string]int{"PATCH": 1}),
				env.sentKeys("PATCH", "industry", "name"),
				resource.TestCheckResourceAttr("truto_crm_account.r", "industry", "Retail"),
			),
		}, {
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// With no record to adopt the create is checked, against the create schema only.
func TestAccAdoptBy_noMatchChecksTheCreateSchema(t *testing.T) {
	t.Run("update lacks it", func(t *testing.T) {
		env := newTestEnv(t, unwritableOn("update"))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: env.config(adoptingAccount(`"Acme"`)),
				Check: resource.ComposeTestCheckFunc(
					env.countsAre(kinds.Account, map[string]int{"POST": 1}),
					env.sentKeys("POST", "industry", "owner"),
				),
			}},
		})
	})
	t.Run("create lacks it", func(t *testing.T) {
		env := newTestEnv(t, unwritableOn("create"))
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:      env.config(adoptingAccount(`"Acme"`)),
				ExpectError: regexp.MustCompile(`HubSpot cannot write industry on accounts \(create\)`),
			}},
		})
		if n := env.writes(); n != 0 {
			t.Errorf("%d write requests reached the CRM", n)
		}
	})
}

// When the key is known only at apply, the plan cannot tell an adoption from a create: under
// "error" an attribute either method lacks fails the plan, before anything is written.
func TestAccAdoptBy_keyKnownAtApplyChecksBothSchemas(t *testing.T) {
	for _, method := range []string{"create", "update"} {
		t.Run(method, func(t *testing.T) {
			env := newTestEnv(t, unwritableOn(method))
			env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: env.config(`resource "truto_crm_account" "other" {
  name = "Other"
}
` + adoptingAccount(`"Acme${substr(truto_crm_account.other.id, 0, 0)}"`)),
					ExpectError: regexp.MustCompile(`HubSpot cannot write industry on accounts \(` + method + `\)`),
				}},
			})
			if n := env.writes(); n != 0 {
				t.Errorf("%d write requests reached the CRM", n)
			}
		})
	}
}

// The apply adopts the record its own lookup finds, which may differ from the one every plan
// checked: here the record's industry changes after Terraform's last plan of the resource (the
// apply's), just before the create's lookup. Under "error", the adopting PATCH would now carry an
// attribute the integration cannot update: the apply fails naming it, and nothing is sent (the CRM
// would drop it silently).
func TestAccAdoptBy_applyRefusesWhatTheUpdateSchemaLacks(t *testing.T) {
	var (
		mu    sync.Mutex
		lists int
		id    string
	)
	env := newWrappedTestEnv(t, unwritableOn("update"), func(emu *emulator.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/unified/crm/accounts" {
				mu.Lock()
				lists++
				if lists == 3 { // the plan's lookup, the apply's plan's, then the create's
					emu.In("accounts").Mutate(testIA, id, map[string]any{"industry": "Wholesale"})
				}
				mu.Unlock()
			}
			emu.ServeHTTP(w, r)
		})
	})
	id = env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme", "industry": "Retail"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.config(adoptingAccount(`"Acme"`)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansAdoption("truto_crm_account.r", id)},
			ExpectError:      regexp.MustCompile(`(?s)HubSpot cannot write industry on accounts \(update\).*Nothing was sent`),
		}},
	})
	if n := env.writes(); n != 0 {
		t.Errorf("%d write requests reached the CRM", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if lists != 3 {
		t.Errorf("%d lookups, want 3 (plan, the apply's plan, create): the change did not come between the last two", lists)
	}
}

// A configured attribute known only at apply may differ from the record the plan adopts: the plan
// checks it against the update schema too, before any resource is written.
func TestAccAdoptBy_unknownConfiguredValueChecksTheUpdateSchema(t *testing.T) {
	env := newTestEnv(t, unwritableOn("update"))
	env.emu.In("accounts").Seed(testIA, map[string]any{"name": "Acme"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`resource "truto_crm_account" "other" {
  name = "Other"
}
resource "truto_crm_account" "r" {
  adopt_by = ["name"]
  name     = "Acme"
  industry = "Retail${substr(truto_crm_account.other.id, 0, 0)}"
}
`),
			ExpectError: regexp.MustCompile(`cannot write industry on accounts \(update\)`),
		}},
	})
	for _, r := range env.emu.RequestLog() {
		if r.Method != "GET" {
			t.Errorf("%s %s sent; the plan should have failed before any write", r.Method, r.Path)
		}
	}
}

// A custom field known only at apply (a member of custom_fields, which is then not unknown as a
// whole) does not fail the plan of an adoption: the plan adopts the match, and the adopting PATCH
// carries the field's value once it is known; nothing is created, and the next plan is empty.
func TestAccAdoptBy_customFieldKnownAtApplyIsSentByTheAdoptingPatch(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	accounts := env.emu.In("accounts")
	id := accounts.Seed(testIA, map[string]any{"name": "Acme", "custom_fields": map[string]any{"tier": "gold", "score": "7"}})
	cfg := env.config(`
resource "terraform_data" "v" {
  input = "9"
}
resource "truto_crm_account" "a" {
  adopt_by      = ["name"]
  name          = "Acme"
  custom_fields = { tier = "gold", score = terraform_data.v.output }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(plansAdoption("truto_crm_account.a", id),
					plancheck.ExpectUnknownValue("truto_crm_account.a", tfjsonpath.New("custom_fields").AtMapKey("score")))},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("truto_crm_account.a", "id", id),
					resource.TestCheckResourceAttr("truto_crm_account.a", "adopted", "true"),
					resource.TestCheckResourceAttr("truto_crm_account.a", "custom_fields.score", "9"),
					env.countsAre(kinds.Account, map[string]int{"PATCH": 1}),
					env.recordsAre(kinds.Account, 1),
					func(*terraform.State) error {
						for _, r := range env.requestsTo("PATCH", kinds.Account.Plural()) {
							if !slices.Contains(r.CustomFieldKeys, "score") {
								return fmt.Errorf("PATCH %s sent custom fields %v, want score", r.Path, r.CustomFieldKeys)
							}
						}
						rec, _ := accounts.Record(testIA, id)
						if cf, _ := rec["custom_fields"].(map[string]any); cf["score"] != "9" || cf["tier"] != "gold" {
							return fmt.Errorf("adopted record's custom fields are %v", cf)
						}
						return nil
					},
				),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
