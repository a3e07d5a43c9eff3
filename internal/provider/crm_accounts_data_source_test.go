package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

const listAddr = "data.truto_crm_accounts.all"

// seedAccounts seeds n accounts named "Company <i>" (i from 1) and returns their ids in order.
func seedAccounts(env *testEnv, n int) []string {
	ids := make([]string, n)
	for i := range n {
		ids[i] = env.emu.Seed(testIA, map[string]any{
			"name": fmt.Sprintf("Company %d", i+1), "website": fmt.Sprintf("https://c%d.example", i+1),
			"custom_fields": map[string]any{"rank": i + 1},
		})
	}
	return ids
}

func stringChecks(vals []string) []knownvalue.Check {
	out := make([]knownvalue.Check, len(vals))
	for i, v := range vals {
		out[i] = knownvalue.StringExact(v)
	}
	return out
}

func TestAccCRMAccountsDataSource_paginationAndLimit(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	ids := seedAccounts(env, 8)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: env.emu.ResetCounts,
				Config: env.config(`
data "truto_crm_accounts" "all" {
  page_size = 3
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListExact(stringChecks(ids))),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(8)),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("accounts").AtSliceIndex(7), knownvalue.ObjectPartial(
						map[string]knownvalue.Check{
							"id":                 knownvalue.StringExact(ids[7]),
							"name":               knownvalue.StringExact("Company 8"),
							"website":            knownvalue.StringExact("https://c8.example"),
							"description":        knownvalue.Null(),
							"owner_id":           knownvalue.Null(),
							"created_at":         knownvalue.NotNull(),
							"custom_fields_json": knownvalue.StringExact(`{"rank":8}`),
						})),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids_by_name"), knownvalue.MapSizeExact(8)),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids_by_name").AtMapKey("Company 3"),
						knownvalue.StringExact(ids[2])),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("integrated_account_id"), knownvalue.StringExact(testIA)),
				},
				Check: func(*terraform.State) error {
					// 8 records, 3 per page: 3 GETs per read, and Terraform reads the data source more than once.
					if n := env.emu.RequestCount("GET"); n < 3 {
						return fmt.Errorf("emulator received %d GETs, want at least 3 (one per page)", n)
					}
					return nil
				},
			},
			{
				PreConfig: env.emu.ResetCounts,
				Config: env.config(`
data "truto_crm_accounts" "all" {
  page_size = 2
  limit     = 3
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListExact(stringChecks(ids[:3]))),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(3)),
				},
				Check: func(*terraform.State) error {
					// A limit stops reading: 2 pages per read, never the 4 a full read takes.
					reads := env.emu.RequestCount("GET")
					if reads%2 != 0 || reads == 0 {
						return fmt.Errorf("emulator received %d GETs, want 2 per read of the data source", reads)
					}
					return nil
				},
			},
		},
	})
}

// A CRM that cannot apply any filter: Truto ignores them, and the provider's re-check must still
// return exactly the matching accounts.
func TestAccCRMAccountsDataSource_unsupportedFiltersAreRechecked(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{SupportedFilters: []string{}})
	acme1 := env.emu.Seed(testIA, map[string]any{"name": "Acme", "owner": map[string]any{"id": "u1"},
		"created_at": "2024-01-01T00:00:00Z"})
	env.emu.Seed(testIA, map[string]any{"name": "Globex", "owner": map[string]any{"id": "u1"},
		"created_at": "2024-02-01T00:00:00Z"})
	acme2 := env.emu.Seed(testIA, map[string]any{"name": "ACME", "owner": map[string]any{"id": "u2"},
		"created_at": "2024-03-01T00:00:00Z"})
	acme3 := env.emu.Seed(testIA, map[string]any{"name": "acme", "created_at": "2024-04-01T00:00:00Z"})
	dup := env.emu.Seed(testIA, map[string]any{"name": "Acme", "created_at": "2024-05-01T00:00:00Z"})
	env.emu.Seed(testIA, map[string]any{"name": "Acme Holdings", "created_at": "2024-06-01T00:00:00Z"})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
data "truto_crm_accounts" "all" {
  name      = "acme"
  page_size = 2
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"),
						knownvalue.ListExact(stringChecks([]string{acme1, acme2, acme3, dup}))),
					// Duplicate names: the first in API order wins.
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids_by_name"), knownvalue.MapExact(map[string]knownvalue.Check{
						"Acme": knownvalue.StringExact(acme1),
						"ACME": knownvalue.StringExact(acme2),
						"acme": knownvalue.StringExact(acme3),
					})),
				},
			},
			{
				Config: env.config(`
data "truto_crm_accounts" "all" {
  owner_id = "u1"
  name     = "Acme"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListExact(stringChecks([]string{acme1}))),
				},
			},
			{
				Config: env.config(`
data "truto_crm_accounts" "all" {
  name           = "acme"
  created_after  = "2024-02-01T00:00:00Z"
  created_before = "2024-04-01T00:00:00+00:00"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"),
						knownvalue.ListExact(stringChecks([]string{acme2, acme3}))),
				},
			},
			{
				Config: env.config(`
data "truto_crm_accounts" "all" {
  name  = "nobody"
  limit = 1
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids_by_name"), knownvalue.MapSizeExact(0)),
				},
			},
		},
	})
}

// ids_by_name drives import blocks with for_each: existing accounts are adopted, none is created,
// and the plan after the import is empty. (The test framework's state shim cannot address string
// for_each keys, so the resources use count here; examples/resources/truto_crm_account/import-by-block.tf
// shows the map form.)
func TestAccCRMAccountsDataSource_importBlocksForEach(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	a := env.emu.Seed(testIA, map[string]any{"name": "Partner A", "custom_fields": map[string]any{"tier": "gold"}})
	b := env.emu.Seed(testIA, map[string]any{"name": "Partner B"})
	env.emu.Seed(testIA, map[string]any{"name": "Customer C"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "truto_crm_accounts" "partners" {
  search_term = "Partner"
}

locals {
  names = keys(data.truto_crm_accounts.partners.ids_by_name) # sorted
}

import {
  for_each = [for n in local.names : n] # a tuple: OpenTofu takes no list here
  to       = truto_crm_account.partner[each.key]
  id       = data.truto_crm_accounts.partners.ids_by_name[each.value]
}

resource "truto_crm_account" "partner" {
  count = length(local.names)
  name  = local.names[count.index]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("truto_crm_account.partner[0]", tfjsonpath.New("id"), knownvalue.StringExact(a)),
				statecheck.ExpectKnownValue("truto_crm_account.partner[1]", tfjsonpath.New("id"), knownvalue.StringExact(b)),
				statecheck.ExpectKnownValue("truto_crm_account.partner[0]", tfjsonpath.New("custom_fields"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"tier": knownvalue.StringExact("gold")})),
			},
		}},
	})
	if n := env.emu.RequestCount("POST"); n != 0 {
		t.Errorf("importing sent %d creates", n)
	}
}

// sort_by = "name" is sent as Truto's sort_by[name]=asc, which the CRM applies: the ids come back in
// name order, not in the default (creation) order. (A bare sort_by=name is ignored like any filter
// the CRM cannot apply.)
func TestAccCRMAccountsDataSource_sortBy(t *testing.T) {
	env := newTestEnv(t, emulator.Profile{})
	var ids []string
	for _, n := range []string{"Bravo", "Alpha", "Charlie"} {
		ids = append(ids, env.emu.Seed(testIA, map[string]any{"name": n}))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "truto_crm_accounts" "all" {
  sort_by = "name"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListExact(stringChecks([]string{ids[1], ids[0], ids[2]}))),
			},
		}},
	})
	for _, r := range env.emu.RequestLog() {
		if r.Method == "GET" && r.Path == "/unified/crm/accounts" {
			if r.Query.Has("sort_by") || r.Query.Get("sort_by[name]") != "asc" {
				t.Errorf("list query %v, want sort_by[name]=asc", r.Query)
			}
		}
	}
}
