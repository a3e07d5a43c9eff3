package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The checks ask Truto once per process whatever the number of resources planned at once:
// one capabilities request per integrated account, one meta request per kind and method, one
// catalog request per entity; warnings are given once.
func TestPlanChecks_askOncePerProcess(t *testing.T) {
	emu := emulator.New(emulator.Options{
		Token: testToken,
		Accounts: []emulator.IntegratedAccount{{ID: testIA, Profile: emulator.Profile{
			Fields:      map[string][]emulator.FieldDef{"contact": {{Name: "tier", Type: "string"}}},
			Collections: map[string]emulator.CollectionProfile{"contacts": {NeverReturned: []string{"title"}}},
		}}},
		AccountRateLimit: emulator.RateLimit{Requests: -1},
		TokenRateLimit:   emulator.RateLimit{Requests: -1},
	})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	checks := newPlanChecks(client)
	config := map[string]tftypes.Value{
		"title":         tftypes.NewValue(tftypes.String, "CTO"),
		"custom_fields": tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"tier": tftypes.String}}, map[string]tftypes.Value{"tier": tftypes.NewValue(tftypes.String, "gold")}),
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	warnings := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var diags diag.Diagnostics
			checks.check(context.Background(), plannedWrite{k: contactKind, ia: testIA, method: "create", config: config}, &diags)
			mu.Lock()
			defer mu.Unlock()
			if diags.HasError() {
				t.Errorf("errors: %v", diags)
			}
			warnings += diags.WarningsCount()
		}()
	}
	wg.Wait()
	if caps, meta, catalog := emu.ProbeRequests(); caps != 1 || meta != 1 || catalog != 1 {
		t.Errorf("20 planned creates sent %d capabilities, %d meta and %d catalog requests, want 1 each", caps, meta, catalog)
	}
	if warnings != 1 {
		t.Errorf("%d warnings about the never-returned title, want 1", warnings)
	}
}

// metaServer answers capabilities and one create meta, as Truto documents them, for unit tests of
// the checks that need schemas the emulator does not produce.
func metaServer(t *testing.T, capabilities, createMeta string) *planChecks {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/capabilities"):
			if capabilities == "" {
				http.Error(w, `{"error":"unavailable"}`, http.StatusInternalServerError)
				return
			}
			_, _ = io.WriteString(w, capabilities)
		case strings.HasSuffix(r.URL.Path, "/meta/create"):
			_, _ = io.WriteString(w, createMeta)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return newPlanChecks(client)
}

// Only top-level fields count as required: an optional reference whose id is marked required binds
// only when set; "" is as unset as null; the account's status warns once (a missing get does not:
// the list reads the kind).
func TestPlanChecks_requiredFieldsAndWarnings(t *testing.T) {
	meta := `{"method": "create", "request_body_schema": {"type": "object", "properties": {
	  "last_name": {"type": "string", "required": true},
	  "owner": {"type": "object", "required": false, "properties": {"id": {"type": "string", "required": true}}},
	  "email_addresses": {"type": "array", "items": {"type": "object", "properties": {"email": {"type": "string", "required": true}}}}}}}`
	checks := metaServer(t, fmt.Sprintf(allMethods, "connecting"), meta)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	null := tftypes.NewValue(tftypes.String, nil)
	run := func(lastName tftypes.Value) diag.Diagnostics {
		var diags diag.Diagnostics
		checks.check(context.Background(), plannedWrite{k: contactKind, ia: testIA, method: "create",
			config: map[string]tftypes.Value{"last_name": lastName, "owner": tftypes.NewValue(tftypes.Object{
				AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}, nil)}}, &diags)
		return diags
	}
	first := run(str("Doe"))
	if first.HasError() {
		t.Errorf("optional owner and email_addresses with required sub-fields failed the plan: %v", first.Errors())
	}
	var warnings []string
	for _, d := range first.Warnings() {
		warnings = append(warnings, d.Summary())
	}
	if got := strings.Join(warnings, "; "); got != "Integrated account is not active" {
		t.Errorf("warnings %q", got)
	}
	for _, unset := range []tftypes.Value{null, str("")} {
		diags := run(unset)
		if len(diags.Errors()) != 1 || !strings.Contains(diags.Errors()[0].Detail(), "Close requires last_name to create a contact") {
			t.Errorf("last_name %v: %v", unset, diags)
		}
		if diags.WarningsCount() != 0 {
			t.Errorf("warnings repeated: %v", diags.Warnings())
		}
	}
}

// Capabilities Truto cannot give make one warning and nothing else: no further probe, no error.
func TestPlanChecks_unavailableWarnsOnce(t *testing.T) {
	checks := metaServer(t, "", `{}`)
	for i := range 3 {
		var diags diag.Diagnostics
		checks.check(context.Background(), plannedWrite{k: contactKind, ia: testIA, method: "create",
			config: map[string]tftypes.Value{}}, &diags)
		want := 0
		if i == 0 {
			want = 1
		}
		if diags.HasError() || diags.WarningsCount() != want {
			t.Errorf("check %d: %v, want %d warning(s) and no error", i, diags, want)
		}
	}
}

// metaServer answers capabilities and one create meta, as Truto documents them, for unit tests of
// the checks that need schemas the emulator does not produce.
const allMethods = `{"integration": {"slug": "close", "name": "Close"}, "account": {"status": "%s", "is_blocked": false},
  "unified": {"resources": [{"api_name": "contacts", "methods": ["list", "create", "update", "delete"]}]}}`

// The warning of a probe Truto cannot answer now does not send users to capability_checks = false
// (which fixes nothing); a definite answer is an error, not that warning.
func TestPlanChecks_whatWarnsAndWhatFails(t *testing.T) {
	checks := metaServer(t, "", `{}`) // capabilities answer 500
	var diags diag.Diagnostics
	checks.check(context.Background(), plannedWrite{k: contactKind, ia: testIA, method: "create",
		config: map[string]tftypes.Value{}}, &diags)
	if diags.HasError() || diags.WarningsCount() != 1 || strings.Contains(diags.Warnings()[0].Detail(), "capability_checks") {
		t.Errorf("a 500: %v, want one warning without capability_checks advice", diags)
	}
	unknownHost := &net.DNSError{Err: "no such host", Name: "api.truto.example", IsNotFound: true}
	if summary, detail, ok := definiteAnswer(fmt.Errorf("dial: %w", unknownHost), testIA); !ok ||
		!strings.Contains(summary, "base_url") || !strings.Contains(detail, EnvBaseURL) {
		t.Errorf("no such host: %q %q %v", summary, detail, ok)
	}
	if _, _, ok := definiteAnswer(errors.New("timeout"), testIA); ok {
		t.Error("a timeout is not a definite answer")
	}
}

// An integration with neither get nor list on a kind: the plan of a create warns, once, that its
// drift cannot be seen; readMethods says so to refreshes.
func TestPlanChecks_unreadableKindWarnsOnce(t *testing.T) {
	checks := metaServer(t, `{"integration": {"slug": "close", "name": "Close"},
  "unified": {"resources": [{"api_name": "contacts", "methods": ["create", "update", "delete"]}]}}`, `{}`)
	for i := range 2 {
		var diags diag.Diagnostics
		checks.check(context.Background(), plannedWrite{k: contactKind, ia: testIA, method: "create"}, &diags)
		switch {
		case i == 0 && (diags.WarningsCount() != 1 || diags.Warnings()[0].Summary() != "Close cannot read contacts" ||
			!strings.Contains(diags.Warnings()[0].Detail(), "Close cannot read contacts: drift is not detected; state keeps what the last apply wrote")):
			t.Errorf("first create: %v", diags)
		case i == 1 && diags.WarningsCount() != 0:
			t.Errorf("warned again: %v", diags)
		}
	}
	get, list, known, name := checks.readMethods(context.Background(), contactKind, testIA)
	if get || list || !known || name != "Close" {
		t.Errorf("readMethods = %t, %t, %t, %q", get, list, known, name)
	}
	if _, _, known, _ := (*planChecks)(nil).readMethods(context.Background(), contactKind, testIA); known {
		t.Error("checks off: readMethods known")
	}
}
