package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// Chaos tests: the provider under injected faults. Every fault the emulator can inject must be
// absorbed by the client (retries with the same Idempotency-Key) without an error reaching the
// user and without a duplicate record.

const chaosCount = 30

// chaosProvider is the provider block of the chaos test: the emulator does not rate-limit here, so
// the client's own limiter (Truto's 50 requests / 10 s by default) is raised out of the way; with it,
// the run would measure the limiter instead of the fault handling.
func (e *testEnv) chaosProvider() string {
	return fmt.Sprintf(`
provider "truto" {
  base_url               = %q
  api_token              = %q
  integrated_account_id  = %q
  rate_limit_per_account = 5000
  rate_limit_per_token   = 5000
}
`, e.url, testToken, testIA)
}

// chaosConfig declares chaosCount accounts; version changes every managed value but the name.
func chaosConfig(version string) string {
	return fmt.Sprintf(`
resource "truto_crm_account" "a" {
  count               = %d
  name                = "chaos-${count.index}"
  website             = "https://chaos-${count.index}.example"
  industry            = "industry-%[2]s"
  description         = "account ${count.index} at %[2]s"
  number_of_employees = count.index + %[3]d
}
`, chaosCount, version, len(version)*100)
}

// chaosExpect is what the emulator must hold for account i of chaosConfig(version).
func chaosExpect(i int, version string) map[string]string {
	return map[string]string{
		"name":                fmt.Sprintf("%q", fmt.Sprintf("chaos-%d", i)),
		"website":             fmt.Sprintf("%q", fmt.Sprintf("https://chaos-%d.example", i)),
		"industry":            fmt.Sprintf("%q", "industry-"+version),
		"description":         fmt.Sprintf("%q", fmt.Sprintf("account %d at %s", i, version)),
		"number_of_employees": fmt.Sprint(i + len(version)*100),
	}
}

// checkChaosRecords asserts that the emulator holds exactly chaosCount records, one per resource
// instance, with distinct names and the values of chaosConfig(version), and that the ids in state
// are exactly the emulator's ids.
func (e *testEnv) checkChaosRecords(version string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		recs := e.emu.Records(testIA)
		if len(recs) != chaosCount {
			return fmt.Errorf("emulator holds %d records, want exactly %d", len(recs), chaosCount)
		}
		byID := map[string]map[string]any{}
		names := map[string]string{}
		for _, r := range recs {
			id, _ := r["id"].(string)
			name, _ := r["name"].(string)
			if other, dup := names[name]; dup {
				return fmt.Errorf("duplicate record name %q: ids %s and %s", name, other, id)
			}
			names[name] = id
			byID[id] = r
		}
		stateIDs := map[string]bool{}
		for i := range chaosCount {
			address := fmt.Sprintf("truto_crm_account.a.%d", i)
			rs, ok := s.RootModule().Resources[address]
			if !ok {
				return fmt.Errorf("%s not in state", address)
			}
			id := rs.Primary.ID
			if stateIDs[id] {
				return fmt.Errorf("%s: id %s appears twice in state", address, id)
			}
			stateIDs[id] = true
			rec, ok := byID[id]
			if !ok {
				return fmt.Errorf("%s: id %s in state is not in the emulator", address, id)
			}
			for field, want := range chaosExpect(i, version) {
				if got, _ := json.Marshal(rec[field]); string(got) != want {
					return fmt.Errorf("%s (id %s): record field %s = %s, want %s", address, id, field, got, want)
				}
			}
		}
		for id := range byID {
			if !stateIDs[id] {
				return fmt.Errorf("emulator record %s (%v) is not in state", id, byID[id]["name"])
			}
		}
		return nil
	}
}

// 20% of requests fail, spread evenly over 429 (Retry-After 1), 500, 502, 504, a 200 ms delay and a
// dropped connection after the write was committed. Create, update and destroy of 30 accounts must
// all succeed, leaving exactly the declared records.
func TestAccChaos_faultsAreInvisible(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Profile{}) // emulator seed 1: the fault sequence is reproducible
	faults := emulator.Faults{Rate: 0.2, Kinds: emulator.AllFaultKinds, Latency: 200 * time.Millisecond}
	logCounts := func(step string) {
		t.Logf("after %s: emulator counts %v", step, env.emu.Counts())
	}
	var start time.Time
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			logCounts("destroy")
			if recs := env.emu.Records(testIA); len(recs) != 0 {
				return fmt.Errorf("after destroy the emulator still holds %d records", len(recs))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					start = time.Now()
					env.emu.SetFaults(faults) // on from the first request of the first apply
				},
				Config: env.chaosProvider() + chaosConfig("v1"),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkChaosRecords("v1"),
					func(*terraform.State) error {
						logCounts("create")
						// One Idempotency-Key per logical create: retries reuse it, so the number
						// of distinct keys is the number of creates the provider attempted.
						keys := map[string]bool{}
						for _, k := range env.emu.IdempotencyKeys() {
							keys[k] = true
						}
						if len(keys) != chaosCount {
							return fmt.Errorf("%d distinct Idempotency-Keys on POST, want %d (one per account)", len(keys), chaosCount)
						}
						return nil
					},
				),
			},
			{
				Config: env.chaosProvider() + chaosConfig("v2"),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkChaosRecords("v2"),
					func(*terraform.State) error { logCounts("update"); return nil },
				),
			},
		},
	})
	counts := env.emu.Counts()
	t.Logf("chaos run took %s; %d requests answered 429, %d connections dropped after commit",
		time.Since(start).Round(time.Millisecond), counts["429"], counts["dropped"])
	// The test is only meaningful if the faults really happened.
	if counts["429"] == 0 || counts["dropped"] == 0 {
		t.Errorf("faults were not injected (counts %v)", counts)
	}
}

// A 503 (integrated account blocked) is final: the provider fails at once with a message that says
// what to do, and sends the request exactly once (on create and on refresh alike).
func TestAccChaos_blockedAccountFailsFast(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Profile{})
	cfg := env.config(`
resource "truto_crm_account" "a" {
  name = "Blocked Inc"
}
`)
	blocked := regexp.MustCompile(`(?s)503.*blocked.*reconnect`)
	var began time.Time
	var getsBefore int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.emu.FailNext("POST", 503, 1)
					began = time.Now()
				},
				Config:      cfg,
				ExpectError: blocked,
			},
			{
				PreConfig: func() {
					if took := time.Since(began); took > 20*time.Second {
						t.Errorf("the failing apply took %s: a 503 must not be retried", took)
					}
					if n := env.emu.RequestCount("POST"); n != 1 {
						t.Errorf("create: emulator received %d POST requests, want exactly 1 (no retry on 503)", n)
					}
					if n := len(env.emu.Records(testIA)); n != 0 {
						t.Errorf("emulator holds %d records after the blocked create", n)
					}
				},
				Config: cfg, // the account is unblocked: the create now succeeds
			},
			{
				PreConfig: func() {
					getsBefore = env.emu.RequestCount("GET")
					env.emu.FailNext("GET", 503, 1)
				},
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: blocked,
			},
			{
				PreConfig: func() {
					if n := env.emu.RequestCount("GET") - getsBefore; n != 1 {
						t.Errorf("refresh: emulator received %d GET requests, want exactly 1 (no retry on 503)", n)
					}
				},
				Config:   cfg,
				PlanOnly: true, // and the state survived the failed refresh: nothing to do
			},
		},
	})
	if n := env.emu.RequestCount("POST"); n != 2 {
		t.Errorf("emulator received %d POST requests in total, want 2 (one blocked, one created)", n)
	}
}

// The same 20% of faults over every kind at once: accounts, their contacts and deals linking both
// (references known only at apply), created, updated and destroyed. Every step succeeds and leaves
// exactly the declared records, linked as declared, each created with one Idempotency-Key.
func TestAccChaos_everyKind(t *testing.T) {
	t.Parallel()
	const n = 8
	env := newTestEnv(t, emulator.Profile{})
	cfg := func(version string) string {
		return env.chaosProvider() + fmt.Sprintf(`
resource "truto_crm_account" "a" {
  count = %[1]d
  name  = "kind-chaos-${count.index}"
}

resource "truto_crm_contact" "c" {
  count           = %[1]d
  first_name      = "Person ${count.index}"
  title           = "%[2]s"
  account         = { id = truto_crm_account.a[count.index].id }
  email_addresses = [{ email = "p${count.index}@chaos.example" }]
}

resource "truto_crm_opportunity" "o" {
  count   = %[1]d
  name    = "Deal ${count.index}"
  status  = "%[2]s"
  account = { id = truto_crm_account.a[count.index].id }
  contact = [{ id = truto_crm_contact.c[count.index].id }]
}
`, n, version)
	}
	check := func(version string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			for _, coll := range []string{"accounts", "contacts", "opportunities"} {
				if recs := env.emu.In(coll).Records(testIA); len(recs) != n {
					return fmt.Errorf("emulator holds %d %s, want exactly %d", len(recs), coll, n)
				}
			}
			for i := range n {
				acct := s.RootModule().Resources[fmt.Sprintf("truto_crm_account.a.%d", i)].Primary.ID
				contact := s.RootModule().Resources[fmt.Sprintf("truto_crm_contact.c.%d", i)].Primary.ID
				deal := s.RootModule().Resources[fmt.Sprintf("truto_crm_opportunity.o.%d", i)].Primary.ID
				c, ok1 := env.emu.In("contacts").Record(testIA, contact)
				o, ok2 := env.emu.In("opportunities").Record(testIA, deal)
				if !ok1 || !ok2 {
					return fmt.Errorf("record %d: contact %s or deal %s is not in the emulator", i, contact, deal)
				}
				if refID(c["account"]) != acct || c["title"] != version {
					return fmt.Errorf("contact %d: %s", i, jsonOf(c))
				}
				if refID(o["account"]) != acct || itemAt(o, "contact", 0, "id") != contact || o["status"] != version {
					return fmt.Errorf("deal %d: %s", i, jsonOf(o))
				}
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			for _, coll := range []string{"accounts", "contacts", "opportunities"} {
				if recs := env.emu.In(coll).Records(testIA); len(recs) != 0 {
					return fmt.Errorf("after destroy the emulator still holds %d %s", len(recs), coll)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.emu.SetFaults(emulator.Faults{Rate: 0.2, Kinds: emulator.AllFaultKinds, Latency: 100 * time.Millisecond})
				},
				Config: cfg("v1"),
				Check: resource.ComposeAggregateTestCheckFunc(check("v1"), func(*terraform.State) error {
					keys := map[string]bool{}
					for _, k := range env.emu.IdempotencyKeys() {
						keys[k] = true
					}
					if len(keys) != 3*n {
						return fmt.Errorf("%d distinct Idempotency-Keys on POST, want %d (one per record)", len(keys), 3*n)
					}
					return nil
				}),
			},
			{Config: cfg("v2"), Check: check("v2")},
		},
	})
	if c := env.emu.Counts(); c["429"] == 0 || c["dropped"] == 0 {
		t.Errorf("faults were not injected (counts %v)", c)
	}
}
