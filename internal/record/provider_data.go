package record

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Environment variables the provider reads when the matching provider attribute is unset; messages
// here name them.
const (
	EnvAPIToken            = "TRUTO_API_TOKEN"
	EnvBaseURL             = "TRUTO_BASE_URL"
	EnvIntegratedAccountID = "TRUTO_INTEGRATED_ACCOUNT_ID"
)

// ProviderData is what resources, data sources and list resources receive from the provider's
// Configure.
type ProviderData struct {
	client *truto.Client
	// defaultIntegratedAccountID is used by resources that do not set their own ("" = none).
	defaultIntegratedAccountID string
	// checks are the plan-time checks of what the CRM supports (nil when turned off).
	checks *planChecks
}

// NewProviderData is the configured provider: its client, its default integrated account ("" =
// none), and whether plans are checked against what the connected CRM supports.
func NewProviderData(client *truto.Client, defaultIntegratedAccountID string, capabilityChecks bool) *ProviderData {
	d := &ProviderData{client: client, defaultIntegratedAccountID: defaultIntegratedAccountID}
	if capabilityChecks {
		d.checks = newPlanChecks(client)
	}
	return d
}

// configure takes the value handed to Configure of a resource or data source. A nil value means
// the provider is not configured yet (validation runs before that) and is not an error.
func configure(v any, dst **ProviderData, diags *diag.Diagnostics) {
	if v == nil {
		return
	}
	data, ok := v.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("unexpected provider data type %T; this is a bug in the provider, please report it", v))
		return
	}
	*dst = data
}
