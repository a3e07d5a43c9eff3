package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

const dataAddr = "data.truto_crm_account.a"

func TestAccCRMAccountDataSource_readsEverything(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{CustomFieldDefaults: map[string]any{"crm_score": 42, "lifecycle": "lead"}})

	id := env.emu.Seed(testIA, map[string]any{
		"name": "Acme", "website": "https://acme.example", "industry": "Manufacturing", "number_of_employees": 250,
		"owner":         map[string]any{"id": "owner-1"},
		"addresses":     []any{map[string]any{"type": "billing", "city": "Springfield", "country": "US"}},
		"phone_numbers": []any{map[string]any{"number": "+1 555 0100", "type": "work"}},
		"urls":          []any{map[string]any{"url": "https://acme.example/blog", "type": "blog"}},
		"tags":          []any{map[string]any{"name": "vip"}},
		"custom_fields": map[string]any{"tier": "gold", "seats": 10, "regions": []any{"emea"}},
		"created_at":    "2020-01-02T03:04:05Z",
		"remote_data":   map[string]any{"vendor_only": "yes"},
	})

	cfg := func(includeRemote bool) string {
		return env.config(fmt.Sprintf(`
data "truto_crm_account" "a" {
  id                  = %q
  include_remote_data = %t
}


output "tier" { value = data.truto_crm_account.a.custom_fields.tier }
`, id, includeRemote))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg(false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("integrated_account_id"), knownvalue.StringExact(testIA)),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("name"), knownvalue.StringExact("Acme")),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("number_of_employees"), knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("owner"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("owner-1")})),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("addresses").AtSliceIndex(0).AtMapKey("city"),
						knownvalue.StringExact("Springfield")),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("addresses").AtSliceIndex(0).AtMapKey("id"),
						knownvalue.NotNull()),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("phone_numbers").AtSliceIndex(0).AtMapKey("number"),
						knownvalue.StringExact("+1 555 0100")),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("urls"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("tags").AtSliceIndex(0).AtMapKey("name"),
						knownvalue.StringExact("vip")),
					// Every custom field, the CRM's own (crm_score, lifecycle) included, with its JSON type.
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("custom_fields"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"tier":      knownvalue.StringExact("gold"),
						"seats":     knownvalue.Int64Exact(10),
						"regions":   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("emea")}),
						"crm_score": knownvalue.Int64Exact(42),
						"lifecycle": knownvalue.StringExact("lead"),
					})),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("created_at"),
						knownvalue.StringRegexp(regexp.MustCompile(`^2020-01-02T03:04:05(\.0+)?Z$`))),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("remote_data"), knownvalue.Null()),
					statecheck.ExpectKnownOutputValue("tier", knownvalue.StringExact("gold")),
				},
			},
			{
				Config: cfg(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("remote_data"),
						knownvalue.StringRegexp(regexp.MustCompile(`"vendor_only":"yes"`))),
					statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("include_remote_data"), knownvalue.Bool(true)),
				},
			},
		},
	})
	if n := env.writes(); n != 0 {
		t.Errorf("the data source sent %d write requests", n)
	}
}

// The emulator never stores a null custom field, which real CRMs return all the time: a canned
// answer stands in for such a CRM. A null field is a null attribute, so referring to it is no error.
func TestAccCRMAccountDataSource_nullCustomFields(t *testing.T) {
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"p1","name":"Plain","custom_fields":{"unset":null,"n":1.5,"obj":{"x":null}}}`))
	}))
	t.Cleanup(crm.Close)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "truto" {
  base_url  = %q
  api_token = "t"
}

data "truto_crm_account" "a" {
  id                    = "p1"
  integrated_account_id = "ia-plain"
}

output "unset_is_null" { value = data.truto_crm_account.a.custom_fields.unset == null }
`, crm.URL),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("custom_fields"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"unset": knownvalue.Null(),
					"n":     knownvalue.Float64Exact(1.5),
					"obj":   knownvalue.ObjectExact(map[string]knownvalue.Check{"x": knownvalue.Null()}),
				})),
				statecheck.ExpectKnownOutputValue("unset_is_null", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccCRMAccountDataSource_errors(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	t.Setenv(record.EnvIntegratedAccountID, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "truto_crm_account" "a" { id = "does-not-exist" }`),
				ExpectError: regexp.MustCompile(`(?s)CRM account not found.*does-not-exist`),
			},
			{
				Config: fmt.Sprintf(`
provider "truto" {
  base_url  = %q
  api_token = %q
}

data "truto_crm_account" "a" { id = "x" }
`, env.url, testToken),
				ExpectError: regexp.MustCompile(`(?s)Missing integrated account.*integrated_account_id.*TRUTO_INTEGRATED_ACCOUNT_ID`),
			},
		},
	})
}
