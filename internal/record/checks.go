package record

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// planChecks fail a plan that the connected CRM cannot carry out, before anything is sent: a
// method the integration lacks, a blocked account or one that needs re-authentication, a field the
// integration requires on create, custom fields its catalog does not have. What Truto says is asked
// once per provider process (per integrated account, kind and method) and kept for the process: a
// plan is short, and mappings change rarely. When Truto cannot say, the plan goes ahead with one
// warning: the checks only ever add certainty, never a dependency on these endpoints.
type planChecks struct {
	client  *truto.Client
	caps    memo[string, *truto.Capabilities]
	meta    memo[metaKey, *truto.MethodMeta]
	catalog memo[catalogKey, []truto.FieldDefinition]

	said *onceKeys // warnings given, so each is given once per process (shared with ProviderData)
	mu   sync.Mutex
	// planned are the field definitions truto_crm_field resources planned in this process, by
	// integrated account and entity, then name (see planField).
	planned map[catalogKey]map[string]truto.FieldDefinition
}

type metaKey struct{ ia, collection, method string }
type catalogKey struct{ ia, entity string }

func newPlanChecks(c *truto.Client) *planChecks {
	return &planChecks{client: c, said: &onceKeys{}}
}

// plannedWrite is one write a plan holds: a create, an update or a delete of a record of k.
type plannedWrite struct {
	k      *Kind
	ia     string
	method string                   // "create", "update" or "delete"
	config map[string]tftypes.Value // the resource's configuration (create and update)
	// plan and prior are the planned and prior values (update: what changes is what is sent).
	plan, prior map[string]tftypes.Value
	// sent are the attributes an update sends when its body is known (an adopting update); nil:
	// those planned to change.
	sent        map[string]bool
	unsupported string // unsupported_fields of the write
	// advice ends the error of a delete the integration lacks (default: how to keep the record).
	advice string
}

// check adds the diagnostics of one planned write.
func (c *planChecks) check(ctx context.Context, w plannedWrite, diags *diag.Diagnostics) {
	if c == nil || w.ia == "" {
		return
	}
	caps, ok := c.capabilitiesOf(ctx, w.ia, diags)
	if !ok {
		return
	}
	if !c.checkCapabilities(caps, w, diags) || w.method == "delete" {
		return // the write cannot happen (what it would send does not matter), or sends nothing
	}
	integration := caps.DisplayName()
	c.checkMeta(ctx, integration, w, diags)
	c.checkCustomFields(ctx, integration, w, diags)
}

// capabilitiesOf are the capabilities of ia, asked once per process; false (with an error, or a
// warning once) when Truto does not give them.
func (c *planChecks) capabilitiesOf(ctx context.Context, ia string, diags *diag.Diagnostics) (*truto.Capabilities, bool) {
	caps, err := c.caps.get(ctx, ia, func(ctx context.Context) (*truto.Capabilities, error) {
		return c.client.Capabilities(ctx, ia)
	})
	if err != nil {
		if summary, detail, definite := definiteAnswer(err, ia); definite {
			diags.AddError(summary, detail) // the apply would fail alike: fail now, naming the setting to fix
			return nil, false
		}
		// Truto cannot answer now: the other endpoints would fail alike, and only cost time.
		c.warnOnce(diags, path.Empty(), "capabilities "+ia, "Could not check what the CRM supports",
			fmt.Sprintf("Truto could not say now what integrated account %q supports (%s), so this plan was not "+
				"checked against it; the CRM will still refuse what it cannot do at apply.", ia, err.Error()))
		return nil, false
	}
	return caps, true
}

// readMethods says whether the integration of ia has get and list on k's collection, from the
// capabilities the checks ask (once per process, shared with them): asked for a kind whose get
// Truto does not document, else only what this process asked already. known is false when the
// checks are off or Truto did not say (yet). integration names it in messages.
func (c *planChecks) readMethods(ctx context.Context, k *Kind, ia string) (get, list, known bool, integration string) {
	if c == nil || ia == "" {
		return false, false, false, ""
	}
	var caps *truto.Capabilities
	var err error
	if k.askBeforeRead {
		caps, err = c.caps.get(ctx, ia, func(ctx context.Context) (*truto.Capabilities, error) {
			return c.client.Capabilities(ctx, ia)
		})
	} else {
		caps, err = c.caps.peek(ia)
	}
	if err != nil || caps == nil {
		return false, false, false, ""
	}
	get, list, known = readsOf(caps, k)
	return get, list, known, caps.DisplayName()
}

// readsOf says whether the capabilities list get and list for k (known: they list k's methods).
func readsOf(caps *truto.Capabilities, k *Kind) (get, list, known bool) {
	get, known = caps.Supports(k.coll.Plural(), "get")
	list, _ = caps.Supports(k.coll.Plural(), "list")
	return get, list, known
}

// checkCapabilities checks the account's state and that the integration has the method; false
// when the write cannot happen.
func (c *planChecks) checkCapabilities(caps *truto.Capabilities, w plannedWrite, diags *diag.Diagnostics) bool {
	name := caps.DisplayName()
	if a := caps.Account; a != nil {
		switch {
		case a.Blocked:
			diags.AddError("Integrated account is blocked",
				fmt.Sprintf("Integrated account %q (%s) is blocked in Truto, so it cannot %s %s. Reconnect or unblock it in "+
					"Truto, then plan again.", w.ia, name, w.method, article(w.k.noun)+" "+w.k.noun))
			return false
		case strings.EqualFold(a.Status, "needs_reauth"):
			diags.AddError("Integrated account needs re-authentication",
				fmt.Sprintf("Integrated account %q (%s) needs re-authentication: the CRM no longer accepts its credentials. "+
					"Reconnect it in Truto, then plan again.", w.ia, name))
			return false
		case a.Status != "" && !strings.EqualFold(a.Status, "active"):
			c.warnOnce(diags, path.Empty(), "status "+w.ia, "Integrated account is not active",
				fmt.Sprintf("Integrated account %q (%s) has status %q in Truto; writes may fail until it is active.", w.ia, name, a.Status))
		}
	}
	if w.method == "create" {
		if get, list, known := readsOf(caps, w.k); known && !get && !list {
			c.warnOnce(diags, path.Empty(), unreadableKey(w.k, w.ia), unreadable(name, w.k), unreadableDetail(name, w.k, w.ia))
		}
	}
	supported, known := caps.Supports(w.k.coll.Plural(), w.method)
	if !known || supported {
		return true
	}
	detail := fmt.Sprintf("%s does not support %s on %s (integrated account %q, per Truto's capabilities), so nothing "+
		"was sent.", name, w.method, w.k.plural, w.ia)
	if w.method == "delete" {
		detail = fmt.Sprintf("%s does not support delete on %s (integrated account %q, per Truto's capabilities). %s",
			name, w.k.plural, w.ia, cmp.Or(w.advice, abandonAdvice(w.k)))
	}
	diags.AddError(fmt.Sprintf("%s cannot %s %s", name, w.method, w.k.plural), detail)
	return false
}

// checkMeta checks the configuration against the method's schemas: what the integration requires
// on create, the values it accepts, and what it never returns.
func (c *planChecks) checkMeta(ctx context.Context, integration string, w plannedWrite, diags *diag.Diagnostics) {
	m, err := c.metaOf(ctx, w.k, w.ia, w.method)
	if err != nil {
		c.warnOnce(diags, path.Empty(), "meta "+w.ia+" "+w.k.plural+" "+w.method, "Could not check what the CRM requires",
			fmt.Sprintf("Truto did not give %s's %s schema of %s (%s), so required fields were not checked at plan.",
				integration, w.method, w.k.plural, err.Error()))
		return
	}
	if m.RequestBody != nil {
		for _, name := range sortedKeys(m.RequestBody.Properties) {
			prop := m.RequestBody.Properties[name]
			if prop == nil || name == remoteDataName {
				continue
			}
			if prop.Required && w.method == "create" {
				c.checkRequired(integration, w, name, diags)
			}
			c.checkEnum(integration, w, name, prop, diags)
		}
	}
	c.checkUnwritable(integration, w, m, diags)
	for _, name := range neverReturned(w.k, m) {
		if v, ok := w.config[name]; ok && !v.IsNull() {
			c.warnOnce(diags, path.Root(name), "never returned "+w.ia+" "+w.k.plural+" "+name, "Attribute cannot be refreshed",
				fmt.Sprintf("%s accepts %s but never returns it (it is missing from the integration's response schema of %s), "+
					"so the provider keeps the configured value in state and cannot detect changes made to it in the CRM.",
					integration, name, w.k.plural))
		}
	}
}

// checkRequired reports a top-level field the integration requires on create that the
// configuration leaves unset or empty (a create leaves "" out). Only top-level requirements count:
// a required id inside an optional reference binds only when the reference is set, and the schema
// makes every reference carry its id.
func (c *planChecks) checkRequired(integration string, w plannedWrite, name string, diags *diag.Diagnostics) {
	f := w.k.field(name)
	if f == nil {
		c.warnOnce(diags, path.Empty(), "required "+w.ia+" "+w.k.plural+" "+name, "The CRM requires a field this resource does not have",
			fmt.Sprintf("%s marks %q required to create %s, and %s has no such attribute: set it in remote_data if the "+
				"CRM takes it there, or the create may fail.", integration, name, w.k.plural, w.k.typeName))
		return
	}
	if _, sent := f.(sentField); !sent {
		return
	}
	v, ok := w.config[name]
	if !ok || !v.IsKnown() {
		return // not an attribute of the configuration, or known only at apply
	}
	if !v.IsNull() && (!v.Type().Is(tftypes.String) || configString(w.config, name) != "") {
		return // set
	}
	diags.AddAttributeError(path.Root(name), "Missing attribute required by "+integration,
		fmt.Sprintf("%s requires %s to create %s (its create schema marks the field required): set %s.",
			integration, name, article(w.k.noun)+" "+w.k.noun, name))
}

// checkEnum reports a configured string outside the values the integration's schema lists for it
// (an engagement_type it does not have), compared exactly as the CRM does.
func (c *planChecks) checkEnum(integration string, w plannedWrite, name string, prop *truto.Schema, diags *diag.Diagnostics) {
	v, ok := w.config[name]
	if len(prop.Enum) == 0 || !ok || !v.Type().Is(tftypes.String) {
		return
	}
	got := configString(w.config, name)
	if got == "" {
		return
	}
	for _, allowed := range prop.Enum {
		if allowed == got {
			return
		}
	}
	diags.AddAttributeError(path.Root(name), "Value not accepted by "+integration,
		fmt.Sprintf("%s accepts %s %s for %s (per its %s schema), not %q.", integration, name,
			JoinOr(quotedValues(prop.Enum)), w.k.plural, w.method, got))
}

// metaOf is a method's meta for the integration of ia, asked once per process.
func (c *planChecks) metaOf(ctx context.Context, k *Kind, ia, method string) (*truto.MethodMeta, error) {
	return c.meta.get(ctx, metaKey{ia, k.coll.Path, method}, func(ctx context.Context) (*truto.MethodMeta, error) {
		return c.client.Meta(ctx, k.coll, ia, method)
	})
}

// neverReturned are the kind's stored attributes missing from the integration's response schema
// (none when the schema lists no properties: it then says nothing).
func neverReturned(k *Kind, m *truto.MethodMeta) []string {
	if m == nil || m.Response == nil || len(m.Response.Properties) == 0 {
		return nil
	}
	var out []string
	for _, f := range k.fields {
		if _, sent := f.(sentField); !sent {
			continue
		}
		switch f.name() {
		case remoteDataName, remoteQueryName, customFieldsName:
			continue // request-only values, or custom fields (which the catalog describes)
		}
		if _, ok := m.Response.Properties[f.name()]; !ok {
			out = append(out, f.name())
		}
	}
	return out
}

// neverReturnedOf are the attributes of k the integration of ia never returns, from the response
// schema of the first of get, list and create whose meta Truto gives (asked once per process); nil
// when it gives none. fetch false only looks at what this process already asked.
func (c *planChecks) neverReturnedOf(ctx context.Context, k *Kind, ia string, fetch bool) map[string]bool {
	if c == nil {
		return nil
	}
	for _, method := range []string{"get", "list", "create"} {
		var m *truto.MethodMeta
		var err error
		if fetch {
			m, err = c.metaOf(ctx, k, ia, method)
		} else {
			m, err = c.meta.peek(metaKey{ia, k.coll.Path, method})
		}
		if err != nil || m == nil {
			continue // failed, or (without fetch) not asked yet
		}
		out := map[string]bool{}
		for _, name := range neverReturned(k, m) {
			out[name] = true
		}
		return out
	}
	return nil
}

// checkCustomFields checks the configured custom_fields against the integration's catalog.
func (c *planChecks) checkCustomFields(ctx context.Context, integration string, w plannedWrite, diags *diag.Diagnostics) {
	raw, ok := w.config[customFieldsName]
	if w.k.catalog == "" || !ok || !raw.IsKnown() || raw.IsNull() {
		return
	}
	v, err := basetypes.DynamicType{}.ValueFromTerraform(ctx, raw)
	dv, ok := v.(basetypes.DynamicValue)
	if err != nil || !ok {
		return
	}
	entries, err := customFieldEntries(dv)
	if err != nil || len(entries) == 0 {
		return // the schema's validator reports what is not an object
	}
	defs, err := c.catalog.get(ctx, catalogKey{w.ia, w.k.catalog}, func(ctx context.Context) ([]truto.FieldDefinition, error) {
		return c.client.Fields(ctx, w.ia, w.k.catalog)
	})
	if err != nil {
		switch truto.StatusCode(err) {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
			// The integration serves no catalog, or none of this entity: nothing to check against.
		default:
			c.warnOnce(diags, path.Empty(), "catalog "+w.ia+" "+w.k.catalog, "Could not check custom_fields",
				fmt.Sprintf("Truto did not give %s's custom-field catalog of %s (%s), so custom_fields was not checked "+
					"at plan.", integration, w.k.plural, err.Error()))
		}
		return
	}
	if len(defs) == 0 {
		return // an empty catalog says nothing about what the CRM accepts
	}
	for _, problem := range catalogProblems(c.withPlanned(w.ia, w.k.catalog, defs), entries) {
		detail := fmt.Sprintf("%s (%s's custom-field catalog of %s, entity %q; see the truto_crm_fields data source).",
			problem.detail, integration, w.k.plural, w.k.catalog)
		if problem.summary == unknownCustomField {
			detail += "\n\n" + plannedFieldAdvice(w.k.catalog)
		}
		diags.AddAttributeError(path.Root(customFieldsName), problem.summary, detail)
	}
}

// definiteAnswer words a probe failure that will not go away by asking again: the token, the
// integrated account or the base URL is wrong. Anything else (5xx, timeouts, a 429 past the
// probe's budget) is Truto not answering now, and false.
func definiteAnswer(err error, ia string) (summary, detail string, ok bool) {
	brief := err.Error()
	switch f := truto.Classify(err); {
	case f == truto.TokenRejected:
		return "Truto rejected the API token", fmt.Sprintf("%s\n\nCheck api_token in the provider block (or the %s "+
			"environment variable): it may be wrong, expired, or of another Truto environment.", brief, EnvAPIToken), true
	case f == truto.AccountNotFound:
		return "Integrated account not found", fmt.Sprintf("%s\n\nTruto does not know integrated account %q with this "+
			"token: check integrated_account_id (on the resource, the provider block or %s), and that the token "+
			"belongs to the account's Truto environment.", brief, ia, EnvIntegratedAccountID), true
	case f == truto.NotTrutosAnswer, f == truto.TrutoNotFound:
		return "Truto's API is not at base_url", brief + "\n\n" + baseURLHint, true
	case truto.IsConnectionRefused(err), truto.IsUnknownHost(err):
		return "Cannot reach Truto at base_url", fmt.Sprintf("%s\n\nCheck base_url in the provider block (or the %s "+
			"environment variable): nothing answers at that address.", brief, EnvBaseURL), true
	}
	return "", "", false
}

// warnOnce adds a warning (on an attribute unless at is empty) the first time key is seen in this
// process.
func (c *planChecks) warnOnce(diags *diag.Diagnostics, at path.Path, key, summary, detail string) {
	switch {
	case !c.first(key):
	case at.Equal(path.Empty()):
		diags.AddWarning(summary, detail)
	default:
		diags.AddAttributeWarning(at, summary, detail)
	}
}

func (c *planChecks) first(key string) bool { return c.said.first(key) }

// onceKeys remembers keys seen, for what is said once per process.
type onceKeys struct {
	mu   sync.Mutex
	seen map[string]bool
}

// first reports whether key is seen for the first time.
func (o *onceKeys) first(key string) bool {
	if o == nil {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[key] {
		return false
	}
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	o.seen[key] = true
	return true
}

// sortedKeys are a schema's property names, sorted (diagnostics in a stable order).
func sortedKeys(m map[string]*truto.Schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// memo computes each key's value once and shares it with every caller, concurrent ones included
// (Terraform plans up to ten resources at a time). A failure is kept too: asking again within the
// same plan would fail alike and only cost requests.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*memoEntry[V]
}

type memoEntry[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// peek is key's value when it has been computed, without computing it (zero value, nil otherwise).
func (m *memo[K, V]) peek(key K) (V, error) {
	m.mu.Lock()
	e := m.m[key]
	m.mu.Unlock()
	var zero V
	if e == nil {
		return zero, nil
	}
	select {
	case <-e.done:
		return e.v, e.err
	default:
		return zero, nil
	}
}

// forget drops key's value, so the next get computes it again.
func (m *memo[K, V]) forget(key K) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
}

func (m *memo[K, V]) get(ctx context.Context, key K, fetch func(context.Context) (V, error)) (V, error) {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]*memoEntry[V]{}
	}
	e, ok := m.m[key]
	if !ok {
		e = &memoEntry[V]{done: make(chan struct{})}
		m.m[key] = e
	}
	m.mu.Unlock()
	if !ok {
		e.v, e.err = fetch(ctx)
		close(e.done)
		return e.v, e.err
	}
	select {
	case <-e.done:
		return e.v, e.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}
