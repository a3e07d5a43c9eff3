package provider

import (
	"fmt"
	"regexp"
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

// checkRequests counts the requests the plan-time checks sent: capabilities, meta and catalog.
func (e *testEnv) checkRequests() (caps, meta, catalog int) { return e.emu.ProbeRequests() }

// noWritesYet is a PreConfig asserting the emulator received no write request so far (a step's
// Check does not run when its ExpectError matches, so failing steps are checked by the next one).
func (e *testEnv) noWritesYet(t *testing.T) func() {
	return func() {
		if n := e.writes(); n != 0 {
			t.Errorf("%d write requests reached the CRM from plans that failed", n)
		}
	}
}

// A plan the integration cannot carry out fails before anything is sent, naming the integration
// and the method: create and update of a kind it lacks them for, delete unless deletion_policy
// abandons, and the record stays.
func TestAccPlanChecks_unsupportedMethodsFailThePlan(t *testing.T) {
	t.Run("create", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
			"notes": {Methods: []string{"list", "get"}},
		}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: env.config(`
resource "truto_crm_note" "r" {
  content = "x"
  account = { id = "acc-1" }
}`),
				ExpectError: regexp.MustCompile(`(?s)HubSpot cannot create notes.*HubSpot does not support create on notes`),
			}},
		})
		if n := env.writes(); n != 0 {
			t.Errorf("%d write requests reached the CRM", n)
		}
	})

	t.Run("update", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
			"tasks": {Methods: []string{"list", "get", "create", "delete"}},
		}})
		task := func(subject string) string {
			return env.config(fmt.Sprintf("resource \"truto_crm_task\" \"r\" {\n  subject = %q\n}", subject))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{Config: task("Call back")},
				{Config: task("Call back today"), ExpectError: regexp.MustCompile(`(?s)HubSpot does not support update on tasks`)},
			},
		})
		if n := env.emu.CollectionCounts("tasks")["PATCH"]; n != 0 {
			t.Errorf("%d PATCH requests reached the CRM", n)
		}
	})

	t.Run("delete", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
			"tasks": {Methods: []string{"list", "get", "create", "update"}},
		}})
		task := func(policy string) string {
			return env.config(fmt.Sprintf("resource \"truto_crm_task\" \"r\" {\n  subject = \"Call back\"\n  deletion_policy = %q\n}", policy))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{Config: task("delete")},
				{
					Config:      env.providerBlock(),
					ExpectError: regexp.MustCompile(`(?s)HubSpot does not support delete on tasks.*set\s+deletion_policy\s+=\s+"abandon"`),
				},
				{
					// Replacing the task would delete it too.
					Config:      strings.Replace(task("delete"), `subject = "Call back"`, "subject = \"Call back\"\n  integrated_account_id = \"ia-other\"", 1),
					ExpectError: regexp.MustCompile(`(?s)HubSpot does not support delete on tasks`),
				},
				{Config: task("abandon")},
				{Config: env.providerBlock()},
			},
		})
		if n := env.emu.CollectionCounts("tasks")["DELETE"]; n != 0 {
			t.Errorf("%d DELETE requests reached the CRM", n)
		}
		if n := len(env.emu.In("tasks").Records(testIA)); n != 1 {
			t.Errorf("the CRM holds %d tasks, want the abandoned one", n)
		}
	})
}

// A blocked account, or one that needs re-authentication, fails the plan of any write.
func TestAccPlanChecks_accountStateFailsThePlan(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile emulator.Profile
		want    string
	}{
		{"blocked", emulator.Profile{Blocked: true}, `(?s)Integrated account is blocked.*"ia-hubspot" \(HubSpot\) is blocked`},
		{"needs_reauth", emulator.Profile{Status: "needs_reauth"}, `(?s)needs re-authentication.*Reconnect it in Truto`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, tc.profile)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(`resource "truto_crm_account" "r" { name = "Acme" }`),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if n := env.writes(); n != 0 {
				t.Errorf("%d write requests reached the CRM", n)
			}
		})
	}
}

// A field the integration requires on create fails the plan when unset, naming the attribute.
func TestAccPlanChecks_requiredOnCreate(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"contacts": {RequiredCreateFields: []string{"owner"}},
	}})
	contact := func(extra string) string {
		return env.config(fmt.Sprintf("resource \"truto_crm_contact\" \"r\" {\n  last_name = \"Doe\"\n%s}", extra))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      contact(""),
				ExpectError: regexp.MustCompile(`(?s)Missing attribute required by HubSpot.*with truto_crm_contact\.r.*HubSpot requires owner to create a\s+contact`),
			},
			{PreConfig: env.noWritesYet(t), Config: contact("  owner = { id = \"u-1\" }\n")},
		},
	})
}

// custom_fields is checked against the integration's catalog: an unknown key (with the nearest
// names), a value of the wrong type and one that is not an option fail the plan, with nothing
// sent; a configuration the catalog accepts applies. An integration without a catalog is not
// checked.
func TestAccPlanChecks_customFieldsAgainstTheCatalog(t *testing.T) {
	catalog := map[string][]emulator.FieldDef{"contact": {
		{Name: "tier", Label: "Tier", Type: "enum", IsUserDefined: true,
			Options: []emulator.FieldOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver"}}},
		{Name: "seats", Label: "Seats", Type: "number", IsUserDefined: true},
		{Name: "renewal_date", Label: "Renewal date", Type: "date", IsUserDefined: true},
		{Name: "interests", Label: "Interests", Type: "array", IsUserDefined: true,
			Options: []emulator.FieldOption{{Label: "CRM", Value: "crm"}, {Label: "ERP", Value: "erp"}}},
		{Name: "lastname", Label: "Last name", Type: "string", IsRequired: true},
	}}
	env := newTestEnv(t, emulator.Profile{Fields: catalog})
	contact := func(cf string) string {
		return env.config(fmt.Sprintf("resource \"truto_crm_contact\" \"r\" {\n  last_name     = \"Doe\"\n  custom_fields = %s\n}", cf))
	}
	steps := []resource.TestStep{}
	for _, bad := range []struct{ cf, want string }{
		{`{ teir = "gold" }`, `(?s)Unknown custom field.*custom_fields key "teir" is not a field the CRM has.*Did you mean "tier"\?`},
		{`{ zzzzzzzzzz = 1 }`, `(?s)Unknown custom field.*Valid names\s+include\s+"interests",\s+"renewal_date",\s+"seats",\s+"tier",\s+"lastname"`},
		{`{ tier = "platinum" }`, `(?s)Invalid custom field value.*"tier":\s+"platinum"\s+is\s+not\s+one\s+of\s+the\s+field's\s+options:\s+"gold",\s+"silver"`},
		{`{ seats = "many" }`, `(?s)"seats":\s+the\s+field\s+is\s+of\s+type\s+number\s+and\s+takes\s+a\s+number,\s+not\s+the\s+string\s+"many"`},
		{`{ renewal_date = "next week" }`, `(?s)"renewal_date":\s+the\s+field\s+is\s+of\s+type\s+date`},
		{`{ interests = ["crm", "hr"] }`, `(?s)"interests":\s+"hr"\s+is\s+not\s+one\s+of\s+the\s+field's\s+options`},
	} {
		steps = append(steps, resource.TestStep{Config: contact(bad.cf), ExpectError: regexp.MustCompile(bad.want)})
	}
	steps = append(steps, resource.TestStep{
		PreConfig: env.noWritesYet(t),
		Config:    contact(`{ tier = "gold", seats = 12, renewal_date = "2027-01-31", interests = ["crm"] }`),
		Check: func(s *terraform.State) error {
			rec, err := env.recordOf(s, kinds.Contact, "truto_crm_contact.r")
			if err == nil && jsonOf(rec["custom_fields"]) != `{"interests":["crm"],"renewal_date":"2027-01-31","seats":12,"tier":"gold"}` {
				err = fmt.Errorf("the CRM holds custom_fields %s", jsonOf(rec["custom_fields"]))
			}
			return err
		},
	}, resource.TestStep{
		// The catalog checks updates too.
		Config:      contact(`{ tier = "bronze", seats = 12, renewal_date = "2027-01-31", interests = ["crm"] }`),
		ExpectError: regexp.MustCompile(`(?s)"bronze"\s+is\s+not\s+one\s+of\s+the\s+field's\s+options`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
	if n := env.emu.CollectionCounts("contacts")["PATCH"]; n != 0 {
		t.Errorf("%d PATCH requests reached the CRM", n)
	}

	// Accounts have no catalog in this profile (the integration answers 400 for the entity), and
	// an integration with no catalog at all answers 405: either way nothing is checked.
	for _, profile := range []emulator.Profile{{Fields: catalog}, {}} {
		env := newTestEnv(t, profile)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: env.config("resource \"truto_crm_account\" \"r\" {\n  name          = \"Acme\"\n  custom_fields = { anything = 1 }\n}"),
			}},
		})
		if _, _, asked := env.checkRequests(); asked == 0 {
			t.Error("the catalog was not asked: nothing shows the check ran")
		}
	}
}

// When Truto cannot say what the account supports, the plan goes ahead (a warning), and
// capability_checks = false sends none of the checks' requests.
func TestAccPlanChecks_unavailableOrOff(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CapabilitiesUnavailable: true, Collections: map[string]emulator.CollectionProfile{
		"contacts": {RequiredCreateFields: []string{"owner"}},
	}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			// The unchecked create reaches the CRM, which refuses it: the check did not block the plan.
			Config:      env.config("resource \"truto_crm_contact\" \"r\" {\n  last_name = \"Doe\"\n}"),
			ExpectError: regexp.MustCompile(`(?s)owner\s+is\s+required`),
		}},
	})
	if caps, _, _ := env.checkRequests(); caps == 0 {
		t.Error("no capabilities request: the check did not run")
	}

	off := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"notes": {Methods: []string{"list", "get"}},
	}})
	block := strings.Replace(off.providerBlock(), "provider \"truto\" {", "provider \"truto\" {\n  capability_checks = false", 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      block + "resource \"truto_crm_note\" \"r\" {\n  content = \"x\"\n  account = { id = \"acc-1\" }\n}",
			ExpectError: regexp.MustCompile(`(?s)Failed to create CRM note.*405`),
		}},
	})
	if caps, meta, catalog := off.checkRequests(); caps+meta+catalog != 0 {
		t.Errorf("capability_checks = false sent %d capabilities, %d meta and %d catalog requests", caps, meta, catalog)
	}
}

// A field the integration accepts but never returns keeps its configured value in state: refreshes
// do not read it as cleared, so there is no perpetual diff.
func TestAccPlanChecks_neverReturnedFieldsDoNotDiff(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"tasks": {NeverReturned: []string{"content"}},
	}})
	cfg := env.config("resource \"truto_crm_task\" \"r\" {\n  subject = \"Call back\"\n  content = \"About the renewal\"\n}")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{RefreshState: true},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// truto_crm_fields lists one entity's catalog (only that entity's), with names and by_name for
// lookups; an entity outside the list is a plan-time error, and an integration without a catalog
// is the API's error.
func TestAccCRMFieldsDataSource(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"contact": {
			{Name: "tier", Label: "Tier", Type: "enum", IsUserDefined: true,
				Options: []emulator.FieldOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver"}}},
			{Name: "lastname", Label: "Last name", Type: "string", IsRequired: true},
		},
		"account": {{Name: "region", Label: "Region", Type: "string", IsUserDefined: true}},
	}})
	addr := "data.truto_crm_fields.c"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`data "truto_crm_fields" "c" { entity = "contact" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("tier"), knownvalue.StringExact("lastname")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("by_name").AtMapKey("tier").AtMapKey("options"),
						knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Gold"), "value": knownvalue.StringExact("gold")}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Silver"), "value": knownvalue.StringExact("silver")}),
						})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("by_name").AtMapKey("lastname").AtMapKey("is_required"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("fields").AtSliceIndex(0).AtMapKey("is_user_defined"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("fields").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("enum")),
				},
			},
		},
	})
	bare := newTestEnv(t, emulator.Profile{})
	for cfg, want := range map[string]string{
		env.config(`data "truto_crm_fields" "c" { entity = "engagement" }`): `(?s)entity.*value must be one of.*"account".*"task"`,
		bare.config(`data "truto_crm_fields" "c" { entity = "contact" }`):   `(?s)405`,
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps:                    []resource.TestStep{{Config: cfg, ExpectError: regexp.MustCompile(want)}},
		})
	}
}

// An engagement_type the integration's schema does not list fails the plan, naming the values it
// accepts.
func TestAccPlanChecks_valuesTheSchemaLists(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Collections: map[string]emulator.CollectionProfile{
		"engagements": {EngagementTypes: []string{"call", "meeting"}},
	}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config("resource \"truto_crm_engagement\" \"r\" {\n  engagement_type = \"chat\"\n}"),
				ExpectError: regexp.MustCompile(`(?s)Value not accepted by HubSpot.*engagement_type.*"call" or\s+"meeting"`),
			},
			{
				Config:      env.config("resource \"truto_crm_engagement\" \"r\" {\n  engagement_type = \"Meeting\"\n}"),
				ExpectError: regexp.MustCompile(`(?s)not "Meeting"`), // compared exactly, as the CRM does
			},
			{PreConfig: env.noWritesYet(t), Config: env.config("resource \"truto_crm_engagement\" \"r\" {\n  engagement_type = \"meeting\"\n}")},
		},
	})
}
