package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// fieldProfile serves a catalog of accounts and contacts (one standard field each), so the plan
// checks of records have a catalog to judge custom_fields against.
func fieldProfile() emulator.Profile {
	return emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"account": {{Name: "region", Label: "Region", Type: "string", IsUserDefined: true}},
		"contact": {{Name: "lastname", Label: "Last name", Type: "string"}},
	}}
}

// fieldOf is the emulator's copy of the field a resource points at.
func (e *testEnv) fieldOf(s *terraform.State, addr string) (map[string]any, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	rec, ok := e.emu.In("fields").Record(testIA, rs.Primary.ID)
	if !ok {
		return nil, fmt.Errorf("the emulator has no field %s", rs.Primary.ID)
	}
	return rec, nil
}

// fieldHolds checks the emulator's field against expected JSON members.
func (e *testEnv) fieldHolds(addr string, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rec, err := e.fieldOf(s, addr)
		if err != nil {
			return err
		}
		return fieldsAre(want)(rec)
	}
}

const tierField = `
resource "truto_crm_field" "tier" {
  entity      = "account"
  label       = %q
  type        = %q
  description = %q
  options     = [%s]
  %s
}
`

func tierConfig(label, typ, description, options, extra string) string {
	return fmt.Sprintf(tierField, label, typ, description, options, extra)
}

const (
	goldSilver       = `{ label = "Gold", value = "gold" }, { label = "Silver", value = "silver" }`
	goldSilverBronze = `{ label = "Gold", value = "gold" }, { label = "Silver", value = "silver" }, { label = "Bronze", value = "bronze" }`
)

// A field is created with the name the CRM derives from its label, read back (options in the CRM's
// order and with what it adds are no change), updated in place (label, description, an option
// added), replaced when its type changes, and imported by both id forms.
func TestAccCRMField_lifecycle(t *testing.T) {
	p := fieldProfile()
	p.FieldOptionExtras, p.ReorderLists = true, true
	env := newTestEnv(t, p)
	addr := "truto_crm_field.tier"
	var id string
	keepID := func(s *terraform.State) error { id = s.RootModule().Resources[addr].Primary.ID; return nil }
	sameID := func(s *terraform.State) error {
		if got := s.RootModule().Resources[addr].Primary.ID; got != id {
			return fmt.Errorf("the id changed from %s to %s: the update replaced the field", id, got)
		}
		return nil
	}
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	v1 := env.config(tierConfig("Tier", "enum", "Customer tier", goldSilver, ""))
	v2 := env.config(tierConfig("Customer tier", "enum", "The account's tier", goldSilverBronze, ""))
	v3 := env.config(tierConfig("Customer tier", "array", "The account's tier", goldSilverBronze, `deletion_policy = "delete"`))
	v3abandon := env.config(tierConfig("Customer tier", "array", "The account's tier", goldSilverBronze, "")) // as an import reads it
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           v1,
				ConfigPlanChecks: empty,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("tier")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_user_defined"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deletion_policy"), knownvalue.StringExact("abandon")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(keepID, env.fieldHolds(addr, map[string]string{
					"entity_type": `"account"`, "label": `"Tier"`, "type": `"enum"`, "description": `"Customer tier"`,
				})),
			},
			{RefreshState: true, ExpectNonEmptyPlan: false},
			{
				Config: v2,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(sameID, func(s *terraform.State) error {
					rec, err := env.fieldOf(s, addr)
					if err != nil {
						return err
					}
					if got := jsonOf(rec["options"]); !strings.Contains(got, `"value":"bronze"`) || rec["label"] != "Customer tier" ||
						rec["description"] != "The account's tier" {
						return fmt.Errorf("the CRM holds label %v, description %v, options %s", rec["label"], rec["description"], got)
					}
					return nil
				}),
			},
			{
				// The same choices in another order are no change.
				Config: env.config(tierConfig("Customer tier", "enum", "The account's tier",
					`{ label = "Bronze", value = "bronze" }, { label = "Gold", value = "gold" }, { label = "Silver", value = "silver" }`, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// deletion_policy alone: nothing is sent.
				Config: env.config(tierConfig("Customer tier", "enum", "The account's tier", goldSilverBronze, `deletion_policy = "delete"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error {
					if n := env.emu.CollectionCounts("fields")["PATCH"]; n != 1 {
						return fmt.Errorf("%d PATCH requests to fields, want 1 (the option added)", n)
					}
					return nil
				},
			},
			{
				Config: v3,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if _, still := env.emu.In("fields").Record(testIA, id); still {
						return fmt.Errorf("the replaced field %s (deletion_policy = \"delete\") is still in the CRM", id)
					}
					return env.fieldHolds(addr, map[string]string{"type": `"array"`, "name": `"customer_tier"`})(s)
				},
			},
			{
				Config:            v3abandon,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) { return importID(s, addr, testIA+"/account/") },
				ImportStateKind:   resource.ImportBlockWithID, // the plan of the import block is checked: no change
			},
			{
				Config:            v3abandon,
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) { return importID(s, addr, "account/") },
				ImportStateKind:   resource.ImportBlockWithID, // the plan of the import block is checked: no change
			},
		},
	})
}

func importID(s *terraform.State, addr, prefix string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return prefix + rs.Primary.ID, nil
}

// An import block with an identity (Terraform 1.12 and later) adopts a field with no change.
func TestAccCRMField_importByIdentity(t *testing.T) {
	env := newTestEnv(t, fieldProfile())
	cfg := env.config(tierConfig("Tier", "enum", "Customer tier", goldSilver, ""))
	addr := "truto_crm_field.tier"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"integrated_account_id": knownvalue.StringExact(testIA),
						"entity":                knownvalue.StringExact("account"),
						"id":                    knownvalue.NotNull(),
					}),
				},
			},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// Bad input fails at validation, naming the attribute, with no request to the API.
func TestAccCRMField_badInputAtPlan(t *testing.T) {
	env := newTestEnv(t, fieldProfile())
	field := func(body string) string {
		return env.config("resource \"truto_crm_field\" \"f\" {\n  label = \"Tier\"\n" + body + "\n}")
	}
	var steps []resource.TestStep
	for _, bad := range []struct{ body, want string }{
		{"entity = \"account\"\ntype = \"string\"\noptions = [{ label = \"A\", value = \"a\" }]", `(?s)Options on a field without choices.*type "string"`},
		{"entity = \"account\"\ntype = \"enum\"", `(?s)Missing options.*"enum" needs options`},
		{"entity = \"account\"\ntype = \"array\"\noptions = []", `(?s)Missing options`},
		{"entity = \"account\"\ntype = \"picklist\"", `(?s)type.*value must be one of`},
		{"entity = \"company\"\ntype = \"string\"", `(?s)entity.*value must be one of.*"account"`},
		{"entity = \"account\"\ntype = \"enum\"\noptions = [{ label = \"A\", value = \"a\" }, { label = \"B\", value = \"a\" }]", `(?s)Duplicate option value.*"a"`},
	} {
		steps = append(steps, resource.TestStep{Config: field(bad.body), PlanOnly: true, ExpectError: regexp.MustCompile(bad.want)})
	}
	steps = append(steps, resource.TestStep{PreConfig: env.noRequestsYet(t), Config: field("entity = \"account\"\ntype = \"string\"")})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}

// Destroy only forgets a field by default; deletion_policy = "delete" deletes it, and is refused at
// plan where the account cannot delete fields.
func TestAccCRMField_deletionPolicy(t *testing.T) {
	env := newTestEnv(t, fieldProfile())
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := env.emu.In("fields").Record(testIA, id); !ok {
				return fmt.Errorf("destroy deleted field %s although deletion_policy defaults to abandon", id)
			}
			if n := env.emu.CollectionCounts("fields")["DELETE"]; n != 0 {
				return fmt.Errorf("%d DELETE requests to fields", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: env.config(tierConfig("Tier", "enum", "", goldSilver, "")),
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources["truto_crm_field.tier"].Primary.ID
				return nil
			},
		}},
	})

	deleting := newTestEnv(t, fieldProfile())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := len(deleting.emu.In("fields").Records(testIA)); n != 2 { // the two of the profile's catalog
				return fmt.Errorf("the CRM holds %d fields after destroy, want the catalog's 2", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: deleting.config(tierConfig("Tier", "enum", "", goldSilver, `deletion_policy = "delete"`))}},
	})

	p := fieldProfile()
	p.Collections = map[string]emulator.CollectionProfile{"fields": {Methods: []string{"list", "get", "create", "update"}}}
	noDelete := newTestEnv(t, p)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      noDelete.config(tierConfig("Tier", "enum", "", goldSilver, `deletion_policy = "delete"`)),
				ExpectError: regexp.MustCompile(`(?s)cannot delete fields.*deletion_policy\s+=\s+"delete"\s+could\s+never\s+be\s+carried\s+out`),
			},
			{PreConfig: noDelete.noWritesYet(t), Config: noDelete.config(tierConfig("Tier", "enum", "", goldSilver, ""))},
			{
				// Turning deletion_policy to "delete" on an existing field is refused alike.
				Config:      noDelete.config(tierConfig("Tier", "enum", "", goldSilver, `deletion_policy = "delete"`)),
				ExpectError: regexp.MustCompile(`(?s)cannot delete fields`),
			},
		},
	})
}

// Where the integration's create schema requires name, a field without one fails the plan; where
// the CRM derives it, the label gives it.
func TestAccCRMField_nameRules(t *testing.T) {
	p := fieldProfile()
	p.FieldNameRule = "required"
	p.FieldFlagsUnprefixed = true
	env := newTestEnv(t, p)
	addr := "truto_crm_field.tier"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(tierConfig("Customer Tier", "enum", "", goldSilver, "")),
				ExpectError: regexp.MustCompile(`(?s)Missing attribute required by.*requires\s+name\s+to\s+create\s+a\s+field`),
			},
			{
				PreConfig:        env.noWritesYet(t),
				Config:           env.config(tierConfig("Customer Tier", "enum", "", goldSilver, "name = \"tier_code\"\n  is_required = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				// The flag went under the body name the integration's schema gives it.
				Check: env.fieldHolds(addr, map[string]string{"name": `"tier_code"`, "is_required": `true`}),
			},
		},
	})

	derived := newTestEnv(t, fieldProfile())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: derived.config(tierConfig("Customer Tier!", "enum", "", goldSilver, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("customer_tier")),
			},
		}},
	})
}

// A CRM that stores a created field's name in its own spelling (Salesforce's __c) holds the same
// field: the plan after the create is empty, naming it in the CRM's spelling replaces nothing, and
// adopt_by finds the field under the CRM's spelling.
func TestAccCRMField_crmSpellsTheName(t *testing.T) {
	p := fieldProfile()
	p.FieldNameSuffix = "__c"
	env := newTestEnv(t, p)
	addr := "truto_crm_field.tier"
	var id string
	sameID := func(s *terraform.State) error {
		if got := s.RootModule().Resources[addr].Primary.ID; got != id {
			return fmt.Errorf("the field is %s, was %s: it was replaced", got, id)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(tierConfig("Customer Tier", "enum", "", goldSilver, `name = "tier"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("tier")),
				},
				Check: resource.ComposeTestCheckFunc(env.fieldHolds(addr, map[string]string{"name": `"tier__c"`}),
					func(s *terraform.State) error { id = s.RootModule().Resources[addr].Primary.ID; return nil }),
			},
			{
				Config: env.config(tierConfig("Customer Tier", "enum", "", goldSilver, `name = "tier__c"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: sameID,
			},
		},
	})

	adopting := newTestEnv(t, emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"account": {{ID: "f-tier", Name: "tier__c", Label: "Tier", Type: "enum", IsUserDefined: true,
			Options: []emulator.FieldOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver"}}}},
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           adopting.config(tierConfig("Customer Tier", "enum", "", goldSilver, "name = \"tier\"\n  adopt_by = [\"name\"]")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("f-tier")),
			},
		}},
	})
}

// A field and the records that use it apply in one run, with an empty plan after: the key as a
// reference to the field's name, or written literally with depends_on; an option added in the same
// apply is a value records may use, and a value neither the catalog nor the configuration offers
// fails the plan.
func TestAccCRMField_sameApplyAsRecords(t *testing.T) {
	env := newTestEnv(t, fieldProfile())
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	reference := tierConfig("Tier", "enum", "", goldSilver, "") + `
resource "truto_crm_account" "other" {
  name          = "Other"
  custom_fields = { region = "EU" }
}
resource "truto_crm_account" "acme" {
  name          = "Acme"
  custom_fields = { (truto_crm_field.tier.name) = "gold" }
}
`
	literal := func(options, value string) string {
		return fmt.Sprintf(`
resource "truto_crm_field" "segment" {
  entity  = "account"
  name    = "segment"
  label   = "Segment"
  type    = "enum"
  options = [%s]
}
resource "truto_crm_account" "beta" {
  name          = "Beta"
  custom_fields = { segment = %q }
  depends_on    = [truto_crm_field.segment]
}
`, options, value)
	}
	smb := `{ label = "SMB", value = "smb" }`
	smbMid := smb + `, { label = "Mid-market", value = "mid" }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(reference),
				ConfigPlanChecks: empty,
				Check:            env.holds(kinds.Account, "truto_crm_account.acme", map[string]string{"custom_fields": `{"tier":"gold"}`}),
			},
			{
				Config:           env.config(literal(smb, "smb")),
				ConfigPlanChecks: empty,
				Check:            env.holds(kinds.Account, "truto_crm_account.beta", map[string]string{"custom_fields": `{"segment":"smb"}`}),
			},
			{
				// An option added and used in one apply.
				Config:           env.config(literal(smbMid, "mid")),
				ConfigPlanChecks: empty,
				Check:            env.holds(kinds.Account, "truto_crm_account.beta", map[string]string{"custom_fields": `{"segment":"mid"}`}),
			},
			{
				Config:      env.config(literal(smbMid, "enterprise")),
				ExpectError: regexp.MustCompile(`(?s)"segment":\s+"enterprise"\s+is\s+not\s+one\s+of\s+the\s+field's\s+options`),
			},
			{
				// A key neither the catalog nor the configuration has still fails, saying how to use a
				// field of the configuration.
				Config: env.config(literal(smbMid, "mid") + `
resource "truto_crm_account" "gamma" {
  name          = "Gamma"
  custom_fields = { tierr = "gold" }
}
`),
				ExpectError: regexp.MustCompile(`(?s)Unknown custom field.*"tierr".*depends_on`),
			},
		},
	})
}

// terraform query (Terraform 1.14 and later) lists the user-defined fields of one entity, each with
// its identity and, asked for, the resource object read by id.
func TestAccQuery_fieldListResource(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"account": {
			{ID: "f-tier", Name: "tier", Label: "Tier", Type: "enum", IsUserDefined: true, Description: "Customer tier",
				Options: []emulator.FieldOption{{Label: "Gold", Value: "gold"}}},
			{ID: "f-region", Name: "region", Label: "Region", Type: "string", IsUserDefined: true},
			{ID: "f-name", Name: "name", Label: "Name", Type: "string"},
		},
		"contact": {{ID: "f-nps", Name: "nps", Label: "NPS", Type: "number", IsUserDefined: true}},
	}})
	query := `
list "truto_crm_field" "account" {
  provider         = truto
  include_resource = true
  config {
    entity = "account"
  }
}
`
	tier := map[string]knownvalue.Check{"integrated_account_id": knownvalue.StringExact(testIA),
		"entity": knownvalue.StringExact("account"), "id": knownvalue.StringExact("f-tier")}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: env.config(`resource "terraform_data" "nothing" {}`)},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("truto_crm_field.account", 2), // not the standard field, nor the contact's
					querycheck.ExpectIdentity("truto_crm_field.account", tier),
					querycheck.ExpectResourceDisplayName("truto_crm_field.account", queryfilter.ByResourceIdentity(tier),
						knownvalue.StringExact("Tier (tier)")),
					querycheck.ExpectResourceKnownValues("truto_crm_field.account", queryfilter.ByResourceIdentity(tier),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("Customer tier")},
							{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("enum")},
						}),
				},
			},
		},
	})
}

// adopt_by = ["name"] adopts the CRM's field of that name (updated to the configuration) instead of
// creating a second one; one of another type is refused with nothing written; adopt_by needs name.
func TestAccCRMField_adoptByName(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{Fields: map[string][]emulator.FieldDef{
		"account": {
			{ID: "f-segment", Name: "segment", Label: "Seg", Type: "enum", IsUserDefined: true,
				Options: []emulator.FieldOption{{Label: "SMB", Value: "smb"}}},
			{ID: "f-score", Name: "score", Label: "Score", Type: "number", IsUserDefined: true},
		},
	}})
	field := func(name, typ string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_field" "f" {
  entity   = "account"
  name     = %q
  label    = "Segment"
  type     = %q
  options  = [{ label = "SMB", value = "smb" }, { label = "Enterprise", value = "enterprise" }]
  adopt_by = ["name"]
}
`, name, typ))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config("resource \"truto_crm_field\" \"f\" {\n  entity = \"account\"\n  label = \"X\"\n  type = \"string\"\n  adopt_by = [\"name\"]\n}"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)adopt_by needs name`),
			},
			{
				Config:      field("score", "enum"),
				ExpectError: regexp.MustCompile(`(?s)Field to adopt has another type.*"number"`),
			},
			{
				PreConfig:        env.noWritesYet(t),
				Config:           field("segment", "enum"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("truto_crm_field.f", tfjsonpath.New("id"), knownvalue.StringExact("f-segment")),
				},
				Check: func(*terraform.State) error {
					if n := env.emu.CollectionCounts("fields")["POST"]; n != 0 {
						return fmt.Errorf("%d field creates: the field was not adopted", n)
					}
					rec, _ := env.emu.In("fields").Record(testIA, "f-segment")
					if rec["label"] != "Segment" || !strings.Contains(jsonOf(rec["options"]), "enterprise") {
						return fmt.Errorf("the adopted field was not updated: %v", rec)
					}
					return nil
				},
			},
		},
	})
}
