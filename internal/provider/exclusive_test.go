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

// deletedIDs are the ids the emulator received a DELETE or a batch-delete for, sorted.
func (e *testEnv) deletedIDs(coll string) []string {
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

// remaining asserts exactly which of ids are still in the CRM.
func (e *testEnv) remaining(coll string, present, gone []string) resource.TestCheckFunc {
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
				Check:             resource.ComposeTestCheckFunc(env.remaining("contacts", []string{s.fix1, s.fix2, s.stray1, s.stray2, s.other}, nil)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("stray_ids"), strayIDs(s.stray1, s.stray2))},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := env.deletedIDs("contacts"); len(got) != 0 {
				return fmt.Errorf("deletions sent: %v", got)
			}
			return env.remaining("contacts", []string{s.fix1, s.fix2, s.stray1, s.stray2, s.other}, nil)(nil)
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
					if got := env.deletedIDs("contacts"); len(got) != 0 {
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
					env.remaining("contacts", []string{s.fix1, s.fix2, s.other}, []string{s.stray1, s.stray2}),
					func(*terraform.State) error {
						want := []string{s.stray1, s.stray2}
						sort.Strings(want)
						if got := env.deletedIDs("contacts"); !slices.Equal(got, want) {
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

var _ = regexp.MustCompile
