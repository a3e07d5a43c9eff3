package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// A CRM that stores phone numbers in E.164 shows no drift for a number written another way, after
// the create, a refresh and an import; a number that really changed still plans an update.
func TestAccPhones_comparedAsNumbers(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{E164Phones: true, ReorderLists: true})
	cfg := func(second string) string {
		return env.config(fmt.Sprintf(`
resource "truto_crm_account" "r" {
  name          = "Acme"
  phone_numbers = [{ number = "+1 (415) 555-0100", type = "work" }, { number = %q, type = "mobile" }]
}
resource "truto_crm_contact" "c" {
  first_name    = "Jane"
  phone_numbers = [{ number = "+44 20 7946 0018" }]
}`, second))
	}
	stored := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			rec, err := env.recordOf(s, kinds.Account, "truto_crm_account.r")
			if err != nil {
				return err
			}
			for i := range 2 {
				if itemAt(rec, "phone_numbers", i, "number") == want {
					return nil
				}
			}
			return fmt.Errorf("the emulator does not hold %s: %s", want, jsonOf(rec["phone_numbers"]))
		}
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg("+1 415 555 0199"), Check: stored("+14155550199")},
			{RefreshState: true},
			{Config: cfg("+1 415 555 0199"), ConfigPlanChecks: empty},
			{Config: cfg("+1-415-555-0199"), ConfigPlanChecks: empty}, // respelled in the configuration
			{ResourceName: "truto_crm_account.r", ImportState: true, ImportStateVerify: false, Config: cfg("+1 415 555 0199")},
			{
				Config: cfg("+1 415 555 0198"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_account.r", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("truto_crm_contact.c", plancheck.ResourceActionNoop),
				}},
				Check: stored("+14155550198"),
			},
			{Config: cfg("+1 415 555 0198"), ConfigPlanChecks: empty},
		},
	})
}

// regionConfig is a contact with one phone number, under a provider whose default_phone_region
// is region ("" = unset).
func (e *testEnv) regionConfig(region, number string) string {
	block := e.providerBlock()
	if region != "" {
		block = strings.Replace(block, "provider \"truto\" {", fmt.Sprintf("provider \"truto\" {\n  default_phone_region = %q", region), 1)
	}
	return block + fmt.Sprintf(`
resource "truto_crm_contact" "c" {
  first_name    = "Jane"
  phone_numbers = [{ number = %q }]
}`, number)
}

// contactPhoneIs checks the number the emulator holds for the contact.
func (e *testEnv) contactPhoneIs(want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rec, err := e.recordOf(s, kinds.Contact, "truto_crm_contact.c")
		if err != nil {
			return err
		}
		if got := itemAt(rec, "phone_numbers", 0, "number"); got != want {
			return fmt.Errorf("the emulator holds %q, want %q", got, want)
		}
		return nil
	}
}

// Under default_phone_region = "US", a national number the CRM respells (the e164_phones profile
// keeps only the digits of a number without a country code: "(555) 010-0100" -> "5550100100") is
// one number: no drift after the create, a refresh or a respelling in the configuration, while a changed number still plans an update. A region that is no ISO 3166-1 alpha-2
// code fails validation, naming the attribute, before any request.
func TestAccPhones_defaultRegion(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{E164Phones: true})
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.regionConfig("UK", "(555) 010-0100"),
				ExpectError: regexp.MustCompile(`default_phone_region\s+must\s+be\s+an\s+ISO\s+3166-1\s+alpha-2\s+region\s+code(?s:.*)got\s+"UK"`),
			},
			{PreConfig: env.noRequestsYet(t), Config: env.regionConfig("US", "(555) 010-0100"), Check: env.contactPhoneIs("5550100100")},
			{RefreshState: true, Check: resource.TestCheckResourceAttr("truto_crm_contact.c", "phone_numbers.0.number", "(555) 010-0100")},
			{Config: env.regionConfig("US", "(555) 010-0100"), ConfigPlanChecks: empty},
			{Config: env.regionConfig("US", "555-010-0100"), ConfigPlanChecks: empty}, // respelled in the configuration
			{
				Config: env.regionConfig("us", "(555) 010-0101"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("truto_crm_contact.c", plancheck.ResourceActionUpdate),
				}},
				Check: env.contactPhoneIs("5550100101"),
			},
			{Config: env.regionConfig("US", "+1 555 010 0101"), ConfigPlanChecks: empty},
		},
	})
}

// Without default_phone_region, two national spellings are compared as text: a CRM that respells
// a national number shows drift on every plan (an update sending the configured number again).
// Setting the region ends it, with no change to the configuration or the CRM.
func TestAccPhones_noRegionNationalNumbersDrift(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{E164Phones: true})
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("truto_crm_contact.c", plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue("truto_crm_contact.c", tfjsonpath.New("phone_numbers").AtSliceIndex(0).AtMapKey("number"),
			knownvalue.StringExact("(555) 010-0100")),
	}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.regionConfig("", "(555) 010-0100"), Check: env.contactPhoneIs("5550100100"), ExpectNonEmptyPlan: true},
			{Config: env.regionConfig("", "(555) 010-0100"), ConfigPlanChecks: update, ExpectNonEmptyPlan: true},
			{Config: env.regionConfig("US", "(555) 010-0100"), ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// An import's state holds the CRM's spelling of a national number: under default_phone_region it
// plans no change against the configuration's spelling; without it, an update.
func TestAccPhones_defaultRegionImport(t *testing.T) {
	for region, action := range map[string]plancheck.ResourceActionType{"US": plancheck.ResourceActionNoop, "": plancheck.ResourceActionUpdate} {
		t.Run("region "+region, func(t *testing.T) {
			env := newTestEnv(t, emulator.Profile{E164Phones: true})
			id := env.emu.In("contacts").Seed(testIA, map[string]any{"first_name": "Jane",
				"phone_numbers": []any{map[string]any{"number": "5550100100"}}})
			cfg := env.regionConfig(region, "(555) 010-0100")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: cfg, ResourceName: "truto_crm_contact.c", ImportState: true, ImportStatePersist: true, ImportStateId: id},
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("truto_crm_contact.c", action),
						}},
						ExpectNonEmptyPlan: region == "", // the CRM respells the number the update sends
					},
				},
			})
		})
	}
}
