package record

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The plan-time checks and truto_crm_field. A field this process creates, changes or deletes drops
// the cached catalog of its entity, so records planned later in the same run (Terraform plans each
// resource again just before applying it) are judged against the catalog as it now is. A field
// the configuration declares is known to the custom_fields check of the records planned after it:
// Terraform plans a resource after every resource it depends on, so a record that references the
// field or names it in depends_on sees it. Its key and its options then pass at plan, as the apply
// will create them first.

// plannedFieldWrite is a planned create or update of a field definition (method "": a change of
// deletion_policy alone, which sends nothing).
type plannedFieldWrite struct {
	ia, method string
	nameSet    bool // the configuration sets name
	deleteKept bool // deletion_policy is "delete"
}

// checkField checks a field write against the account: the integration writes fields (and deletes
// them, when deletion_policy says it will), and a create that leaves name to the CRM is one the
// integration's create schema does not require name for.
func (c *planChecks) checkField(ctx context.Context, k *Kind, w plannedFieldWrite, diags *diag.Diagnostics) {
	if c == nil || w.ia == "" {
		return
	}
	caps, ok := c.capabilitiesOf(ctx, w.ia, diags)
	if !ok || (w.method != "" && !c.checkCapabilities(caps, plannedWrite{k: k, ia: w.ia, method: w.method}, diags)) {
		return
	}
	integration := caps.DisplayName()
	if supported, known := caps.Supports(k.coll.Plural(), "delete"); w.deleteKept && known && !supported {
		diags.AddAttributeError(path.Root(deletionPolicyName), integration+" cannot delete fields",
			fmt.Sprintf("%s does not support delete on fields (integrated account %q, per Truto's capabilities), so "+
				"deletion_policy = %q could never be carried out. Remove it: the default, %q, only forgets the field "+
				"on destroy, and it stays in the CRM with its values.", integration, w.ia, deletionPolicyDelete, deletionPolicyAbandon))
	}
	if w.method != "create" || w.nameSet {
		return
	}
	m, err := c.metaOf(ctx, k, w.ia, "create")
	if err != nil || m == nil || m.RequestBody == nil {
		return // nothing known: the CRM says at apply
	}
	if prop := m.RequestBody.Properties[fieldNameName]; prop != nil && prop.Required {
		diags.AddAttributeError(path.Root(fieldNameName), "Missing attribute required by "+integration,
			fmt.Sprintf("%s requires name to create a field (its create schema marks it required; other CRMs derive "+
				"it from the label): set name, the key records will use in custom_fields.", integration))
	}
}

// forgetCatalog drops the cached catalog of one entity after a write to its fields.
func (c *planChecks) forgetCatalog(ia, entity string) {
	if c == nil {
		return
	}
	c.catalog.forget(catalogKey{ia, entity})
}

// planField records a field definition a truto_crm_field plans (its name known), for the catalog
// check of the records planned after it in this process.
func (c *planChecks) planField(ia, entity string, def truto.FieldDefinition) {
	if c == nil || ia == "" || entity == "" || def.Name == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.planned == nil {
		c.planned = map[catalogKey]map[string]truto.FieldDefinition{}
	}
	key := catalogKey{ia, entity}
	if c.planned[key] == nil {
		c.planned[key] = map[string]truto.FieldDefinition{}
	}
	c.planned[key][def.Name] = def
}

// withPlanned is the catalog defs with the fields this process planned for the entity: a new name
// is added, a known one takes the planned type and the options of both (a record may use an option
// the apply adds, and one the CRM still has until then).
func (c *planChecks) withPlanned(ia, entity string, defs []truto.FieldDefinition) []truto.FieldDefinition {
	c.mu.Lock()
	planned := maps.Clone(c.planned[catalogKey{ia, entity}]) // planField writes the map while other resources plan
	c.mu.Unlock()
	if len(planned) == 0 {
		return defs
	}
	out := slices.Clone(defs)
	names := make([]string, 0, len(planned))
	for name := range planned {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := planned[name]
		i := slices.IndexFunc(out, func(d truto.FieldDefinition) bool { return d.Name == name })
		if i < 0 {
			out = append(out, p)
			continue
		}
		merged := out[i]
		if p.Type != "" {
			merged.Type = p.Type
		}
		merged.Options = slices.Clone(merged.Options)
		for _, o := range p.Options {
			if !slices.ContainsFunc(merged.Options, func(m truto.FieldOption) bool { return m.Value == o.Value }) {
				merged.Options = append(merged.Options, o)
			}
		}
		out[i] = merged
	}
	return out
}

// plannedFieldAdvice says how a record uses a field the same configuration creates.
func plannedFieldAdvice(entity string) string {
	return fmt.Sprintf("If a truto_crm_field of this configuration creates it (entity %q), use its name as the key, "+
		"custom_fields = { (truto_crm_field.<name>.name) = ... }, or set name on the field to this key and add "+
		"depends_on = [truto_crm_field.<name>] to this resource, so the field is planned first.", entity)
}

// fieldFlagNames are the flags' body names of a field create or update, from the method's meta
// (asked once per process with the checks on, else on each call); the defaults when Truto does
// not give it.
func (c *planChecks) fieldFlagNames(ctx context.Context, client *truto.Client, k *Kind, ia, method string) truto.FieldFlagNames {
	var m *truto.MethodMeta
	var err error
	if c != nil {
		m, err = c.metaOf(ctx, k, ia, method)
	} else {
		m, err = client.FieldMeta(ctx, ia, method)
	}
	if err != nil || m == nil {
		return truto.FieldFlagNamesFrom(nil)
	}
	return truto.FieldFlagNamesFrom(m.RequestBody)
}
