package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

const addr = "truto_crm_account.a"

// idOf returns the id of a resource in state.
func idOf(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.ID, nil
}

// checkRecord asserts on the emulator's copy of the record the resource points at.
func (e *testEnv) checkRecord(assert func(rec map[string]any) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := idOf(s)
		if err != nil {
			return err
		}
		rec, ok := e.emu.Record(testIA, id)
		if !ok {
			return fmt.Errorf("emulator has no record %s", id)
		}
		return assert(rec)
	}
}

// jsonOf renders a value as compact JSON, so record fields can be compared with their exact JSON.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fieldsAre compares record fields with their expected JSON; a field expected as "" must be absent.
func fieldsAre(want map[string]string) func(map[string]any) error {
	return func(rec map[string]any) error {
		for k, w := range want {
			v, present := rec[k]
			if w == "" {
				if present && v != nil {
					return fmt.Errorf("record field %s = %s, want it absent", k, jsonOf(v))
				}
				continue
			}
			if got := jsonOf(v); got != w {
				return fmt.Errorf("record field %s = %s, want %s", k, got, w)
			}
		}
		return nil
	}
}

const fullConfig = `
resource "truto_crm_account" "a" {
  name                = "Acme Corp"
  website             = "https://acme.example"
  description         = "Anvils and more"
  industry            = "Manufacturing"
  number_of_employees = 250
  owner               = { id = "owner-1" }
  addresses = [{
    type        = "billing"
    street_1    = "1 Main St"
    city        = "Springfield"
    state       = "IL"
    postal_code = "62701"
    country     = "US"
  }]
  phone_numbers = [
    { number = "+1 555 0100", type = "work" },
    { number = "+1 555 0199", extension = "12", type = "fax" },
  ]
  urls          = [{ url = "https://acme.example/blog", type = "blog" }]
  tags          = [{ name = "enterprise" }]
  custom_fields = { tier = "gold", seats = 10, active = true, ratio = 0.75, regions = ["emea", "amer"], meta = { source = "tf" } }
  remote_data   = jsonencode({ vendor_flag = true })
  remote_query  = { workspace = "w1" }
  created_at    = "2020-01-02T03:04:05Z"
}
`

// Every attribute changed in place: the id must stay the same.
const fullConfigUpdated = `
resource "truto_crm_account" "a" {
  name                = "Acme Corporation"
  website             = "https://acme.example/home"
  description         = ""
  industry            = "Retail"
  number_of_employees = 0
  owner               = { id = "owner-2" }
  addresses = [{
    type     = "shipping"
    street_1 = "2 Side St"
    city     = "Shelbyville"
  }]
  phone_numbers = [{ number = "+1 555 0199", extension = "12", type = "fax" }]
  urls          = []
  tags          = [{ name = "enterprise" }, { name = "priority" }]
  custom_fields = { tier = "platinum", seats = 12, active = false, regions = ["emea"], meta = { source = "tf" } }
  remote_data   = jsonencode({ vendor_flag = false })
  remote_query  = { workspace = "w2" }
  created_at    = "2020-01-02T03:04:05.000+00:00"
}
`

func TestAccCRMAccount_fullLifecycle(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	patches := 0
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := len(env.emu.Records(testIA)); n != 0 {
				return fmt.Errorf("%d records left after destroy", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: env.config(fullConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("integrated_account_id"), knownvalue.StringExact(testIA)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("addresses").AtSliceIndex(0).AtMapKey("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone_numbers").AtSliceIndex(1).AtMapKey("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deletion_policy"), knownvalue.StringExact("delete")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.checkRecord(fieldsAre(map[string]string{
						"name": `"Acme Corp"`, "website": `"https://acme.example"`, "number_of_employees": `250`,
						"owner": `{"id":"owner-1"}`, "created_at": `"2020-01-02T03:04:05.000Z"`,
					})),
					env.checkRecord(func(rec map[string]any) error {
						cf := jsonOf(rec["custom_fields"])
						// Types survive end to end: a number is a number, a bool a bool, a list a list.
						want := `{"active":true,"meta":{"source":"tf"},"ratio":0.75,"regions":["emea","amer"],"seats":10,"tier":"gold"}`
						if cf != want {
							return fmt.Errorf("custom_fields = %s, want %s", cf, want)
						}
						if got := jsonOf(rec["phone_numbers"]); !strings.Contains(got, `"extension":"12"`) {
							return fmt.Errorf("phone extension = %s", got)
						}
						return nil
					}),
					func(*terraform.State) error {
						if q := env.emu.LastRemoteQuery(testIA); q["workspace"] != "w1" {
							return fmt.Errorf("remote_query not sent: %v", q)
						}
						return nil
					},
				),
			},
			{
				Config: env.config(fullConfigUpdated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("urls"), knownvalue.ListSizeExact(0)),
					// Another spelling of the same created_at instant changes nothing: state keeps its own.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2020-01-02T03:04:05Z")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.checkRecord(fieldsAre(map[string]string{
						"name": `"Acme Corporation"`, "website": `"https://acme.example/home"`, "description": "",
						"industry": `"Retail"`, "number_of_employees": `0`, "owner": `{"id":"owner-2"}`,
					})),
					env.checkRecord(func(rec map[string]any) error {
						if got := jsonOf(rec["custom_fields"]); got != `{"active":false,"meta":{"source":"tf"},"regions":["emea"],"seats":12,"tier":"platinum"}` {
							return fmt.Errorf("custom_fields = %s (ratio must be cleared)", got)
						}
						if phones, _ := rec["phone_numbers"].([]any); len(phones) != 1 {
							return fmt.Errorf("%d phone numbers, want 1", len(phones))
						}
						if urls, _ := rec["urls"].([]any); len(urls) != 0 {
							return fmt.Errorf("urls not cleared: %v", urls)
						}
						return nil
					}),
				),
			},
			{
				// Removing attributes from configuration makes them unmanaged: nothing is sent to the CRM.
				// Only the request-only remote_data and remote_query leave state.
				PreConfig: func() { patches = env.emu.RequestCount("PATCH") },
				Config: env.config(`
resource "truto_crm_account" "a" {
  name = "Acme Corporation"
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("industry"), knownvalue.StringExact("Retail")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("remote_data"), knownvalue.Null()),
				}},
				Check: func(*terraform.State) error {
					if n := env.emu.RequestCount("PATCH"); n != patches {
						return fmt.Errorf("%d PATCH requests for a state-only change", n-patches)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCRMAccount_minimalAndImport(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cfg := env.config(`
resource "truto_crm_account" "a" {
  name          = "Globex"
  custom_fields = { tier = "gold", seats = 3 }
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("website"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				Check: func(*terraform.State) error {
					if n := env.emu.RequestCount("POST"); n != 1 {
						return fmt.Errorf("%d POST requests for one create", n)
					}
					return nil
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := idOf(s)
					return testIA + "/" + id, err
				},
			},
			{
				// The bare id works when the provider sets integrated_account_id.
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: testIA + "/",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import id.*integrated_account_id.*account_id`),
			},
		},
	})
}

func TestAccCRMAccount_customFieldsNeverDriftOnCRMFields(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CustomFieldDefaults: map[string]any{"hs_object_source": "API", "lifecyclestage": "lead"}})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "truto_crm_account" "a" {
  name          = "Initech"
  custom_fields = tomap({ tier = "gold", region = "emea" })
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"tier": knownvalue.StringExact("gold"), "region": knownvalue.StringExact("emea"),
					})),
				},
				Check: func(s *terraform.State) (err error) {
					id, err = idOf(s)
					return err
				},
			},
			{
				// Someone edits a custom field Terraform does not manage: no drift.
				PreConfig: func() {
					env.emu.Mutate(testIA, id, map[string]any{"custom_fields": map[string]any{"lifecyclestage": "customer", "notes": "vip"}})
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: false,
			},
			{
				// Removing a key clears that field in the CRM and leaves the CRM's own fields alone.
				Config: env.config(`
resource "truto_crm_account" "a" {
  name          = "Initech"
  custom_fields = tomap({ tier = "gold" })
}`),
				Check: env.checkRecord(func(rec map[string]any) error {
					cf, _ := rec["custom_fields"].(map[string]any)
					if _, ok := cf["region"]; ok && cf["region"] != nil {
						return fmt.Errorf("region not cleared: %s", jsonOf(cf))
					}
					if cf["hs_object_source"] != "API" || cf["lifecyclestage"] != "customer" || cf["tier"] != "gold" {
						return fmt.Errorf("unmanaged custom fields changed: %s", jsonOf(cf))
					}
					return nil
				}),
			},
		},
	})
}

func TestAccCRMAccount_driftIsShownAndCorrected(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var id string
	cfg := env.config(`
resource "truto_crm_account" "a" {
  name          = "Umbrella"
  industry      = "Pharma"
  phone_numbers = [{ number = "+1 555 0100", type = "work" }]
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					id, err = idOf(s)
					return err
				},
			},
			{
				// Changes to attributes the configuration does not set are not drift.
				PreConfig: func() {
					env.emu.Mutate(testIA, id, map[string]any{"description": "edited in the CRM", "website": "https://u.example"})
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() {
					env.emu.Mutate(testIA, id, map[string]any{"name": "Umbrella (renamed)", "phone_numbers": []any{
						map[string]any{"number": "+1 555 0000", "type": "mobile"},
					}})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Umbrella")),
				}},
				Check: env.checkRecord(fieldsAre(map[string]string{
					"name": `"Umbrella"`, "description": `"edited in the CRM"`,
				})),
			},
		},
	})
}

func TestAccCRMAccount_deletedOutsideTerraformIsRecreated(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var first string
	cfg := env.config(`
resource "truto_crm_account" "a" {
  name = "Hooli"
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					first, err = idOf(s)
					return err
				},
			},
			{
				PreConfig: func() { env.emu.Remove(testIA, first) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					id, err := idOf(s)
					if err != nil {
						return err
					}
					if id == first {
						return fmt.Errorf("id %s was not replaced", id)
					}
					if n := len(env.emu.Records(testIA)); n != 1 {
						return fmt.Errorf("%d records, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// A Truto 404 (integrated account not visible), 401 or 503 on read is an error that keeps the
// record in state; removing it would make the next apply create a duplicate.
func TestAccCRMAccount_readErrorsKeepState(t *testing.T) {
	cases := []struct {
		status int
		want   string
	}{
		{http.StatusNotFound, `(?s)404.*integrated\s+account\s+` + testIA},
		{http.StatusUnauthorized, `(?s)401.*api_token`},
		{http.StatusServiceUnavailable, `(?s)503.*blocked`},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{})
			cfg := env.config(`
resource "truto_crm_account" "a" {
  name = "Stark"
}`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						PreConfig:    func() { env.emu.FailNext("GET", tc.status, 1) },
						RefreshState: true,
						ExpectError:  regexp.MustCompile(tc.want),
					},
					{
						// Still in state: the plan is empty rather than a create.
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check: func(*terraform.State) error {
							if n := env.emu.RequestCount("POST"); n != 1 {
								return fmt.Errorf("%d creates, want 1", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

func TestAccCRMAccount_deletionPolicyAbandon(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{DeleteUnsupported: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := len(env.emu.Records(testIA)); n != 1 {
				return fmt.Errorf("%d records after destroy, want the abandoned one to remain", n)
			}
			if n := env.emu.RequestCount("DELETE"); n != 0 {
				return fmt.Errorf("%d DELETE requests with deletion_policy = abandon", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_account" "a" {
  name            = "Wayne"
  deletion_policy = "abandon"
}`),
		}},
	})
}

// With the plan-time checks off (or unavailable), the CRM's 405 on delete says what to do.
func TestAccCRMAccount_deleteUnsupportedSuggestsAbandon(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{DeleteUnsupported: true})
	cfg := `
resource "truto_crm_account" "a" {
  name = "Tyrell"
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.uncheckedConfig(cfg)},
			{Config: env.uncheckedConfig(cfg), Destroy: true, ExpectError: regexp.MustCompile(`(?s)405.*deletion_policy\s+=\s+"abandon"`)},
			// Let the framework's final destroy succeed.
			{Config: env.uncheckedConfig(`
resource "truto_crm_account" "a" {
  name            = "Tyrell"
  deletion_policy = "abandon"
}`)},
		},
	})
}

func TestAccCRMAccount_writeErrors(t *testing.T) {
	t.Run("sandbox is read-only", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{Sandbox: true})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config:      env.config(`resource "truto_crm_account" "a" { name = "Cyberdyne" }`),
				ExpectError: regexp.MustCompile(`(?s)405.*read-only`),
			}},
		})
	})
	t.Run("missing required fields name the attribute", func(t *testing.T) {
		env := newTestEnv(t, emulator.Profile{RequiredCreateFields: []string{"name", "owner"}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				// Unchecked at plan, the CRM's 400 names the attribute (checked, the plan does: plan_checks_test.go).
				Config:      env.uncheckedConfig(`resource "truto_crm_account" "a" { name = "Soylent" }`),
				ExpectError: regexp.MustCompile(`(?s)Missing required attribute owner.*The CRM requires owner`),
			}},
		})
	})
}

func TestAccCRMAccount_rateLimitedMultiResourceApply(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	// The server allows 8 requests per second; 12 accounts at Terraform's default parallelism of 10
	// must still apply without an error reaching the user.
	env.emu.SetRateLimit(testIA, emulator.RateLimit{Requests: 8, Per: time.Second})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "truto_crm_account" "a" {
  count = 12
  name  = "Account ${count.index}"
}`),
			Check: func(*terraform.State) error {
				if n := len(env.emu.Records(testIA)); n != 12 {
					return fmt.Errorf("%d records, want 12 (no duplicates, none missing)", n)
				}
				return nil
			},
		}},
	})
}

// Every invalid configuration fails at plan time with a message naming the attribute, and nothing
// is sent to the API.
func TestAccCRMAccount_invalidConfigurations(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	res := func(body string) string { return env.config("resource \"truto_crm_account\" \"a\" {\n" + body + "\n}") }
	cases := []struct {
		name, config, want string
	}{
		{"neither name nor website", res(`description = "x"`), `(?s)name.*website`},
		{"empty name and website", res(`
  name    = ""
  website = ""`), `(?s)Missing name or website`},
		{"bad phone type", res(`
  name          = "A"
  phone_numbers = [{ number = "1", type = "pager" }]`), `(?s)phone_numbers\[0\]\.type.*work.*mobile.*fax`},
		{"negative employees", res(`
  name                = "A"
  number_of_employees = -1`), `(?s)number_of_employees.*at least 0`},
		{"employees not a number", res(`
  name                = "A"
  number_of_employees = "many"`), `(?s)number_of_employees`},
		{"malformed remote_data", res(`
  name        = "A"
  remote_data = "{not json"`), `(?s)remote_data.*JSON`},
		{"remote_data not an object", res(`
  name        = "A"
  remote_data = jsonencode([1, 2])`), `(?s)remote_data.*JSON\s+object`},
		{"empty integrated account", res(`
  name                  = "A"
  integrated_account_id = ""`), `(?s)integrated_account_id.*length`},
		{"unknown attribute", res(`
  name     = "A"
  homepage = "x"`), `(?s)Unsupported argument.*homepage`},
		{"phone_numbers not a list of objects", res(`
  name          = "A"
  phone_numbers = ["+1 555 0100"]`), `(?s)phone_numbers`},
		{"bad deletion_policy", res(`
  name            = "A"
  deletion_policy = "keep"`), `(?s)deletion_policy.*delete.*abandon`},
		{"created_at not RFC 3339", res(`
  name       = "A"
  created_at = "yesterday"`), `(?s)created_at.*RFC\s*3339`},
		{"custom_fields a string", res(`
  name          = "A"
  custom_fields = "gold"`), `(?s)custom_fields.*object`},
		{"custom_fields a list", res(`
  name          = "A"
  custom_fields = ["gold"]`), `(?s)custom_fields.*object`},
		{"owner without id", res(`
  name  = "A"
  owner = {}`), `(?s)owner.*id`},
		{"owner with empty id", res(`
  name  = "A"
  owner = { id = "" }`), `(?s)owner\.id.*length`},
		{"phone without number", res(`
  name          = "A"
  phone_numbers = [{ type = "work" }]`), `(?s)phone_numbers.*number`},
		{"url without url", res(`
  name = "A"
  urls = [{ type = "blog" }]`), `(?s)urls.*url`},
		{"empty url", res(`
  name = "A"
  urls = [{ url = "" }]`), `(?s)urls\[0\]\.url.*length`},
		{"tag with neither id nor name", res(`
  name = "A"
  tags = [{}]`), `(?s)tags\[0\].*id.*name`},
		{"address with only a type", res(`
  name      = "A"
  addresses = [{ type = "billing" }]`), `(?s)addresses\[0\].*street_1`},
		{"bad timeout", res(`
  name     = "A"
  timeouts = { create = "soon" }`), `(?s)timeouts`},
		{"empty remote_query key", res(`
  name         = "A"
  remote_query = { "" = "x" }`), `(?s)remote_query`},
		{"addresses not a list", res(`
  name      = "A"
  addresses = "1 Main St"`), `(?s)addresses`},
		{"no integrated account anywhere", fmt.Sprintf(`
provider "truto" {
  base_url  = %q
  api_token = %q
}
resource "truto_crm_account" "a" {
  name = "A"
}`, env.url, testToken), `(?s)integrated_account_id.*TRUTO_INTEGRATED_ACCOUNT_ID`},
	}
	t.Setenv(record.EnvIntegratedAccountID, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := env.writes(); n != 0 {
		t.Errorf("invalid configurations sent %d write requests", n)
	}
	if c := env.emu.Counts(); len(c) > 0 {
		for k, n := range c {
			if n > 0 {
				t.Errorf("invalid configurations sent %d %s requests", n, k)
			}
		}
	}
}

// An update plans only what changes: unmanaged attributes the CRM does not hold stay null rather than
// "(known after apply)", CRM ids of an unchanged list stay known, and only updated_at is unknown.
func TestAccCRMAccount_updatePlanHasNoNoise(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cfg := func(name string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_account" "a" {
  name          = %q
  phone_numbers = [{ number = "+1 555 0100" }]
}`, name))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("Before")},
			{
				Config: cfg("After"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("industry"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("custom_fields"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("owner"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_activity_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("phone_numbers").AtSliceIndex(0).AtMapKey("id"), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("updated_at")),
				}},
			},
		},
	})
}

// Another spelling of the same created_at instant, in configuration or from the CRM, is no change.
func TestAccCRMAccount_createdAtSpellingsNeverDiff(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	cfg := func(createdAt string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_account" "a" {
  name       = "Vandelay"
  created_at = %q
}`, createdAt))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("2019-05-05T10:00:00Z")}, // the emulator answers 2019-05-05T10:00:00.000Z
			{
				Config:           cfg("2019-05-05T12:00:00.000+02:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: cfg("2019-05-06T10:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

// Adding an item to a list sends the list whole: attributes the CRM set on the unchanged items (and
// the configuration leaves unset) go with it rather than being dropped.
func TestAccCRMAccount_changedListKeepsCRMValuesOfUnchangedItems(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "truto_crm_account" "a" {
  name      = "Kramerica"
  addresses = [{ city = "Paris" }]
}`),
				Check: func(s *terraform.State) (err error) {
					id, err = idOf(s)
					return err
				},
			},
			{
				PreConfig: func() {
					rec, _ := env.emu.Record(testIA, id)
					addrs, _ := rec["addresses"].([]any)
					first, _ := addrs[0].(map[string]any)
					first["type"] = "billing" // set by the CRM
					env.emu.Mutate(testIA, id, map[string]any{"addresses": []any{first}})
				},
				Config: env.config(`
resource "truto_crm_account" "a" {
  name      = "Kramerica"
  addresses = [{ city = "Paris" }, { city = "Berlin" }]
}`),
				Check: env.checkRecord(func(rec map[string]any) error {
					if got := jsonOf(rec["addresses"]); !strings.Contains(got, `"city":"Paris"`) ||
						!strings.Contains(got, `"type":"billing"`) || !strings.Contains(got, `"city":"Berlin"`) {
						return fmt.Errorf("addresses = %s, want Paris (still billing) and Berlin", got)
					}
					return nil
				}),
			},
		},
	})
}

// A CRM that stores every custom field as a string (HubSpot) answers "10" for 10. After an import the
// adopted fields are compared the way reads compare managed ones, so a configuration that writes the
// number plans no change and sends nothing: with an import block, and with `terraform import`.
func TestAccCRMAccount_importOverStringCustomFieldsPlansEmpty(t *testing.T) {
	res := `
resource "truto_crm_account" "a" {
  name          = "Strings Inc"
  custom_fields = { seats = 10, active = true }
}`
	seed := func(t *testing.T, profile emulator.Profile) (*testEnv, string) {
		env := newTestEnv(t, profile)
		id := env.emu.Seed(testIA, map[string]any{"name": "Strings Inc", "custom_fields": map[string]any{"seats": 10, "active": true, "tier": "gold"}})
		if rec, _ := env.emu.Record(testIA, id); !strings.Contains(jsonOf(rec["custom_fields"]), `"seats":"10"`) {
			t.Fatalf("the profile does not store custom fields as strings: %s", jsonOf(rec["custom_fields"]))
		}
		return env, id
	}
	noWrites := func(env *testEnv) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := env.writes(); n != 0 {
				return fmt.Errorf("%d write requests after an import with a matching configuration", n)
			}
			return nil
		}
	}
	t.Run("import block", func(t *testing.T) {
		env, id := seed(t, emulator.Profile{CustomFieldsAsStrings: true, CustomFieldDefaults: map[string]any{"lifecyclestage": "lead"}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{
					Config: env.config(res + fmt.Sprintf(`
import {
  to = truto_crm_account.a
  id = "%s/%s"
}`, testIA, id)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					}},
					Check: noWrites(env),
				},
				{
					Config:           env.config(res),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            noWrites(env),
				},
			},
		})
	})
	t.Run("terraform import", func(t *testing.T) {
		env, id := seed(t, emulator.Profile{CustomFieldsAsStrings: true})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{
					Config:             env.config(res),
					ResourceName:       addr,
					ImportState:        true,
					ImportStateId:      testIA + "/" + id,
					ImportStatePersist: true,
				},
				{
					Config:           env.config(res),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            noWrites(env),
				},
			},
		})
	})
}
