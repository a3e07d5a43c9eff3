package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// Tests of truto_crm_exclusive_records (issue 20).

const exclAddr = "truto_crm_exclusive_records.set"

// sandbox seeds contacts: two fixtures, two strays (fixture marker, not in ids) and one out of
// scope (another marker). It returns their ids.
type sandbox struct{ fix1, fix2, stray1, stray2, other string }

func seedSandbox(env *testEnv) sandbox {
	c := env.emu.In("contacts")
	seed := func(first string, source any) string {
		return c.Seed(testIA, map[string]any{"first_name": first, "last_name": "Test",
			"custom_fields": map[string]any{"source": source}})
	}
	return sandbox{seed("Fix1", "fixture"), seed("Fix2", "fixture"), seed("Stray1", "fixture"), seed("Stray2", "fixture"),
		seed("Other", "manual")}
}

func exclusiveConfig(ids []string, extra string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
resource "truto_crm_exclusive_records" "set" {
  kind  = "contact"
  match = { custom_fields = { source = "fixture" } }
  ids   = [%s]
%s
}
`, strings.Join(quoted, ", "), extra)
}

// deletedIDs are the contact ids the emulator received a DELETE for, sorted, with "batch" for each
// batch-delete.
func (e *testEnv) deletedIDs() []string {
	const coll = "contacts"
	var out []string
	for _, r := range e.emu.RequestLog() {
		switch {
		case r.Method == "DELETE" && strings.HasPrefix(r.Path, "/unified/crm/"+coll+"/"):
			out = append(out, strings.TrimPrefix(r.Path, "/unified/crm/"+coll+"/"))
		case r.Method == "POST" && r.Path == "/unified/crm/"+coll+"/batch-delete":
			out = append(out, "batch")
		}
	}
	sort.Strings(out)
	return out
}

// remaining asserts which contacts are still in the CRM (present) and which are not (gone).
func (e *testEnv) remaining(present, gone []string) resource.TestCheckFunc {
	const coll = "contacts"
	return func(*terraform.State) error {
		for _, id := range present {
			if _, ok := e.emu.In(coll).Record(testIA, id); !ok {
				return fmt.Errorf("%s %s was deleted", coll, id)
			}
		}
		for _, id := range gone {
			if _, ok := e.emu.In(coll).Record(testIA, id); ok {
				return fmt.Errorf("%s %s was not deleted", coll, id)
			}
		}
		return nil
	}
}

func strayIDs(ids ...string) knownvalue.Check {
	var elems []knownvalue.Check
	for _, id := range ids {
		elems = append(elems, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}))
	}
	return knownvalue.ListExact(elems)
}

// strays = "report": the strays are recorded and reported; nothing is planned or deleted.
func TestAccExclusive_reportsStrays(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(s.stray1, s.stray2)),
					statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids").AtSliceIndex(0).AtMapKey("label"),
						knownvalue.StringExact("Stray1 Test")),
					statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("strays"), knownvalue.StringExact("report")),
					statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("max_deletions"), knownvalue.Int64Exact(25)),
				},
			},
			{
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:             resource.ComposeTestCheckFunc(env.remaining([]string{s.fix1, s.fix2, s.stray1, s.stray2, s.other}, nil)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(s.stray1, s.stray2))},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := env.deletedIDs(); len(got) != 0 {
				return fmt.Errorf("deletions sent: %v", got)
			}
			return env.remaining([]string{s.fix1, s.fix2, s.stray1, s.stray2, s.other}, nil)(nil)
		},
	})
}

// strays = "delete": the plan updates stray_ids to [], listing the strays; apply deletes exactly
// those (one DELETE each without batch-delete); fixtures and out-of-scope records stay.
func TestAccExclusive_deletesStrays(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	ids := []string{s.fix1, s.fix2}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(exclusiveConfig(ids, `strays = "delete"`)),
				// Creating the set only reads and reports.
				Check: resource.ComposeTestCheckFunc(func(*terraform.State) error {
					if got := env.deletedIDs(); len(got) != 0 {
						return fmt.Errorf("create deleted: %v", got)
					}
					return nil
				}),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: env.config(exclusiveConfig(ids, `strays = "delete"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), knownvalue.ListExact(nil)),
					priorStrays(exclAddr, s.stray1, s.stray2),
				}},
				Check: resource.ComposeTestCheckFunc(
					env.remaining([]string{s.fix1, s.fix2, s.other}, []string{s.stray1, s.stray2}),
					func(*terraform.State) error {
						want := []string{s.stray1, s.stray2}
						sort.Strings(want)
						if got := env.deletedIDs(); !slices.Equal(got, want) {
							return fmt.Errorf("deleted %v, want %v", got, want)
						}
						return nil
					}),
			},
			{
				Config:           env.config(exclusiveConfig(ids, `strays = "delete"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// priorStrays checks the ids of stray_ids in the plan's prior state: what the plan shows removed.
func priorStrays(addr string, ids ...string) plancheck.PlanCheck {
	return planCheck(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Address != addr {
				continue
			}
			before, _ := rc.Change.Before.(map[string]any)
			list, _ := before["stray_ids"].([]any)
			var got []string
			for _, e := range list {
				m, _ := e.(map[string]any)
				got = append(got, fmt.Sprint(m["id"]))
			}
			if !slices.Equal(got, ids) {
				resp.Error = fmt.Errorf("the plan removes strays %v, want %v", got, ids)
			}
			return
		}
		resp.Error = fmt.Errorf("no change for %s", addr)
	})
}

// setupThenPlan is a first step that creates the set (which only reads and reports).
func setupStep(cfg string) resource.TestStep {
	return resource.TestStep{Config: cfg, ExpectNonEmptyPlan: true}
}

// noDeletions asserts the emulator received no DELETE and no batch-delete.
func (e *testEnv) noDeletions() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.deletedIDs(); len(got) != 0 {
			return fmt.Errorf("deletions sent: %v", got)
		}
		return nil
	}
}

// More strays than max_deletions fails the plan, naming the count and the cap; nothing is deleted.
func TestAccExclusive_cap(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"
  max_deletions = 1`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")), Check: env.noDeletions()},
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Too many strays to delete.*2 contacts match and are not in ids, more than\s+max_deletions \(1\); nothing was\s+deleted`),
			},
			{
				Config: env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")),
				Check:  resource.ComposeTestCheckFunc(env.noDeletions(), env.remaining([]string{s.stray1, s.stray2}, nil)),
			},
		},
	})
}

// A stray that stops matching between plan and apply is left alone; the other is deleted.
func TestAccExclusive_strayStopsMatching(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					priorStrays(exclAddr, s.stray1, s.stray2),
					planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
						env.emu.In("contacts").Mutate(testIA, s.stray1, map[string]any{"custom_fields": map[string]any{"source": "kept"}})
					}),
				}},
				Check: resource.ComposeTestCheckFunc(
					env.remaining([]string{s.fix1, s.fix2, s.other, s.stray1}, []string{s.stray2}),
					func(*terraform.State) error {
						if got := env.deletedIDs(); !slices.Equal(got, []string{s.stray2}) {
							return fmt.Errorf("deleted %v, want only %s", got, s.stray2)
						}
						return nil
					}),
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// A filter the CRM ignores (it answers every contact) is re-checked: only the named contact is
// governed, so only it is deleted.
func TestAccExclusive_filterTheCRMIgnores(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {SupportedFilters: []string{}}}})
	s := seedSandbox(env)
	cfg := env.config(`
resource "truto_crm_exclusive_records" "set" {
  kind   = "contact"
  match  = { name = "Stray1 Test" }
  strays = "delete"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{priorStrays(exclAddr, s.stray1)}},
				Check: resource.ComposeTestCheckFunc(
					env.remaining([]string{s.fix1, s.fix2, s.other, s.stray2}, []string{s.stray1}),
					func(*terraform.State) error {
						for _, r := range env.emu.RequestLog() {
							if r.Method == "GET" && r.Path == "/unified/crm/contacts" && r.Query.Get("name") != "Stray1 Test" {
								return fmt.Errorf("the list did not send the filter: %v", r.Query)
							}
						}
						return nil
					}),
			},
		},
	})
}

// custom_fields match as drift compares them: a CRM that stores 7 as "7" matches batch = 7.
func TestAccExclusive_customFieldsAsStrings(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CustomFieldsAsStrings: true})
	c := env.emu.In("contacts")
	asString := c.Seed(testIA, map[string]any{"first_name": "A", "custom_fields": map[string]any{"batch": "7"}})
	asNumber := c.Seed(testIA, map[string]any{"first_name": "B", "custom_fields": map[string]any{"batch": 7}})
	c.Seed(testIA, map[string]any{"first_name": "C", "custom_fields": map[string]any{"batch": "8"}})
	c.Seed(testIA, map[string]any{"first_name": "D"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_exclusive_records" "set" {
  kind  = "contact"
  match = { custom_fields = { batch = 7 } }
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(asString, asNumber)),
			},
		}},
	})
}

// Fixtures created in the same apply (ids unknown at plan) are never strays.
func TestAccExclusive_recordsCreatedInTheSameApply(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	stray := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Old", "custom_fields": map[string]any{"source": "fixture"}})
	cfg := func(n int) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_contact" "fixture" {
  count         = %d
  first_name    = "Fixture${count.index}"
  custom_fields = { source = "fixture" }
}

resource "truto_crm_exclusive_records" "set" {
  kind   = "contact"
  match  = { custom_fields = { source = "fixture" } }
  ids    = [for c in truto_crm_contact.fixture : c.id]
  strays = "delete"
  # The fixtures already there, and the one being created, must not count against the cap.
  max_deletions = 1
}
`, n))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:             cfg(2),
				ConfigStateChecks:  []statecheck.StateCheck{statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(stray))},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg(2),
				Check: func(*terraform.State) error {
					if got := env.deletedIDs(); !slices.Equal(got, []string{stray}) {
						return fmt.Errorf("deleted %v, want %s", got, stray)
					}
					return nil
				},
			},
			{
				Config: cfg(3),
				Check: resource.ComposeTestCheckFunc(env.recordsAre(kinds.Contact, 3), func(*terraform.State) error {
					if got := env.deletedIDs(); !slices.Equal(got, []string{stray}) {
						return fmt.Errorf("deleted %v, want only %s", got, stray)
					}
					return nil
				}),
			},
			{Config: cfg(3), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// strays = "delete" on a kind the integration cannot delete fails the plan with the resources'
// message; "report" works.
func TestAccExclusive_kindWithoutDelete(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"notes": {DeleteUnsupported: true}}})
	env.emu.In("notes").Seed(testIA, map[string]any{"content": "stray"})
	cfg := func(mode string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_exclusive_records" "set" {
  kind   = "note"
  strays = %q
}
`, mode))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("delete"), ExpectError: regexp.MustCompile(`(?s)HubSpot cannot delete notes.*does not support delete on notes`)},
			{Config: cfg("report")},
		},
	})
	if n := env.emu.RequestCount("DELETE"); n != 0 {
		t.Errorf("%d DELETEs", n)
	}
}

// A listing that fails (here Truto's 403) fails the refresh and changes nothing.
func TestAccExclusive_listingErrorFailsRefresh(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				PreConfig:   func() { env.emu.FailNextIn("contacts", "GET", 403, 1) },
				Config:      cfg,
				ExpectError: regexp.MustCompile(`Failed to list CRM contacts`),
			},
			{
				Config: env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")),
				Check:  resource.ComposeTestCheckFunc(env.noDeletions(), env.remaining([]string{s.stray1, s.stray2}, nil)),
			},
		},
	})
}

// With batch-delete, the strays go in one batch-delete call and no DELETE.
func TestAccExclusive_batchDelete(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					env.remaining([]string{s.fix1, s.fix2, s.other}, []string{s.stray1, s.stray2}),
					func(*terraform.State) error {
						if got := env.deletedIDs(); !slices.Equal(got, []string{"batch"}) {
							return fmt.Errorf("deletions %v, want one batch-delete", got)
						}
						return nil
					}),
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// A batch that the CRM answers without one of its ids (it refused it): the other is deleted, the
// refused one is read back, still exists, and stays a stray (the apply fails naming it).
func TestAccExclusive_partialBatchFailure(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
					env.emu.In("contacts").FailNextBatchDelete(testIA, emulator.BatchDeleteFault{Keep: []string{s.stray1}})
				})}},
				ExpectError: regexp.MustCompile(`(?s)Failed to delete CRM contact.*` + s.stray1 + `.*still exists`),
			},
			{
				Config:            env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(s.stray1))},
				Check:             env.remaining([]string{s.fix1, s.fix2, s.other, s.stray1}, []string{s.stray2}),
			},
		},
	})
}

// A batch that fails after part of it was carried out (a 500): each id is read back; the deleted
// one leaves, the other stays a stray.
func TestAccExclusive_batchOutcomeUnknown(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
					env.emu.In("contacts").FailNextBatchDelete(testIA, emulator.BatchDeleteFault{Status: 500, Applied: 1})
				})}},
				ExpectError: regexp.MustCompile(`(?s)Failed to delete CRM contact.*it still exists \(the batch-delete\s+outcome is unknown`),
			},
			{
				// Which of the two the CRM deleted first is the batch's order: exactly one is left, and it is the stray.
				Config: env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")),
				Check: func(st *terraform.State) error {
					var left []string
					for _, id := range []string{s.stray1, s.stray2} {
						if _, ok := env.emu.In("contacts").Record(testIA, id); ok {
							left = append(left, id)
						}
					}
					if len(left) != 1 {
						return fmt.Errorf("strays left in the CRM: %v, want one", left)
					}
					return resource.TestCheckResourceAttr(exclAddr, "stray_ids.0.id", left[0])(st)
				},
			},
		},
	})
}

// A CRM 404 on the batch-delete call is no stray's 404: each is read back, both still exist, and
// both stay strays (the apply fails naming them) rather than being counted as deleted.
func TestAccExclusive_batchCRMNotFound(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{"contacts": {BatchDelete: emulator.BatchDeleteBody}}})
	s := seedSandbox(env)
	cfg := env.config(exclusiveConfig([]string{s.fix1, s.fix2}, `strays = "delete"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg),
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planCheck(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
					env.emu.In("contacts").FailNextBatchDelete(testIA, emulator.BatchDeleteFault{Status: 404, Remote: true})
				})}},
				ExpectError: regexp.MustCompile(`(?s)Failed to delete CRM contact.*it still exists \(the batch-delete\s+outcome is unknown`),
			},
			{
				Config:            env.config(exclusiveConfig([]string{s.fix1, s.fix2}, "")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(s.stray1, s.stray2))},
				Check:             env.remaining([]string{s.fix1, s.fix2, s.other, s.stray1, s.stray2}, nil),
			},
		},
	})
}

// ids wholly unknown at plan (here the output of a terraform_data whose input changes): no record
// the refresh did not find a stray becomes one, so the fixtures do not trip the cap and are kept.
func TestAccExclusive_idsUnknownAtPlan(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	cfg := func(extra string, max int) string {
		return env.config(fmt.Sprintf(`
resource "terraform_data" "ids" {
  input = [%q, %q%s]
}

resource "truto_crm_exclusive_records" "set" {
  kind          = "contact"
  match         = { custom_fields = { source = "fixture" } }
  ids           = terraform_data.ids.output
  strays        = "delete"
  max_deletions = %d
}
`, s.fix1, s.fix2, extra, max))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(cfg("", 2)),
			{Config: cfg("", 2), Check: env.remaining([]string{s.fix1, s.fix2, s.other}, []string{s.stray1, s.stray2})},
			{
				Config: cfg(`, "not-yet"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("terraform_data.ids", tfjsonpath.New("output")),
				}},
				Check: env.remaining([]string{s.fix1, s.fix2, s.other}, nil),
			},
		},
	})
}

// Another kind is another set: the change replaces it (its stray_ids name the old kind's records,
// and an update deleting "those" in the new kind could delete records the plan never listed), and
// the replacement only reads and reports.
func TestAccExclusive_otherKindReplaces(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	s := seedSandbox(env)
	account := env.emu.Seed(testIA, map[string]any{"name": "Stray account", "custom_fields": map[string]any{"source": "fixture"}})
	ids := []string{s.fix1, s.fix2}
	accounts := strings.Replace(exclusiveConfig(nil, `strays = "delete"`), `"contact"`, `"account"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			setupStep(env.config(exclusiveConfig(ids, `strays = "delete"`))),
			{
				Config: env.config(accounts),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeTestCheckFunc(
					env.noDeletions(),
					env.remaining([]string{s.fix1, s.fix2, s.stray1, s.stray2, s.other}, nil),
					func(*terraform.State) error {
						if _, ok := env.emu.Record(testIA, account); !ok {
							return fmt.Errorf("account %s was deleted by the replacement", account)
						}
						if n := env.emu.RequestCount("DELETE"); n != 0 {
							return fmt.Errorf("%d DELETEs", n)
						}
						return nil
					}),
				ExpectNonEmptyPlan: true, // the account stray: the next plan deletes it
			},
		},
	})
}
