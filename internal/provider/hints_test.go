package provider

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
	for k, want := range map[*kind]string{
		accountKind:    "truto_crm_accounts data source filtered by name, website or owner_id)",
		noteKind:       "truto_crm_notes data source filtered by owner_id, account_id or contact_id)",
		taskKind:       "truto_crm_tasks data source filtered by owner_id, account_id or contact_id)",
		engagementKind: "truto_crm_engagements data source filtered by engagement_type, account_id or contact_id)",
	} {
		var diags diag.Diagnostics
		addAPIError(&diags, k, "create", testIA, "", &truto.OutcomeUnknownError{Collection: k.coll, Err: errors.New("timeout")})
		if detail := diags[0].Detail(); !strings.Contains(detail, want) {
			t.Errorf("%s: the hint does not say %q:\n%s", k.noun, want, detail)
		}
	}
}
