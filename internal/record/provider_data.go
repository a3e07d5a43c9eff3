package record

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Environment variables the provider reads when the matching provider attribute is unset; messages
// here name them.
const (
	EnvAPIToken            = "TRUTO_API_TOKEN"
	EnvBaseURL             = "TRUTO_BASE_URL"
	EnvIntegratedAccountID = "TRUTO_INTEGRATED_ACCOUNT_ID"
)

// DefaultBaseURL is the Truto API the provider talks to unless base_url says otherwise.
const DefaultBaseURL = "https://api.truto.one"

// ProviderData is what resources, data sources and list resources receive from the provider's
// Configure.
type ProviderData struct {
	client *truto.Client
	// defaultIntegratedAccountID is used by resources that do not set their own ("" = none).
	defaultIntegratedAccountID string
	// checks are the plan-time checks of what the CRM supports (nil when turned off).
	checks *planChecks
	// unsupportedFields is the provider's unsupported_fields ("" = error).
	unsupportedFields string
	// cmp are the settings values are compared under (default_phone_region), and kinds each kind
	// bound to them, made once.
	cmp     comparing
	kindsMu sync.Mutex
	kinds   map[*Kind]*Kind
	// batchDelete remembers, per integrated account and collection, whether its batch-delete
	// meta was asked (see enableBatchDelete).
	batchDelete memo[metaKey, bool]
	// said are the warnings given once per process, the checks' included.
	said *onceKeys
}

// NewProviderData is the configured provider: its client, its default integrated account ("" =
// none), and whether plans are checked against what the connected CRM supports.
func NewProviderData(client *truto.Client, defaultIntegratedAccountID string, capabilityChecks bool) *ProviderData {
	d := &ProviderData{client: client, defaultIntegratedAccountID: defaultIntegratedAccountID, said: &onceKeys{}}
	if capabilityChecks {
		d.checks = newPlanChecks(client)
		d.checks.said = d.said
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

// integratedAccount resolves the integrated account of a resource, data source or import: its own
// value, else the provider's default; "" when neither is set (then missingIntegratedAccount words
// the error). A nil ProviderData (not configured yet) has no default.
func (d *ProviderData) integratedAccount(own string) string {
	if own == "" && d != nil {
		return d.defaultIntegratedAccountID
	}
	return own
}

// missingIntegratedAccount is the error detail when integratedAccount finds none; where says where
// the user's own value goes ("on this resource", "in the import block's identity").
func missingIntegratedAccount(where string) string {
	return "Set integrated_account_id " + where + ", or integrated_account_id in the provider block (or the " +
		EnvIntegratedAccountID + " environment variable)."
}

// defaultIntegratedAccount is the integrated account a resource that sets none plans with: the
// provider's, or an error on integrated_account_id saying where to set one.
func (d *ProviderData) defaultIntegratedAccount(diags *diag.Diagnostics) (string, bool) {
	ia := d.integratedAccount("")
	if ia == "" {
		diags.AddAttributeError(path.Root(integratedAccountName), "Missing integrated account",
			missingIntegratedAccount("on this resource"))
	}
	return ia, ia != ""
}

// SetDefaultPhoneRegion sets the provider's default_phone_region ("" = none), the region national
// phone numbers are read in when compared. Call it before the provider data is handed out.
func (d *ProviderData) SetDefaultPhoneRegion(region string) {
	d.cmp.phoneRegion = strings.ToUpper(strings.TrimSpace(region))
}

// kind is k with its values compared under the provider's settings (Kind.comparedWith). A nil
// ProviderData (not configured yet) compares under none.
func (d *ProviderData) kind(k *Kind) *Kind {
	if d == nil || d.cmp == (comparing{}) {
		return k
	}
	d.kindsMu.Lock()
	defer d.kindsMu.Unlock()
	bound, ok := d.kinds[k]
	if !ok {
		if d.kinds == nil {
			d.kinds = map[*Kind]*Kind{}
		}
		bound = k.comparedWith(d.cmp)
		d.kinds[k] = bound
	}
	return bound
}

// batchDeleteCollections are the collections Truto documents batch-delete for; other collections
// are not asked about it.
var batchDeleteCollections = map[string]bool{"contacts": true, "accounts": true}

// enableBatchDelete asks, once per process for an integrated account and kind, whether the
// account's integration has batch-delete (its meta answers 2xx with the schemas of a method:
// truto.HasBatchDelete; a custom method name is as good) and, when it does, has the client group
// concurrent deletes into batch-delete calls. Any failure to answer leaves deletes one by one, as
// they always work.
func (d *ProviderData) enableBatchDelete(ctx context.Context, k *Kind, ia string) {
	if d == nil || d.client == nil || ia == "" || !batchDeleteCollections[k.plural] {
		return
	}
	_, _ = d.batchDelete.get(ctx, metaKey{ia, k.coll.Path, "batch-delete"}, func(ctx context.Context) (bool, error) {
		m, err := d.client.Meta(ctx, k.coll, ia, "batch-delete")
		if err != nil {
			return false, err
		}
		if !truto.HasBatchDelete(m) {
			return false, nil
		}
		d.client.EnableBatchDelete(k.coll, ia, truto.BatchDeleteShapeOf(m))
		return true, nil
	})
}
