package provider

import (
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

	mu   sync.Mutex
	said map[string]bool // warnings given, so each is given once per process
}

type metaKey struct{ ia, collection, method string }
type catalogKey struct{ ia, entity string }

func newPlanChecks(c *truto.Client) *planChecks {
	return &planChecks{client: c, said: map[string]bool{}}
}

// plannedWrite is one write a plan holds: a create, an update or a delete of a record of k.
type plannedWrite struct {
	k      *kind
	ia     string
	method string                   // "create", "update" or "delete"
	config map[string]tftypes.Value // the resource's configuration (create and update)
}

// check adds the diagnostics of one planned write.
func (c *planChecks) check(ctx context.Context, w plannedWrite, diags *diag.Diagnostics) {
	if c == nil || w.ia == "" {
		return
	}
	caps, err := c.caps.get(ctx, w.ia, func(ctx context.Context) (*truto.Capabilities, error) {
		return c.client.Capabilities(ctx, w.ia)
	})
	if err != nil {
		c.warnOnce(diags, "capabilities "+w.ia, "Could not check what the CRM supports",
			fmt.Sprintf("Truto did not say what integrated account %q supports (%s), so this plan was not checked "+
				"against it; the CRM will still refuse what it cannot do at apply. Set capability_checks = false in the "+
				"provider block to skip these checks.", w.ia, briefError(err)))
	} else if !c.checkCapabilities(caps, w, diags) {
		return // the write cannot happen: what it would send does not matter
	}
	if w.method == "delete" {
		return
	}
	integration := "The integration"
	if caps != nil {
		integration = caps.DisplayName()
	}
	if caps != nil { // the meta endpoints answer as the capabilities one does
		c.checkMeta(ctx, integration, w, diags)
	}
	c.checkCustomFields(ctx, integration, w, diags)
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
			c.warnOnce(diags, "status "+w.ia, "Integrated account is not active",
				fmt.Sprintf("Integrated account %q (%s) has status %q in Truto; writes may fail until it is active.", w.ia, name, a.Status))
		}
	}
	supported, known := caps.Supports(w.k.coll.Plural(), w.method)
	if !known || supported {
		return true
	}
	detail := fmt.Sprintf("%s does not support %s on %s (integrated account %q, per Truto's capabilities), so nothing "+
		"was sent.", name, w.method, w.k.plural, w.ia)
	if w.method == "delete" {
		detail = fmt.Sprintf("%s does not support delete on %s: set deletion_policy = \"abandon\" to remove the %s from "+
			"state without deleting it (integrated account %q, per Truto's capabilities).", name, w.k.plural, w.k.noun, w.ia)
	}
	diags.AddError(fmt.Sprintf("%s cannot %s %s", name, w.method, w.k.plural), detail)
	return false
}

// checkMeta checks the configuration against the method's schemas: what the integration requires
// on create, and what it never returns.
func (c *planChecks) checkMeta(ctx context.Context, integration string, w plannedWrite, diags *diag.Diagnostics) {
	key := metaKey{w.ia, w.k.coll.Path, w.method}
	m, err := c.meta.get(ctx, key, func(ctx context.Context) (*truto.MethodMeta, error) {
		return c.client.Meta(ctx, w.k.coll, w.ia, w.method)
	})
	if err != nil {
		c.warnOnce(diags, "meta "+w.ia+" "+w.k.plural+" "+w.method, "Could not check what the CRM requires",
			fmt.Sprintf("Truto did not give %s's %s schema of %s (%s), so required fields were not checked at plan.",
				integration, w.method, w.k.plural, briefError(err)))
		return
	}
	if w.method == "create" && m.RequestBody != nil {
		for _, name := range topLevel(m.RequestBody.RequiredPaths()) {
			c.checkRequired(integration, w, name, diags)
		}
	}
	for _, name := range neverReturned(w.k, m) {
		if v, ok := w.config[name]; ok && !v.IsNull() {
			c.warnOnceAt(diags, path.Root(name), "never returned "+w.ia+" "+w.k.plural+" "+name, "Attribute cannot be refreshed",
				fmt.Sprintf("%s accepts %s but never returns it (it is missing from the integration's response schema of %s), "+
					"so the provider keeps the configured value in state and cannot detect changes made to it in the CRM.",
					integration, name, w.k.plural))
		}
	}
}

// checkRequired reports a field the integration requires on create that the configuration leaves
// unset.
func (c *planChecks) checkRequired(integration string, w plannedWrite, name string, diags *diag.Diagnostics) {
	f := w.k.field(name)
	if f == nil {
		if name != remoteDataName {
			c.warnOnce(diags, "required "+w.ia+" "+w.k.plural+" "+name, "The CRM requires a field this resource does not have",
				fmt.Sprintf("%s marks %q required to create %s, and %s has no such attribute: set it in remote_data if the "+
					"CRM takes it there, or the create may fail.", integration, name, w.k.plural, w.k.typeName))
		}
		return
	}
	if _, sent := f.(sentField); !sent {
		return
	}
	v, ok := w.config[name]
	if !ok || !v.IsNull() {
		return // set, or known only at apply
	}
	diags.AddAttributeError(path.Root(name), "Missing attribute required by "+integration,
		fmt.Sprintf("%s requires %s to create %s (integration %s's create schema marks it required): set %s.",
			integration, name, article(w.k.noun)+" "+w.k.noun, integration, name))
}

// neverReturned are the kind's stored attributes missing from the integration's response schema
// (none when the schema lists no properties: it then says nothing).
func neverReturned(k *kind, m *truto.MethodMeta) []string {
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

// neverReturnedOf are the attributes of k the integration of ia never returns, from the method's
// meta (asked once per process); nil when Truto cannot say.
func (c *planChecks) neverReturnedOf(ctx context.Context, k *kind, ia, method string) map[string]bool {
	if c == nil {
		return nil
	}
	m, err := c.meta.get(ctx, metaKey{ia, k.coll.Path, method}, func(ctx context.Context) (*truto.MethodMeta, error) {
		return c.client.Meta(ctx, k.coll, ia, method)
	})
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, name := range neverReturned(k, m) {
		out[name] = true
	}
	return out
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
			c.warnOnce(diags, "catalog "+w.ia+" "+w.k.catalog, "Could not check custom_fields",
				fmt.Sprintf("Truto did not give %s's custom-field catalog of %s (%s), so custom_fields was not checked "+
					"at plan.", integration, w.k.plural, briefError(err)))
		}
		return
	}
	if len(defs) == 0 {
		return // an empty catalog says nothing about what the CRM accepts
	}
	for _, problem := range catalogProblems(defs, entries) {
		diags.AddAttributeError(path.Root(customFieldsName), problem.summary,
			fmt.Sprintf("%s (%s's custom-field catalog of %s, entity %q; see the truto_crm_fields data source).",
				problem.detail, integration, w.k.plural, w.k.catalog))
	}
}

// warnOnce adds a warning the first time key is seen in this process.
func (c *planChecks) warnOnce(diags *diag.Diagnostics, key, summary, detail string) {
	if c.first(key) {
		diags.AddWarning(summary, detail)
	}
}

func (c *planChecks) warnOnceAt(diags *diag.Diagnostics, p path.Path, key, summary, detail string) {
	if c.first(key) {
		diags.AddAttributeWarning(p, summary, detail)
	}
}

func (c *planChecks) first(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.said[key] {
		return false
	}
	c.said[key] = true
	return true
}

// topLevel are the distinct first segments of schema paths ("account.id" -> "account"), sorted.
func topLevel(paths []string) []string {
	seen := map[string]bool{}
	for _, p := range paths {
		name, _, _ := strings.Cut(p, ".")
		name, _, _ = strings.Cut(name, "[")
		seen[name] = true
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// briefError is an error for a warning's parenthesis: the API's short form where there is one.
func briefError(err error) string {
	if e, ok := err.(interface{ Brief() string }); ok {
		return e.Brief()
	}
	return err.Error()
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
