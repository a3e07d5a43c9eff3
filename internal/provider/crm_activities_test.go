package provider

import (
	"fmt"
	"net/url"
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

// requestsTo returns the logged requests with this method to one collection's records (meta and
// capability requests left out).
func (e *testEnv) requestsTo(method, collection string) []emulator.LoggedRequest {
	var out []emulator.LoggedRequest
	for _, r := range e.emu.RequestLog() {
		if r.Method == method && strings.HasPrefix(r.Path, "/unified/crm/"+collection+"/") && !strings.Contains(r.Path, "/meta/") {
			out = append(out, r)
		}
	}
	return out
}

// queryOf renders a logged request's unified parameters (without integrated_account_id and Truto's
// own truto_* options), sorted, for comparisons.
func queryOf(r emulator.LoggedRequest) string {
	q := url.Values{}
	for k, vs := range r.Query {
		if k != "integrated_account_id" && !strings.HasPrefix(k, "truto_") {
			q[k] = vs
		}
	}
	return q.Encode()
}

// A CRM that addresses notes through their contacts gets the note's contacts as the contact query
// parameter of an update; changing a note's parent replaces it.
func TestAccCRMNote_updateSendsItsContactsAndParentsReplace(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"notes": {RequiredQuery: map[string][]string{"update": {"contact"}}},
	}})
	note := func(content, account string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_note" "r" {
  content = %q
  account = { id = %q }
  contact = [{ id = "c-1" }, { id = "c-2" }]
}`, content, account))
	}
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: note("Met at the fair", "acc-1"), Check: func(s *terraform.State) error {
				first = s.RootModule().Resources["truto_crm_note.r"].Primary.ID
				return nil
			}},
			{
				Config: note("Demo booked", "acc-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_note.r", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					patches := env.requestsTo("PATCH", "notes")
					if len(patches) != 1 {
						return fmt.Errorf("%d PATCH requests to notes, want 1", len(patches))
					}
					if got, want := queryOf(patches[0]), "contact%5B0%5D%5Bid%5D=c-1&contact%5B1%5D%5Bid%5D=c-2"; got != want {
						return fmt.Errorf("PATCH query %s, want %s", got, want)
					}
					return nil
				},
			},
			{
				Config: note("Demo booked", "acc-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_note.r", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources["truto_crm_note.r"].Primary.ID; id == first {
						return fmt.Errorf("the note kept id %s after its account changed", id)
					}
					if n := len(env.emu.In("notes").Records(testIA)); n != 1 {
						return fmt.Errorf("%d notes in the CRM, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// A CRM that addresses engagements by their type gets engagement_type as a query parameter on update
// and delete; changing the type replaces the engagement.
func TestAccCRMEngagement_typeAddressesUpdatesAndDeletes(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"engagements": {RequiredQuery: map[string][]string{"update": {"engagement_type"}, "delete": {"engagement_type"}}},
	}})
	engagement := func(typ, subject string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_engagement" "r" {
  engagement_type = %q
  subject         = %q
}`, typ, subject))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: engagement("call", "Discovery")},
			{
				Config: engagement("call", "Discovery, again"),
				Check: func(*terraform.State) error {
					patches := env.requestsTo("PATCH", "engagements")
					if len(patches) != 1 || queryOf(patches[0]) != "engagement_type=call" {
						return fmt.Errorf("PATCH requests %v, want one with engagement_type=call", patches)
					}
					return nil
				},
			},
			{
				Config: engagement("meeting", "Discovery, again"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_engagement.r", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					deletes := env.requestsTo("DELETE", "engagements")
					if len(deletes) != 1 || queryOf(deletes[0]) != "engagement_type=call" {
						return fmt.Errorf("DELETE requests %v, want one with engagement_type=call", deletes)
					}
					recs := env.emu.In("engagements").Records(testIA)
					if len(recs) != 1 || recs[0]["engagement_type"] != "meeting" {
						return fmt.Errorf("the CRM holds %v, want one meeting", recs)
					}
					return nil
				},
			},
		},
	})
}

// A task the CRM completes gets completed_at from the CRM: known after apply, then in state, and the
// next plan is empty; clearing the status later keeps the CRM's completed_at without a diff.
func TestAccCRMTask_completedAtComesFromTheCRM(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	task := func(status string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_task" "r" {
  subject = "Call back"
  status  = %q
}`, status))
	}
	var completedAt string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:            task("open"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("truto_crm_task.r", tfjsonpath.New("completed_at"), knownvalue.Null())},
			},
			{
				Config: task("completed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("truto_crm_task.r", tfjsonpath.New("completed_at")),
				}},
				Check: func(s *terraform.State) error {
					completedAt = s.RootModule().Resources["truto_crm_task.r"].Primary.Attributes["completed_at"]
					rec, err := env.recordOf(s, kinds.Task, "truto_crm_task.r")
					if err != nil {
						return err
					}
					if completedAt == "" || rec["completed_at"] != completedAt {
						return fmt.Errorf("completed_at %q in state, %v in the CRM", completedAt, rec["completed_at"])
					}
					return nil
				},
			},
			{Config: task("completed"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// A lead the CRM converts shows what it was converted into after a refresh, with no diff.
func TestAccCRMLead_conversionIsReadBack(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cfg := env.config(`
resource "truto_crm_lead" "r" {
  last_name   = "Coyote"
  lead_source = "Web"
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("truto_crm_lead.r", tfjsonpath.New("converted_account"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["truto_crm_lead.r"].Primary.ID
					if !env.emu.In("leads").Mutate(testIA, id, map[string]any{
						"converted_account": map[string]any{"id": "acc-9"}, "converted_contact": map[string]any{"id": "c-9"},
					}) {
						return fmt.Errorf("lead %s not in the CRM", id)
					}
					return nil
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("truto_crm_lead.r", tfjsonpath.New("converted_account").AtMapKey("id"), knownvalue.StringExact("acc-9")),
					statecheck.ExpectKnownValue("truto_crm_lead.r", tfjsonpath.New("converted_contact").AtMapKey("id"), knownvalue.StringExact("c-9")),
				},
			},
		},
	})
}
