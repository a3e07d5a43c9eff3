package record

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The hint for a create whose outcome is unknown names the kind's own filters (notes, tasks and
// engagements have no name filter).
func TestOutcomeUnknownHintNamesTheKindsFilters(t *testing.T) {
	noteKind := Declare(Spec{Noun: "note", Plural: "notes",
		Fields:  []Field{Reference("owner", "O.", "Id."), Reference("account", "A.", "Id."), RefList("contact", "C.", "Id.")},
		Filters: []Filter{ByRef("owner", "owned by"), ByRef("account", "on"), AnyRef("contact", "on"), SortBy("created_at")}})
	for k, want := range map[*Kind]string{
		accountKind: "truto_crm_accounts data source filtered by name, website or owner_id)",
		noteKind:    "truto_crm_notes data source filtered by owner_id, account_id or contact_id)",
		contactKind: "truto_crm_contacts data source listing them)",
	} {
		var diags diag.Diagnostics
		addAPIError(&diags, k, "create", testIA, "", &truto.OutcomeUnknownError{Collection: k.coll, Err: errors.New("timeout")})
		if detail := diags[0].Detail(); !strings.Contains(detail, want) {
			t.Errorf("%s: the hint does not say %q:\n%s", k.noun, want, detail)
		}
	}
}

// Every failure the client classifies has its advice in the one table: a class added to the
// client, or an entry lost from failureHints, fails here.
func TestEveryFailureHasAHint(t *testing.T) {
	h := hintContext{k: accountKind, action: "read", ia: testIA, id: "acc-1"}
	for _, f := range truto.Failures() {
		if failureHint(f, h) == "" {
			t.Errorf("failure %d has no hint in failureHints", f)
		}
	}
	if failureHint(truto.OtherFailure, h) != "" {
		t.Error("a failure without a documented cause got a hint")
	}
}

// Each status class reaches the user as Truto's text, then its hint as a paragraph of its own.
func TestAPIErrorHintPerStatus(t *testing.T) {
	trutoErr := func(status int, remote, enveloped bool, msg string) *truto.APIError {
		return &truto.APIError{StatusCode: status, IsRemoteError: remote, Enveloped: enveloped, Message: msg,
			Method: "GET", Path: "/unified/crm/accounts/acc-1"}
	}
	for _, tc := range []struct {
		name       string
		action, id string
		err        *truto.APIError
		want       truto.Failure
		hint       string // "" when the detail is the client's text alone
	}{
		{"token", "read", "acc-1", trutoErr(401, false, true, "Unauthorized"), truto.TokenRejected,
			"Check the provider's api_token (" + EnvAPIToken + "): Truto rejected it."},
		{"CRM credentials", "read", "acc-1", trutoErr(401, true, true, "expired"), truto.CRMCredentialsRejected,
			"reconnect integrated account " + testIA + " in Truto."},
		{"scopes", "read", "acc-1", trutoErr(403, false, true, "Forbidden"), truto.Forbidden,
			"lacks the scopes for this operation."},
		{"account not found", "read", "acc-1", trutoErr(404, false, true, "Integrated account not found"), truto.AccountNotFound,
			"Truto cannot see integrated account " + testIA + " with this token"},
		{"another server's 404", "read", "acc-1", trutoErr(404, false, false, "404 page not found"), truto.NotTrutosAnswer,
			baseURLHint + " State is left untouched."},
		{"Truto's other 404", "read", "acc-1", trutoErr(404, false, true, "Not Found"), truto.TrutoNotFound,
			baseURLHint + " State is left untouched."},
		{"CRM 404 of a record", "read", "acc-1", trutoErr(404, true, true, "gone"), truto.CRMNotFound,
			"The CRM does not know account acc-1."},
		{"CRM 404 of a list", "list", "", trutoErr(404, true, true, "gone"), truto.CRMNotFound, ""},
		{"delete refused", "delete", "acc-1", trutoErr(405, false, true, "Method Not Allowed"), truto.NotAllowed,
			"cannot delete accounts (a read-only sandbox, or an integration without delete). To remove the account"},
		{"method refused", "update", "acc-1", trutoErr(405, false, true, "Method Not Allowed"), truto.NotAllowed,
			"is read-only (a sandbox) or its integration does not support this operation."},
		{"conflict", "create", "", trutoErr(409, true, true, "duplicate"), truto.Conflict, "import that record instead."},
		{"rate limited", "read", "acc-1", trutoErr(429, false, true, "slow down"), truto.RateLimited,
			"Rate limited: retries exhausted."},
		{"blocked", "read", "acc-1", trutoErr(503, false, true, "Integrated account is not active"), truto.AccountBlocked,
			"Integrated account " + testIA + " is blocked in Truto; reconnect it, then apply again."},
		{"validation", "create", "", trutoErr(422, true, true, "Website is invalid"), truto.OtherFailure, ""},
		{"server error", "read", "acc-1", trutoErr(500, false, true, "boom"), truto.OtherFailure, ""},
	} {
		if got := truto.Classify(tc.err); got != tc.want {
			t.Errorf("%s: classified %d, want %d", tc.name, got, tc.want)
		}
		var diags diag.Diagnostics
		addAPIError(&diags, accountKind, tc.action, testIA, tc.id, tc.err)
		if len(diags) != 1 {
			t.Fatalf("%s: %d diagnostics", tc.name, len(diags))
		}
		detail, text := diags[0].Detail(), tc.err.Error()
		if tc.hint == "" {
			if detail != text {
				t.Errorf("%s: detail\n%s\nwant the client's text alone\n%s", tc.name, detail, text)
			}
			continue
		}
		if head, hint, _ := strings.Cut(detail, "\n\n"); head != text || !strings.Contains(hint, tc.hint) {
			t.Errorf("%s: detail\n%s\nwant %q, then a paragraph with %q", tc.name, detail, text, tc.hint)
		}
	}
}
