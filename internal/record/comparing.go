package record

import "github.com/hashicorp/terraform-plugin-framework/attr"

// comparing are the provider settings that decide whether two spellings are one value, as the
// comparison rules of internal/normalize take them. The zero value is no setting: what the rules do
// without one. Fields compare under them only as part of a kind bound to a configured provider
// (Kind.comparedWith, ProviderData.kind); the schema's plan modifiers, built before any provider is
// configured, compare under none, and the resource's ModifyPlan plans again under the provider's.
type comparing struct {
	// phoneRegion is default_phone_region: the ISO 3166 region national phone numbers are read in
	// ("" = none: a number without a country code compares as text, unless the other spelling has one).
	phoneRegion string
}

// comparingField is a field whose values compare under the provider's settings.
type comparingField interface {
	comparedWith(c comparing) field
}

// listReplanner plans a field again under the provider's settings: the schema's plan modifier of
// the field, built without them, may have judged a value changed that they make the same.
type listReplanner interface {
	replan(config, plan, state attr.Value) attr.Value
}

// comparedWith is the kind with its fields comparing under the provider's settings c: the kind
// itself when c sets nothing. Everything else (schema, index, derived types) is shared.
func (k *Kind) comparedWith(c comparing) *Kind {
	if c == (comparing{}) {
		return k
	}
	bound := *k
	bound.cmp = c
	bound.fields = make([]field, len(k.fields))
	for i, f := range k.fields {
		if cf, ok := f.(comparingField); ok {
			f = cf.comparedWith(c)
		}
		bound.fields[i] = f
	}
	return &bound
}

// replanCompared plans the fields again under the provider's settings (see listReplanner); plan is
// changed in place. It reports whether anything changed; a kind not bound to settings has none.
func (k *Kind) replanCompared(config, plan, state model) bool {
	if k.cmp == (comparing{}) {
		return false
	}
	changed := false
	for i, f := range k.fields {
		if p, ok := f.(listReplanner); ok {
			v := p.replan(config.v[i], plan.v[i], state.v[i])
			changed = changed || !v.Equal(plan.v[i])
			plan.v[i] = v
		}
	}
	return changed
}
