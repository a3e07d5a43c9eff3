package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/kinds"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// The guarantees every writable record kind gives, tested once over all of them. kindTests holds
// what differs: configurations (HCL bodies of one resource "r") and the record fields (their JSON,
// as the emulator stores them) each must produce. "" as an expected JSON means the field is absent.
type kindTest struct {
	k *record.Kind
	// minimal is the least a create needs.
	minimal string
	// full sets every managed attribute; updated changes every one in place; cleared clears what an
	// explicit empty value can clear; afterClear is cleared without the clearing attributes.
	full, updated, cleared, afterClear       string
	fullRecord, updatedRecord, clearedRecord map[string]string
	// managed is minimal plus one managed attribute; drift changes it in the CRM and unmanaged
	// changes an attribute the configuration leaves unset.
	managed          string
	drift, unmanaged map[string]any
	driftAttr        string // the attribute drift changes
	// invalid are plan-time errors specific to the kind.
	invalid []invalidCase
}

type invalidCase struct{ name, body, want string }

func (tc kindTest) addr() string { return tc.k.TypeName() + ".r" }

func (tc kindTest) resource(body string) string {
	return fmt.Sprintf("resource %q \"r\" {\n%s\n}\n", tc.k.TypeName(), body)
}

var kindTests = []kindTest{
	{
		k:       kinds.Account,
		minimal: `name = "Acme"`,
		full: `
  name                = "Acme Corp"
  website             = "https://acme.example"
  description         = "Anvils"
  industry            = "Manufacturing"
  number_of_employees = 250
  owner               = { id = "u-1" }
  addresses           = [{ city = "Springfield", country = "US" }]
  phone_numbers       = [{ number = "+1 555 0100", type = "work" }]
  urls                = [{ url = "https://acme.example/blog" }]
  tags                = [{ name = "vip" }]
  custom_fields       = { tier = "gold", seats = 10 }`,
		fullRecord: map[string]string{"name": `"Acme Corp"`, "number_of_employees": `250`, "owner": `{"id":"u-1"}`,
			"custom_fields": `{"seats":10,"tier":"gold"}`},
		updated: `
  name                = "Acme Corporation"
  website             = "https://acme.example/home"
  description         = "Rockets"
  industry            = "Aerospace"
  number_of_employees = 300
  owner               = { id = "u-2" }
  addresses           = [{ city = "Shelbyville" }]
  phone_numbers       = [{ number = "+1 555 0199", type = "fax" }]
  urls                = [{ url = "https://acme.example/news" }]
  tags                = [{ name = "vip" }, { name = "priority" }]
  custom_fields       = { tier = "platinum" }`,
		updatedRecord: map[string]string{"name": `"Acme Corporation"`, "number_of_employees": `300`, "owner": `{"id":"u-2"}`,
			"custom_fields": `{"tier":"platinum"}`},
		cleared: `
  name          = "Acme Corporation"
  description   = ""
  urls          = []
  tags          = []
  custom_fields = {}`,
		clearedRecord: map[string]string{"description": "", "urls": "", "tags": "", "custom_fields": ""},
		afterClear:    `name = "Acme Corporation"`,
		managed: `
  name     = "Acme"
  industry = "Pharma"`,
		drift: map[string]any{"industry": "Retail"}, driftAttr: "industry",
		unmanaged: map[string]any{"description": "edited in the CRM"},
	},
	{
		k:       kinds.Contact,
		minimal: `first_name = "Jane"`,
		full: `
  first_name      = "Jane"
  last_name       = "Doe"
  title           = "VP Engineering"
  account         = { id = "acc-1" }
  owner           = { id = "u-1" }
  email_addresses = [{ email = "jane@acme.example", type = "work" }]
  phone_numbers   = [{ number = "+1 555 0100", type = "mobile" }]
  addresses       = [{ city = "Springfield" }]
  urls            = [{ url = "https://jane.example" }]
  tags            = [{ name = "champion" }]
  custom_fields   = { nps = 9 }`,
		fullRecord: map[string]string{"first_name": `"Jane"`, "last_name": `"Doe"`, "name": `"Jane Doe"`,
			"account": `{"id":"acc-1"}`, "custom_fields": `{"nps":9}`},
		updated: `
  first_name      = "Jane"
  last_name       = "Roe"
  title           = "CTO"
  account         = { id = "acc-2" }
  owner           = { id = "u-2" }
  email_addresses = [{ email = "jane@acme.example", type = "work" }, { email = "jr@home.example", type = "personal" }]
  phone_numbers   = [{ number = "+1 555 0101", type = "home" }]
  addresses       = [{ city = "Shelbyville" }]
  urls            = [{ url = "https://roe.example" }]
  tags            = [{ name = "champion" }, { name = "buyer" }]
  custom_fields   = { nps = 10 }`,
		updatedRecord: map[string]string{"last_name": `"Roe"`, "name": `"Jane Roe"`, "title": `"CTO"`,
			"account": `{"id":"acc-2"}`, "custom_fields": `{"nps":10}`},
		cleared: `
  first_name      = "Jane"
  title           = ""
  urls            = []
  phone_numbers   = []
  email_addresses = []`,
		clearedRecord: map[string]string{"title": "", "urls": "", "phone_numbers": "", "email_addresses": ""},
		afterClear:    `first_name = "Jane"`,
		managed: `
  first_name = "Jane"
  title      = "VP"`,
		drift: map[string]any{"title": "Intern"}, driftAttr: "title",
		unmanaged: map[string]any{"last_name": "Renamed"},
		invalid: []invalidCase{
			{"no first name, last name or email", `title = "VP"`, `(?s)Missing first_name, last_name or email_addresses`},
			{"empty names and no email", "first_name = \"\"\n  last_name = \"\"", `(?s)first_name.*last_name.*email_addresses`},
			{"email without address", "first_name = \"J\"\n  email_addresses = [{ type = \"work\" }]", `(?s)email_addresses.*email`},
		},
	},
	{
		k:       kinds.Opportunity,
		minimal: `name = "Deal"`,
		full: `
  name        = "Big Deal"
  description = "Three years"
  amount      = 1234.56
  currency    = "USD"
  close_date  = "2026-03-31"
  status      = "open"
  account     = { id = "acc-1" }
  contact     = [{ id = "c-1" }, { id = "c-2" }]
  owner       = { id = "u-1" }
  stage       = { id = "st-1" }
  custom_fields = { forecast = "commit" }`,
		fullRecord: map[string]string{"name": `"Big Deal"`, "amount": `1234.56`, "currency": `"USD"`, "status": `"open"`,
			"contact": `[{"id":"c-1"},{"id":"c-2"}]`, "stage": `{"id":"st-1"}`, "custom_fields": `{"forecast":"commit"}`},
		updated: `
  name        = "Bigger Deal"
  description = "Five years"
  amount      = 2000
  currency    = "EUR"
  close_date  = "2026-04-30T17:00:00Z"
  status      = "won"
  account     = { id = "acc-2" }
  contact     = [{ id = "c-2" }]
  owner       = { id = "u-2" }
  stage       = { id = "st-2" }
  custom_fields = { forecast = "closed" }`,
		updatedRecord: map[string]string{"name": `"Bigger Deal"`, "amount": `2000`, "status": `"won"`,
			"contact": `[{"id":"c-2"}]`, "stage": `{"id":"st-2"}`},
		cleared: `
  name        = "Bigger Deal"
  description = ""
  contact     = []`,
		clearedRecord: map[string]string{"description": "", "contact": ""},
		afterClear:    `name = "Bigger Deal"`,
		managed: `
  name   = "Deal"
  status = "open"`,
		drift: map[string]any{"status": "lost"}, driftAttr: "status",
		unmanaged: map[string]any{"description": "edited in the CRM"},
		invalid: []invalidCase{
			{"no name", `amount = 10`, `(?s)"name" is required`},
			{"empty name", `name = ""`, `(?s)name.*length`},
			{"close_date not a date", "name = \"D\"\n  close_date = \"next tuesday\"", `(?s)close_date.*date`},
			{"amount not a number", "name = \"D\"\n  amount = \"lots\"", `(?s)amount`},
			{"contact without id", "name = \"D\"\n  contact = [{}]", `(?s)contact.*id`},
		},
	},
	{
		k:       kinds.Lead,
		minimal: `last_name = "Lead"`,
		full: `
  title           = "Acme wants a demo"
  first_name      = "Wile"
  last_name       = "Coyote"
  owner           = { id = "u-1" }
  contact         = { id = "c-1" }
  account         = { id = "acc-1" }
  email_addresses = [{ email = "wile@acme.example", type = "primary" }]
  addresses       = [{ city = "Phoenix" }]
  lead_source     = "Advertisement"
  custom_fields   = { score = 40 }`,
		fullRecord: map[string]string{"title": `"Acme wants a demo"`, "last_name": `"Coyote"`, "contact": `{"id":"c-1"}`,
			"lead_source": `"Advertisement"`, "custom_fields": `{"score":40}`},
		updated: `
  title           = "Acme wants a quote"
  first_name      = "Wile E."
  last_name       = "Coyote"
  owner           = { id = "u-2" }
  contact         = { id = "c-2" }
  account         = { id = "acc-2" }
  email_addresses = [{ email = "wile@acme.example", type = "primary" }, { email = "w@home.example", type = "secondary" }]
  addresses       = [{ city = "Tucson" }]
  lead_source     = "Partner"
  custom_fields   = { score = 80 }`,
		updatedRecord: map[string]string{"title": `"Acme wants a quote"`, "contact": `{"id":"c-2"}`, "lead_source": `"Partner"`,
			"custom_fields": `{"score":80}`},
		cleared: `
  last_name       = "Coyote"
  title           = ""
  email_addresses = []
  addresses       = []`,
		clearedRecord: map[string]string{"title": "", "email_addresses": "", "addresses": ""},
		afterClear:    `last_name = "Coyote"`,
		managed: `
  last_name   = "Lead"
  lead_source = "Web"`,
		drift: map[string]any{"lead_source": "Cold call"}, driftAttr: "lead_source",
		unmanaged: map[string]any{"title": "edited in the CRM"},
		invalid: []invalidCase{
			{"email type not primary or secondary", "last_name = \"L\"\n  email_addresses = [{ email = \"a@b.example\", type = \"work\" }]",
				`(?s)email_addresses\[0\]\.type.*primary.*secondary`},
		},
	},
	{
		k: kinds.Note,
		minimal: `
  content = "Met at the fair"
  account = { id = "acc-1" }
  contact = [{ id = "c-1" }]`,
		full: `
  content       = "Met at the fair; wants a demo"
  title         = "Fair"
  owner         = { id = "u-1" }
  account       = { id = "acc-1" }
  contact       = [{ id = "c-1" }]
  custom_fields = { mood = "keen" }`,
		fullRecord: map[string]string{"content": `"Met at the fair; wants a demo"`, "title": `"Fair"`,
			"account": `{"id":"acc-1"}`, "contact": `[{"id":"c-1"}]`, "custom_fields": `{"mood":"keen"}`},
		updated: `
  content       = "Demo booked"
  title         = "Follow-up"
  owner         = { id = "u-2" }
  account       = { id = "acc-1" }
  contact       = [{ id = "c-1" }]
  custom_fields = { mood = "sold" }`,
		updatedRecord: map[string]string{"content": `"Demo booked"`, "title": `"Follow-up"`, "owner": `{"id":"u-2"}`},
		cleared: `
  content = "Demo booked"
  title   = ""
  account = { id = "acc-1" }
  contact = [{ id = "c-1" }]`,
		clearedRecord: map[string]string{"title": ""},
		afterClear: `
  content = "Demo booked"
  account = { id = "acc-1" }
  contact = [{ id = "c-1" }]`,
		managed: `
  content = "Met at the fair"
  account = { id = "acc-1" }`,
		drift: map[string]any{"content": "edited in the CRM"}, driftAttr: "content",
		unmanaged: map[string]any{"title": "edited in the CRM"},
		invalid: []invalidCase{
			{"no parent", `content = "orphan"`, `(?s)Missing account, contact or opportunity`},
			{"empty contact list only", "content = \"x\"\n  contact = []", `(?s)Missing account, contact or opportunity`},
		},
	},
	{
		k:       kinds.Task,
		minimal: `subject = "Call back"`,
		full: `
  subject       = "Call back Acme"
  content       = "About the renewal"
  owner         = { id = "u-1" }
  account       = { id = "acc-1" }
  contact       = [{ id = "c-1" }]
  due_date      = "2026-03-31"
  status        = "open"
  custom_fields = { priority = "high" }`,
		fullRecord: map[string]string{"subject": `"Call back Acme"`, "status": `"open"`, "contact": `[{"id":"c-1"}]`,
			"custom_fields": `{"priority":"high"}`},
		updated: `
  subject       = "Call back Acme today"
  content       = "About the renewal, again"
  owner         = { id = "u-2" }
  account       = { id = "acc-2" }
  contact       = [{ id = "c-2" }, { id = "c-3" }]
  due_date      = "2026-04-01T09:00:00Z"
  status        = "completed"
  custom_fields = { priority = "low" }`,
		updatedRecord: map[string]string{"subject": `"Call back Acme today"`, "status": `"completed"`,
			"contact": `[{"id":"c-2"},{"id":"c-3"}]`},
		cleared: `
  subject = "Call back Acme today"
  content = ""
  contact = []`,
		clearedRecord: map[string]string{"content": "", "contact": ""},
		afterClear:    `subject = "Call back Acme today"`,
		managed: `
  subject = "Call back"
  status  = "open"`,
		drift: map[string]any{"status": "deferred"}, driftAttr: "status",
		unmanaged: map[string]any{"content": "edited in the CRM"},
	},
	{
		k:       kinds.Engagement,
		minimal: `engagement_type = "call"`,
		full: `
  engagement_type = "call"
  subject         = "Discovery call"
  content         = "Talked about the roadmap"
  direction       = "outbound"
  start_time      = "2026-03-01T10:00:00Z"
  end_time        = "2026-03-01T10:30:00Z"
  duration        = "30m"
  account         = { id = "acc-1" }
  contact         = [{ id = "c-1" }]
  opportunity     = [{ id = "o-1" }]
  lead            = [{ id = "l-1" }]
  owner           = { id = "u-1" }
  status          = "completed"
  custom_fields   = { outcome = "interested" }`,
		fullRecord: map[string]string{"engagement_type": `"call"`, "subject": `"Discovery call"`, "direction": `"outbound"`,
			"opportunity": `[{"id":"o-1"}]`, "lead": `[{"id":"l-1"}]`, "custom_fields": `{"outcome":"interested"}`},
		updated: `
  engagement_type = "call"
  subject         = "Discovery call (rescheduled)"
  content         = "Roadmap and pricing"
  direction       = "inbound"
  start_time      = "2026-03-02T10:00:00Z"
  end_time        = "2026-03-02T11:00:00Z"
  duration        = "60m"
  account         = { id = "acc-2" }
  contact         = [{ id = "c-2" }]
  opportunity     = [{ id = "o-2" }]
  lead            = []
  owner           = { id = "u-2" }
  status          = "scheduled"
  custom_fields   = { outcome = "follow-up" }`,
		updatedRecord: map[string]string{"subject": `"Discovery call (rescheduled)"`, "direction": `"inbound"`,
			"opportunity": `[{"id":"o-2"}]`, "lead": ""},
		cleared: `
  engagement_type = "call"
  content         = ""
  contact         = []`,
		clearedRecord: map[string]string{"content": "", "contact": ""},
		afterClear:    `engagement_type = "call"`,
		managed: `
  engagement_type = "call"
  subject         = "Discovery call"`,
		drift: map[string]any{"subject": "renamed in the CRM"}, driftAttr: "subject",
		unmanaged: map[string]any{"content": "edited in the CRM"},
		invalid: []invalidCase{
			{"no engagement_type", `subject = "x"`, `(?s)"engagement_type" is required`},
			{"direction of a meeting", "engagement_type = \"meeting\"\n  direction = \"inbound\"", `(?s)direction.*only for engagement_type = "call"`},
			{"bad direction", "engagement_type = \"call\"\n  direction = \"sideways\"", `(?s)direction.*inbound.*outbound.*missed`},
		},
	},
}

// recordOf returns the emulator's copy of the record a resource points at.
func (e *testEnv) recordOf(s *terraform.State, k *record.Kind, addr string) (map[string]any, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	rec, ok := e.emu.In(k.Plural()).Record(testIA, rs.Primary.ID)
	if !ok {
		return nil, fmt.Errorf("the emulator has no %s %s", k.Noun(), rs.Primary.ID)
	}
	return rec, nil
}

// holds checks record fields against their expected JSON.
func (e *testEnv) holds(k *record.Kind, addr string, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rec, err := e.recordOf(s, k, addr)
		if err != nil {
			return err
		}
		return fieldsAre(want)(rec)
	}
}

func (e *testEnv) countIs(k *record.Kind, method string, want *int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.emu.CollectionCounts(k.Plural())[method]; n != *want {
			return fmt.Errorf("%d %s requests to %s, want %d", n, method, k.Plural(), *want)
		}
		return nil
	}
}

func TestAccKinds_lifecycle(t *testing.T) {
	for _, tc := range kindTests {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			addr := tc.addr()
			sameID := statecheck.CompareValue(compare.ValuesSame())
			one, patches := 1, 0
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy: func(*terraform.State) error {
					if n := len(env.emu.In(tc.k.Plural()).Records(testIA)); n != 0 {
						return fmt.Errorf("%d %s left after destroy", n, tc.k.Plural())
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: env.config(tc.resource(tc.minimal)),
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(addr, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("integrated_account_id"), knownvalue.StringExact(testIA)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("deletion_policy"), knownvalue.StringExact("delete")),
						},
						Check: env.countIs(tc.k, "POST", &one),
					},
					{ResourceName: addr, ImportState: true, ImportStateVerify: true,
						ImportStateIdFunc: func(s *terraform.State) (string, error) {
							return testIA + "/" + s.RootModule().Resources[addr].Primary.ID, nil
						}},
					{ResourceName: addr, ImportState: true, ImportStateVerify: true}, // the bare id, with the provider's default
					{
						Config: env.config(tc.resource(tc.full)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
						Check:             env.holds(tc.k, addr, tc.fullRecord),
					},
					{
						Config: env.config(tc.resource(tc.updated)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
						Check:             env.holds(tc.k, addr, tc.updatedRecord),
					},
					{
						Config: env.config(tc.resource(tc.cleared)),
						Check:  env.holds(tc.k, addr, tc.clearedRecord),
					},
					{
						// Attributes removed from the configuration become unmanaged: nothing is sent.
						PreConfig: func() { patches = env.emu.CollectionCounts(tc.k.Plural())["PATCH"] },
						Config:    env.config(tc.resource(tc.afterClear)),
						Check:     env.countIs(tc.k, "PATCH", &patches),
					},
				},
			})
		})
	}
}

func TestAccKinds_driftAndOutOfBandDeletion(t *testing.T) {
	for _, tc := range kindTests {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			addr, coll := tc.addr(), env.emu.In(tc.k.Plural())
			cfg := env.config(tc.resource(tc.managed))
			var id string
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
						// A change to an attribute the configuration leaves unset is not drift.
						PreConfig:        func() { coll.Mutate(testIA, id, tc.unmanaged) },
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						// A change to a managed attribute is, and the apply puts it back.
						PreConfig: func() { coll.Mutate(testIA, id, tc.drift) },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						Check: func(s *terraform.State) error {
							rec, err := env.recordOf(s, tc.k, addr)
							if err == nil && jsonOf(rec[tc.driftAttr]) == jsonOf(tc.drift[tc.driftAttr]) {
								err = fmt.Errorf("%s is still %s after the apply", tc.driftAttr, jsonOf(rec[tc.driftAttr]))
							}
							return err
						},
					},
					{
						// Deleted in the CRM: the CRM's 404 removes it from state and the apply re-creates it.
						PreConfig: func() { coll.Remove(testIA, id) },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						}},
						Check: func(s *terraform.State) error {
							if got := s.RootModule().Resources[addr].Primary.ID; got == id {
								return fmt.Errorf("id %s was not replaced", got)
							}
							if n := len(coll.Records(testIA)); n != 1 {
								return fmt.Errorf("%d %s, want 1", n, tc.k.Plural())
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// Truto's own 404 (integrated account not visible), 401 and 503 on read are errors that keep the
// record in state: removing it would make the next apply create a duplicate.
func TestAccKinds_readErrorsKeepState(t *testing.T) {
	for _, tc := range kindTests {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			cfg := env.config(tc.resource(tc.minimal))
			one := 1
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						PreConfig:    func() { env.emu.FailNextIn(tc.k.Plural(), "GET", http.StatusNotFound, 1) },
						RefreshState: true,
						ExpectError:  regexp.MustCompile(`(?s)404.*integrated\s+account\s+` + testIA),
					},
					{
						PreConfig:    func() { env.emu.FailNextIn(tc.k.Plural(), "GET", http.StatusServiceUnavailable, 1) },
						RefreshState: true,
						ExpectError:  regexp.MustCompile(`(?s)503.*blocked`),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            env.countIs(tc.k, "POST", &one),
					},
				},
			})
		})
	}
}

func TestAccKinds_deletionPolicy(t *testing.T) {
	for _, tc := range kindTests {
		t.Run(tc.k.Noun(), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
				tc.k.Plural(): {DeleteUnsupported: true},
			}})
			abandon := tc.resource(tc.minimal + "\n  deletion_policy = \"abandon\"")
			refused := 0 // the plan refuses the destroy; the abandoning one sends none
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy: func(*terraform.State) error {
					if n := len(env.emu.In(tc.k.Plural()).Records(testIA)); n != 1 {
						return fmt.Errorf("%d %s after destroy, want the abandoned one to remain", n, tc.k.Plural())
					}
					return env.countIs(tc.k, "DELETE", &refused)(nil)
				},
				Steps: []resource.TestStep{
					{Config: env.config(tc.resource(tc.minimal))},
					{
						Config: env.config(tc.resource(tc.minimal)), Destroy: true,
						ExpectError: regexp.MustCompile(`(?s)HubSpot cannot delete ` + tc.k.Plural() + `.*does\s+not\s+support\s+delete\s+on\s+` +
							tc.k.Plural() + `.*set\s+deletion_policy\s+=\s+"abandon"\s+on\s+the\s+resource\s+and\s+run\s+terraform\s+apply\s+first`),
					},
					{Config: env.config(abandon)},
				},
			})
		})
	}
}

// Every invalid configuration fails at plan time, names the attribute, and sends nothing.
func TestAccKinds_invalidConfigurations(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	t.Setenv(record.EnvIntegratedAccountID, "")
	for _, tc := range kindTests {
		common := []invalidCase{
			{"unknown attribute", tc.minimal + "\n  homepage = \"x\"", `(?s)Unsupported argument.*homepage`},
			{"bad deletion_policy", tc.minimal + "\n  deletion_policy = \"keep\"", `(?s)deletion_policy.*delete.*abandon`},
			{"custom_fields a string", tc.minimal + "\n  custom_fields = \"gold\"", `(?s)custom_fields.*object`},
			{"remote_data not an object", tc.minimal + "\n  remote_data = jsonencode([1])", `(?s)remote_data.*JSON\s+object`},
			{"empty integrated account", tc.minimal + "\n  integrated_account_id = \"\"", `(?s)integrated_account_id.*length`},
			{"owner without id", tc.minimal + "\n  owner = {}", `(?s)owner.*id`},
			{"bad timeout", tc.minimal + "\n  timeouts = { create = \"soon\" }", `(?s)timeouts`},
		}
		if tc.k.ResourceSchema().Attributes["created_at"].IsOptional() { // write-once, settable when seeding
			common = append(common, invalidCase{"created_at not RFC 3339", tc.minimal + "\n  created_at = \"yesterday\"", `(?s)created_at.*RFC\s*3339`})
		} else {
			common = append(common, invalidCase{"created_at set", tc.minimal + "\n  created_at = \"2020-01-01T00:00:00Z\"", `(?s)Invalid Configuration for Read-Only Attribute.*created_at`})
		}
		for _, c := range append(common, tc.invalid...) {
			t.Run(tc.k.Noun()+"/"+c.name, func(t *testing.T) {
				resource.UnitTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					Steps: []resource.TestStep{{
						Config:      env.config(tc.resource(c.body)),
						PlanOnly:    true,
						ExpectError: regexp.MustCompile(c.want),
					}},
				})
			})
		}
		t.Run(tc.k.Noun()+"/no integrated account anywhere", func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("provider \"truto\" {\n  base_url  = %q\n  api_token = %q\n}\n", env.url, testToken) +
						tc.resource(tc.minimal),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)integrated_account_id.*TRUTO_INTEGRATED_ACCOUNT_ID`),
				}},
			})
		})
	}
	for k, n := range env.emu.Counts() {
		if n > 0 {
			t.Errorf("invalid configurations sent %d %s requests", n, k)
		}
	}
}

// References to records created in the same apply are unknown at plan time, in lists and objects
// alike: create and update must plan the same way in both phases.
func TestAccKinds_referencesKnownOnlyAtApply(t *testing.T) {
	cases := []struct {
		k     *record.Kind
		attrs string
		got   func(rec map[string]any) string
	}{
		{kinds.Contact, `account = { id = terraform_data.v.output }`, func(rec map[string]any) string { return refID(rec["account"]) }},
		{kinds.Contact, `email_addresses = [{ email = "${terraform_data.v.output}@acme.example" }]`,
			func(rec map[string]any) string {
				return strings.TrimSuffix(itemAt(rec, "email_addresses", 0, "email"), "@acme.example")
			}},
		{kinds.Contact, `phone_numbers = [{ number = terraform_data.v.output }]`, itemValue("phone_numbers", "number")},
		{kinds.Opportunity, `contact = [{ id = "c-0" }, { id = terraform_data.v.output }]`,
			func(rec map[string]any) string { return itemAt(rec, "contact", 1, "id") }},
		{kinds.Opportunity, `stage = { id = terraform_data.v.output }`, func(rec map[string]any) string { return refID(rec["stage"]) }},
		{kinds.Opportunity, `description = terraform_data.v.output`, func(rec map[string]any) string { return str(rec["description"]) }},
	}
	for _, c := range cases {
		t.Run(c.k.Noun()+"/"+strings.Fields(c.attrs)[0], func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			tc := kindTestOf(c.k)
			addr := tc.addr()
			cfg := func(input string) string {
				return env.config(fmt.Sprintf("resource \"terraform_data\" \"v\" {\n  input = %q\n}\n", input) +
					tc.resource(tc.minimal+"\n  "+c.attrs))
			}
			holds := func(want string) resource.TestCheckFunc {
				return func(s *terraform.State) error {
					rec, err := env.recordOf(s, c.k, addr)
					if err == nil && c.got(rec) != want {
						err = fmt.Errorf("record holds %q, want %q (%s)", c.got(rec), want, jsonOf(rec))
					}
					return err
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: cfg("first"), Check: holds("first")},
					{
						Config: cfg("second"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						Check: holds("second"),
					},
				},
			})
		})
	}
}

func kindTestOf(k *record.Kind) kindTest {
	for _, tc := range kindTests {
		if tc.k == k {
			return tc
		}
	}
	panic("no kind test for " + k.Noun())
}

func refID(v any) string {
	m, _ := v.(map[string]any)
	return str(m["id"])
}
