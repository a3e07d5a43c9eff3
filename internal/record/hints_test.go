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
