package record

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Fields the integration cannot write: an attribute whose top-level property the integration's
// request_body_schema of create (or update) lacks would be dropped by the CRM, and where the
// integration reads it back every plan would show the same diff. unsupported_fields says what to do:
// fail the plan (the default), leave the attribute out of the request and keep it in state as
// configured (its names kept in private state, so reads never show it as drift), or send it anyway
// (for an integration whose meta is known to be incomplete). Custom fields are the catalog's.

const (
	unsupportedFieldsName = "unsupported_fields"
	UnsupportedError      = "error"
	UnsupportedSkip       = "skip"
	UnsupportedSend       = "send"
	// privateSkippedFields holds the JSON list of attributes left out of a write under "skip".
	privateSkippedFields = "unsupported_fields_skipped"
)

// UnsupportedFieldsModes are unsupported_fields' values, the default first.
var UnsupportedFieldsModes = []string{UnsupportedError, UnsupportedSkip, UnsupportedSend}

// UnsupportedFieldsDoc describes the setting (the provider's attribute and the resources').
const UnsupportedFieldsDoc = "What to do with a configured attribute the connected integration cannot write (its " +
	"top-level property is missing from the integration's `request_body_schema` of create or update, per Truto's meta, " +
	"and that schema does not say `additionalProperties: true`): " +
	"`error` fails the plan naming the attribute, before anything is sent; `skip` leaves it out of the request with " +
	"one warning per kind and attribute, keeps it in state as configured and never shows it as drift; `send` sends it " +
	"anyway, unchecked (for an integration whose meta is known to be incomplete). A create that `adopt_by` adopts is " +
	"checked as the update it sends (the configured attributes that differ from the record); one whose `adopt_by` " +
	"values are known only at apply, against both schemas. `custom_fields` are checked against " +
	"the custom-field catalog instead. Nothing is checked when Truto cannot give the meta (the plan warns) or with " +
	"`capability_checks = false`."

// unsupportedFieldsField is a resource's own unsupported_fields (null: the provider's).
type unsupportedFieldsField struct{ base }

func (unsupportedFieldsField) resourceAttribute(*Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: UnsupportedFieldsDoc + " Defaults to the provider's `unsupported_fields` (itself `error` by default).",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.OneOf(UnsupportedFieldsModes...)},
	}
}

// unsupportedMode is the mode of a write: the resource's setting, else the provider's, else error.
func (d *ProviderData) unsupportedMode(attrs map[string]tftypes.Value) string {
	if own := configString(attrs, unsupportedFieldsName); own != "" {
		return own
	}
	if d != nil && d.unsupportedFields != "" {
		return d.unsupportedFields
	}
	return UnsupportedError
}

// SetUnsupportedFields sets the provider's unsupported_fields ("" = error).
func (d *ProviderData) SetUnsupportedFields(mode string) { d.unsupportedFields = mode }

// sends reports whether the write sends the attribute: configured (not null) and, on update,
// in its body when that is known, else planned to change.
func (w plannedWrite) sends(name string) bool {
	v, ok := w.config[name]
	switch {
	case !ok || v.IsNull():
		return false
	case w.method != "update":
		return true
	case w.sent != nil:
		return w.sent[name]
	}
	return !w.plan[name].Equal(w.prior[name])
}

// unwritable are the attributes w sends whose top-level property the method's request schema
// lacks; none when the schema lists no properties (it then says nothing), and none when it says
// additionalProperties: true (an attribute it does not list is then not known to be dropped).
//
// additionalProperties false or absent: the listed properties are all the integration writes.
// Absent is read so, not as JSON Schema's default (true), because Truto's meta is the account's
// authoritative schema of what its mapping writes (reference §12), the emulator never sends the key,
// and reading absent as true would turn the check off for every integration that leaves it out.
func unwritable(w plannedWrite, m *truto.MethodMeta) []string {
	if m == nil || m.RequestBody == nil || len(m.RequestBody.Properties) == 0 || m.RequestBody.AllowsUnlisted() {
		return nil
	}
	var out []string
	for _, f := range w.k.fields {
		if s, ok := f.(sentField); !ok || !s.sent() {
			continue
		}
		switch f.name() {
		case remoteDataName, remoteQueryName, customFieldsName:
			continue // passed through as they are, or governed by the catalog
		}
		if _, ok := m.RequestBody.Properties[f.name()]; !ok && w.sends(f.name()) {
			out = append(out, f.name())
		}
	}
	return out
}

// checkUnwritable reports the attributes of w the integration cannot write, per unsupported_fields.
func (c *planChecks) checkUnwritable(integration string, w plannedWrite, m *truto.MethodMeta, diags *diag.Diagnostics) {
	if w.unsupported == UnsupportedSend {
		return
	}
	for _, name := range unwritable(w, m) {
		summary := fmt.Sprintf("%s cannot write %s on %s (%s)", integration, name, w.k.plural, w.method)
		if w.unsupported == UnsupportedSkip {
			c.warnOnce(diags, path.Root(name), "unsupported "+w.k.plural+" "+name, summary,
				fmt.Sprintf("%s's %s schema of %s has no %s, so it is not sent (unsupported_fields = \"skip\"); it is kept in "+
					"state as configured and not compared with the CRM.", integration, w.method, w.k.plural, name))
			continue
		}
		diags.AddAttributeError(path.Root(name), summary,
			fmt.Sprintf("%s's %s schema of %s (Truto's meta) has no %s: the CRM would drop it. Nothing was sent. Remove the "+
				"attribute, or set unsupported_fields = \"skip\" (on this resource or in the provider block) to keep it in "+
				"the configuration without sending it.", integration, w.method, w.k.plural, name))
	}
}

// checkUnwritableOf is checkUnwritable alone, for a write the plan may make besides the one it
// checks in full (a create whose adopt_by is looked up only at apply may update instead).
func (c *planChecks) checkUnwritableOf(ctx context.Context, w plannedWrite, diags *diag.Diagnostics) {
	if c == nil || w.ia == "" || w.unsupported == UnsupportedSend {
		return
	}
	caps, ok := c.capabilitiesOf(ctx, w.ia, diags)
	if !ok {
		return
	}
	if m, err := c.metaOf(ctx, w.k, w.ia, w.method); err == nil {
		c.checkUnwritable(caps.DisplayName(), w, m, diags)
	}
}

// refuseUnwritable fails, under unsupported_fields = "error", an apply whose write the plan could
// not check as it is sent (an adopting update of the record the apply found), before anything is
// sent; false when it did. The errors are the plan's.
func (c *planChecks) refuseUnwritable(ctx context.Context, w plannedWrite, diags *diag.Diagnostics) bool {
	if w.unsupported != UnsupportedError {
		return true
	}
	c.checkUnwritableOf(ctx, w, diags)
	return !diags.HasError()
}

// skipped are the attributes an apply leaves out of w under unsupported_fields = "skip": those the
// method's schema lacks, from the meta this process asked when it planned (none when Truto does not
// give it, as the plan then checked nothing).
func (c *planChecks) skipped(ctx context.Context, w plannedWrite) []string {
	if c == nil || w.ia == "" || w.unsupported != UnsupportedSkip {
		return nil
	}
	m, err := c.metaOf(ctx, w.k, w.ia, w.method)
	if err != nil {
		return nil
	}
	return unwritable(w, m)
}

// withoutSkipped is what a write sends: m with each skipped attribute as base holds it (null on
// create, the state's value on update, so neither body carries it).
func withoutSkipped(m model, skipped []string, base func(i int) attr.Value) model {
	if len(skipped) == 0 {
		return m
	}
	out := m.with()
	for _, name := range skipped {
		i := m.k.index[name]
		out.v[i] = base(i)
	}
	return out
}

// null is the null value of the kind's i-th attribute.
func (k *Kind) null(i int) attr.Value {
	ctx := context.Background()
	v, _ := k.attrTypes[i].ValueFromTerraform(ctx, tftypes.NewValue(k.attrTypes[i].TerraformType(ctx), nil))
	return v
}

// skippedFields are the attribute names private state says were skipped.
func skippedFields(ctx context.Context, p privateGetter) []string {
	if p == nil {
		return nil
	}
	raw, _ := p.GetKey(ctx, privateSkippedFields)
	var names []string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &names)
	}
	return names
}

// setSkippedFields stores names (sorted, without duplicates), or removes the key when none.
func setSkippedFields(ctx context.Context, p privateSetter, names []string) diag.Diagnostics {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	if len(set) == 0 {
		return p.SetKey(ctx, privateSkippedFields, nil)
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	raw, _ := json.Marshal(out)
	return p.SetKey(ctx, privateSkippedFields, raw)
}

// keepSkipped keeps the prior value of attributes a write skipped: the CRM does not hold them, so
// what it answers (nothing, or its own value) is not drift.
func keepSkipped(prior model, names []string, state *model) {
	for _, name := range names {
		if i, ok := prior.k.index[name]; ok {
			state.v[i] = prior.v[i]
		}
	}
}

// attrsOf are the attributes of a raw object value (nil when it is not one).
func attrsOf(v tftypes.Value) map[string]tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.As(&attrs) != nil {
		return nil
	}
	return attrs
}
