package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// Kinds an integration cannot get one by one (reference §1: get is not documented for leads and
// engagements; §13, §14 #2): refreshed from list pages, found by id; without list either, state
// keeps what the last apply wrote.

// readCounter counts, from a point of the request log, a collection's list pages and GETs by id.
type readCounter struct {
	env        *testEnv
	collection string
	from       int
}

func (c *readCounter) start() { c.from = len(c.env.emu.RequestLog()) }

func (c *readCounter) counts() (pages, gets int) {
	log := c.env.emu.RequestLog()
	for _, r := range log[min(c.from, len(log)):] {
		switch {
		case r.Method != "GET":
		case r.Path == "/unified/crm/"+c.collection:
			pages++
		case strings.HasPrefix(r.Path, "/unified/crm/"+c.collection+"/") && !strings.Contains(r.Path, "/meta/"):
			gets++
		}
	}
	return pages, gets
}

// expect is a plan check of the reads since start.
func (c *readCounter) expect(check func(pages, gets int) error) plancheck.PlanCheck {
	return readCheck{c, check}
}

type readCheck struct {
	c     *readCounter
	check func(pages, gets int) error
}

func (r readCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = r.check(r.c.counts())
}

// noGets fails when any GET by id was sent; the list was read.
func noGets(pages, gets int) error {
	if gets != 0 || pages == 0 {
		return fmt.Errorf("%d GETs by id and %d list pages, want the list read and no GET (capabilities list no get)", gets, pages)
	}
	return nil
}

type withoutGetCase struct {
	collection, typ string
	config          func(value string) string // the resource's body, with a managed attribute set to value
	attr            string                    // that attribute, "Web" in configurations
}

var withoutGetCases = []withoutGetCase{
	{"leads", "truto_crm_lead", func(v string) string {
		return fmt.Sprintf("  last_name   = \"Lead\"\n  lead_source = %q\n", v)
	}, "lead_source"},
	{"engagements", "truto_crm_engagement", func(v string) string {
		return fmt.Sprintf("  engagement_type = \"call\"\n  subject         = %q\n", v)
	}, "subject"},
}

// resource declares one resource named name, its attribute "Web", extra its other lines.
func (c withoutGetCase) resource(name, extra string) string {
	return fmt.Sprintf("resource %q %q {\n%s%s}\n", c.typ, name, c.config("Web"), extra)
}

// Capabilities list list but not get: create, an empty second plan, drift seen through the list,
// a record deleted behind the API planned for re-creation, and import, without one GET by id.
func TestAccReadsWithoutGet_listOnly(t *testing.T) {
	for _, tc := range withoutGetCases {
		t.Run(tc.collection, func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
				tc.collection: {Methods: []string{"list", "create", "update", "delete"}},
			}})
			// Records of others in the CRM, so the list is searched, not taken whole.
			for i := range 3 {
				rec := map[string]any{"last_name": fmt.Sprintf("Other %d", i), "engagement_type": "call"}
				env.emu.In(tc.collection).Seed(testIA, rec)
			}
			addr := tc.typ + ".r"
			cfg := env.config(tc.resource("r", ""))
			var id string
			reads := &readCounter{env: env, collection: tc.collection}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: cfg,
						Check: func(s *terraform.State) error {
							id = s.RootModule().Resources[addr].Primary.ID
							return nil
						},
					},
					{
						PreConfig: reads.start,
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(), reads.expect(noGets),
						}},
					},
					{
						// Changed behind the API: the list shows it.
						PreConfig: func() {
							env.emu.In(tc.collection).Mutate(testIA, id, map[string]any{tc.attr: "Cold call"})
							reads.start()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate), reads.expect(noGets),
						}},
						Check: func(*terraform.State) error {
							rec, _ := env.emu.In(tc.collection).Record(testIA, id)
							if rec[tc.attr] != "Web" {
								return fmt.Errorf("%s = %v after the apply, want Web", tc.attr, rec[tc.attr])
							}
							return nil
						},
					},
					{
						// Deleted behind the API: a complete list without it plans a new one.
						PreConfig: func() {
							env.emu.In(tc.collection).Remove(testIA, id)
							reads.start()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate), reads.expect(noGets),
						}},
						Check: func(s *terraform.State) error {
							if n := len(env.emu.In(tc.collection).Records(testIA)); n != 4 {
								return fmt.Errorf("%d %s in the CRM, want the 3 others and the new one", n, tc.collection)
							}
							id = s.RootModule().Resources[addr].Primary.ID
							return nil
						},
					},
					{
						Config:            cfg,
						ResourceName:      addr,
						ImportState:       true,
						ImportStateVerify: true,
					},
				},
			})
			if _, gets := (&readCounter{env: env, collection: tc.collection}).counts(); gets != 0 {
				t.Errorf("%d GETs by id of %s, want none: capabilities list no get", gets, tc.collection)
			}
		})
	}
}

// With capability_checks = false nothing says get is missing: the first GET's 405 sends the read
// to the list, and later reads of the kind in that process go there directly.
func TestAccReadsWithoutGet_uncheckedFallsBackOn405(t *testing.T) {
	tc := withoutGetCases[0]
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		tc.collection: {Methods: []string{"list", "create", "update", "delete"}},
	}})
	// Three leads refreshed one after the other (each depends on the previous one).
	body := tc.resource("a", "") + tc.resource("b", "  depends_on = [truto_crm_lead.a]\n") +
		tc.resource("c", "  depends_on = [truto_crm_lead.b]\n")
	cfg := env.uncheckedConfig(body)
	var id string
	reads := &readCounter{env: env, collection: tc.collection}
	oneGet := func(pages, gets int) error {
		if gets != 1 || pages == 0 {
			return fmt.Errorf("%d GETs by id and %d list pages, want one GET (its 405 remembered) and the list", gets, pages)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["truto_crm_lead.b"].Primary.ID
					return nil
				},
			},
			{
				PreConfig: reads.start,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(), reads.expect(oneGet),
				}},
			},
			{
				PreConfig: func() {
					env.emu.In(tc.collection).Mutate(testIA, id, map[string]any{tc.attr: "Cold call"})
					reads.start()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_lead.b", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("truto_crm_lead.a", plancheck.ResourceActionNoop),
					reads.expect(oneGet),
				}},
			},
		},
	})
}

// Neither get nor list: the refresh keeps state (drift cannot be seen), plans stay empty and do not
// fail; an import fails naming the kind and what is missing. With the checks off, the GET's and
// the list's 405 say the same.
func TestAccReadsWithoutGet_neitherGetNorList(t *testing.T) {
	for _, checked := range []bool{true, false} {
		t.Run(fmt.Sprintf("capability_checks=%t", checked), func(t *testing.T) {
			tc := withoutGetCases[0]
			env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
				tc.collection: {Methods: []string{"create", "update", "delete"}},
			}})
			config := env.config
			if !checked {
				config = env.uncheckedConfig
			}
			cfg := config(tc.resource("r", ""))
			var id string
			reads := &readCounter{env: env, collection: tc.collection}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: cfg,
						Check: func(s *terraform.State) error {
							id = s.RootModule().Resources["truto_crm_lead.r"].Primary.ID
							return nil
						},
					},
					{
						PreConfig: func() {
							env.emu.In(tc.collection).Mutate(testIA, id, map[string]any{tc.attr: "Cold call"})
							reads.start()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
							reads.expect(func(pages, gets int) error {
								if checked && pages+gets != 0 {
									return fmt.Errorf("%d list pages and %d GETs, want no read: capabilities list neither", pages, gets)
								}
								return nil
							}),
						}},
					},
					{
						Config:        cfg,
						ResourceName:  "truto_crm_lead.r",
						ImportState:   true,
						ImportStateId: id,
						ExpectError:   regexp.MustCompile(`(?s)Cannot import the lead.*(HubSpot|The integration).*neither\s+get\s+nor\s+list\s+on\s+leads`),
					},
				},
			})
		})
	}
}

// A list route Truto does not serve for the integration (its plain 404, not "Integrated account
// not found") stops the list scan of concurrent reads: each is read with its own GET.
func TestAccListRefresh_plainNotFoundOnTheListFallsBackToGets(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"accounts": {Unrouted: []string{"list"}},
	}})
	const n = 10
	reads := &readCounter{env: env, collection: "accounts"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.listRefreshConfig(n, "")},
			{
				PreConfig: reads.start,
				Config:    env.listRefreshConfig(n, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					reads.expect(func(pages, gets int) error {
						if gets != n || pages > 1 {
							return fmt.Errorf("%d list pages and %d GETs, want one page at most and %d GETs", pages, gets, n)
						}
						return nil
					}),
				}},
			},
		},
	})
}

// Engagements without get, where the list needs engagement_type (10 integrations require it,
// reference §8): each engagement is looked for in the list of its own type, so the refresh works,
// and a record gone from its type's list is planned for re-creation while the other type's stays.
func TestAccReadsWithoutGet_engagementsListedByType(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"engagements": {Methods: []string{"list", "create", "update", "delete"}, RequiredQuery: map[string][]string{"list": {"engagement_type"}}},
	}})
	cfg := env.config(`
resource "truto_crm_engagement" "call" {
  engagement_type = "call"
  subject         = "Intro call"
}
resource "truto_crm_engagement" "meeting" {
  engagement_type = "meeting"
  subject         = "Kick-off"
}
`)
	reads := &readCounter{env: env, collection: "engagements"}
	// listedByType fails unless the list pages asked for one engagement_type each (answered), and
	// the unfiltered list (refused: the type is required) was asked unfiltered times: a record its
	// type's list lacks is looked for there too.
	listedByType := func(unfiltered int) func(pages, gets int) error {
		return func(pages, gets int) error {
			if err := noGets(pages, gets); err != nil {
				return err
			}
			types, asked := map[string]bool{}, 0
			for _, r := range env.emu.RequestLog()[reads.from:] {
				switch {
				case r.Method != "GET" || r.Path != "/unified/crm/engagements":
				case r.Query.Get("engagement_type") == "" && r.Status == 400:
					asked++
				case r.Query.Get("engagement_type") == "" || r.Status != 200:
					return fmt.Errorf("a list page asked %v, answered %d; want one engagement_type, answered 200", r.Query, r.Status)
				default:
					types[r.Query.Get("engagement_type")] = true
				}
			}
			if len(types) != 2 || asked != unfiltered {
				return fmt.Errorf("pages listed types %v and the unfiltered list %d times, want call and meeting, and %d",
					types, asked, unfiltered)
			}
			return nil
		}
	}
	var callID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					callID = s.RootModule().Resources["truto_crm_engagement.call"].Primary.ID
					return nil
				},
			},
			{
				PreConfig: reads.start,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(), reads.expect(listedByType(0)),
				}},
			},
			{
				// The call deleted behind the API: its type's complete list lacks it.
				PreConfig: func() {
					env.emu.In("engagements").Remove(testIA, callID)
					reads.start()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_engagement.call", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("truto_crm_engagement.meeting", plancheck.ResourceActionNoop),
					reads.expect(listedByType(1)),
				}},
			},
			{
				// Imported, its type unknown until read: looked for under each type the integration
				// lists, since the unfiltered list is refused.
				Config:            cfg,
				ResourceName:      "truto_crm_engagement.meeting",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}
