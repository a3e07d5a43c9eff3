package record

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Nested list attributes (addresses, phone numbers, email addresses, a deal's contacts ...) hold
// objects whose attributes are all strings and whose names are Truto's JSON field names. That lets
// one small, generic piece of code map every one of them between Terraform values and the API,
// with one listSpec per kind of item.

// item is one list element: attribute name -> types.String (possibly null or unknown).
type item map[string]attr.Value

// itemAttr is one attribute of a list item.
type itemAttr struct {
	name string
	docs
	required bool // the configuration must set it (a phone's number)
	// crmID: the CRM assigns it (computed, never sent). userID: an id the configuration may set to
	// point at an existing CRM object (a tag), or leave to the CRM. Either is the item's id.
	crmID, userID bool
	// same compares two known values the way the CRM may respell them (a lowercased email, a
	// reformatted phone number), under the provider's settings; nil compares exactly.
	same       func(a, b string, c comparing) bool
	validators []validator.String
}

// listSpec describes one kind of list item.
type listSpec struct {
	noun  string // one item, for the description of its CRM id ("address")
	attrs []string
	spec  map[string]itemAttr
	// idAttr is the id attribute ("" when items have none). A CRM-assigned id is never compared
	// when deciding whether a list changed; either kind is used to keep the CRM's order from
	// causing diffs.
	idAttr string
	// sendID: the id is the user's to set (a tag id names an existing CRM tag), so it is sent.
	sendID bool
	// needsOneOf: an item must set at least one of these attributes.
	needsOneOf []string
	// cmp are the provider settings values are compared under (see comparedWith).
	cmp comparing
}

// comparedWith is the spec comparing values under the provider's settings c.
func (s listSpec) comparedWith(c comparing) listSpec {
	s.cmp = c
	return s
}

// NewListSpec builds a spec from its item attributes, in schema order.
func NewListSpec(noun string, attrs ...itemAttr) listSpec {
	s := listSpec{noun: noun, spec: map[string]itemAttr{}}
	for _, a := range attrs {
		s.attrs = append(s.attrs, a.name)
		s.spec[a.name] = a
		if a.crmID || a.userID {
			s.idAttr, s.sendID = a.name, a.userID
		}
	}
	return s
}

// equal compares two values of one attribute the way the CRM stores them.
func (s listSpec) equal(name string, a, b attr.Value) bool {
	if same := s.spec[name].same; same != nil {
		as, aok := a.(types.String)
		bs, bok := b.(types.String)
		if aok && bok && known(as) && known(bs) {
			return same(as.ValueString(), bs.ValueString(), s.cmp)
		}
	}
	return a.Equal(b)
}

func (s listSpec) resourceAttributes() map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(s.attrs))
	for _, name := range s.attrs {
		a := s.spec[name]
		switch {
		case a.crmID:
			out[name] = rschema.StringAttribute{MarkdownDescription: "The CRM's id of this " + s.noun + ".", Computed: true}
		case a.required:
			out[name] = rschema.StringAttribute{
				MarkdownDescription: a.input(),
				Required:            true,
				Validators:          append([]validator.String{stringvalidator.LengthAtLeast(1)}, a.validators...),
			}
		default:
			out[name] = rschema.StringAttribute{MarkdownDescription: a.input(), Optional: true, Computed: true, Validators: a.validators}
		}
	}
	return out
}

func (s listSpec) dataAttributes() map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(s.attrs))
	for _, name := range s.attrs {
		doc := s.spec[name].doc
		if s.spec[name].crmID {
			doc = "The CRM's id of this " + s.noun + "."
		}
		out[name] = dschema.StringAttribute{MarkdownDescription: doc, Computed: true}
	}
	return out
}

func (s listSpec) objectType() types.ObjectType {
	t := make(map[string]attr.Type, len(s.attrs))
	for _, a := range s.attrs {
		t[a] = types.StringType
	}
	return types.ObjectType{AttrTypes: t}
}

// items returns the elements of a known list. Null or unknown lists give nil.
func (s listSpec) items(l types.List) []item {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	out := make([]item, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			out = append(out, s.unknownItem())
			continue
		}
		out = append(out, item(obj.Attributes()))
	}
	return out
}

func (s listSpec) unknownItem() item {
	it := make(item, len(s.attrs))
	for _, a := range s.attrs {
		it[a] = types.StringUnknown()
	}
	return it
}

// list builds a list value from items; missing attributes become null.
func (s listSpec) list(items []item) types.List {
	objType := s.objectType()
	elems := make([]attr.Value, 0, len(items))
	for _, it := range items {
		vals := make(map[string]attr.Value, len(s.attrs))
		for _, a := range s.attrs {
			v, ok := it[a]
			if !ok || v == nil {
				v = types.StringNull()
			}
			vals[a] = v
		}
		elems = append(elems, types.ObjectValueMust(objType.AttrTypes, vals))
	}
	return types.ListValueMust(objType, elems)
}

// fromJSON reads the API's list. present is false when the field is absent, null, or not a list of
// objects. Values are read leniently (a CRM may send an id as a number).
func (s listSpec) fromJSON(raw json.RawMessage, present bool) ([]item, bool) {
	if !present {
		return nil, false
	}
	objs, ok := truto.ObjectList(raw)
	if !ok {
		return nil, false
	}
	out := make([]item, 0, len(objs))
	for _, o := range objs {
		it := make(item, len(s.attrs))
		for _, a := range s.attrs {
			it[a] = types.StringNull()
			if v, ok := truto.MemberString(o, a); ok {
				it[a] = types.StringValue(v)
			}
		}
		out = append(out, it)
	}
	return out, true
}

// toJSON renders planned items as a request list: known, non-null attributes only, CRM ids left
// out (lists are sent whole; the CRM assigns ids). An empty list is [] (which clears), not null.
func (s listSpec) toJSON(items []item) (json.RawMessage, error) {
	objs := make([]map[string]string, 0, len(items))
	for _, it := range items {
		o := map[string]string{}
		for _, a := range s.attrs {
			if a == s.idAttr && !s.sendID {
				continue
			}
			if sv, ok := it[a].(types.String); ok && known(sv) {
				o[a] = sv.ValueString()
			}
		}
		objs = append(objs, o)
	}
	return json.Marshal(objs)
}

// sameUpToOrder reports whether config and prior hold the same items, in any order: each config
// item pairs with a distinct prior item whose values equal its configured attributes (see
// configuredIn). Pairs are found by augmenting paths, so a configured item that could match
// several prior items does not take the one another item needs.
func (s listSpec) sameUpToOrder(config, prior []item) bool {
	if len(config) != len(prior) {
		return false
	}
	owner := make([]int, len(prior)) // owner[j]: the config item paired with prior[j], or -1
	for j := range owner {
		owner[j] = -1
	}
	var pair func(i int, seen []bool) bool
	pair = func(i int, seen []bool) bool {
		for j := range prior {
			if !seen[j] && s.configuredIn(config[i], prior[j]) {
				seen[j] = true
				if owner[j] < 0 || pair(owner[j], seen) {
					owner[j] = i
					return true
				}
			}
		}
		return false
	}
	for i := range config {
		if !pair(i, make([]bool, len(prior))) {
			return false
		}
	}
	return true
}

// configuredIn reports whether every configured (non-null) attribute of the config item c equals
// the prior item p's, compared as the CRM stores it (a configured "" also matches a null). An
// unset attribute is the CRM's to fill, and a CRM-assigned id is never configured, so neither
// counts. A value known only at apply matches nothing.
func (s listSpec) configuredIn(c, p item) bool {
	for _, a := range s.attrs {
		cv := c[a]
		if cv == nil || cv.IsNull() {
			continue
		}
		if cv.IsUnknown() || !s.equal(a, cv, normalizeEmpty(p[a], cv)) {
			return false
		}
	}
	return true
}

// normalizeEmpty maps a null prior value to "" when the wanted value is "": a CRM may return a
// cleared string as null or leave it out, and that must not show as a difference.
func normalizeEmpty(got, want attr.Value) attr.Value {
	if w, ok := want.(types.String); ok && w.ValueString() == "" && !w.IsNull() && !w.IsUnknown() {
		if got == nil || got.IsNull() {
			return types.StringValue("")
		}
	}
	if got == nil {
		return types.StringNull()
	}
	return got
}

// afterApply builds the state of a list after create or update. Planned known values are kept (the
// response may be partial, and Terraform requires applied values to match the plan); unknown values
// (CRM ids, attributes the configuration leaves unset) come from the response item that matches the
// planned item's known attributes (a CRM may answer in another order), else from the item at the same
// position, else null.
func (s listSpec) afterApply(planned types.List, api []item, apiPresent bool) types.List {
	if planned.IsUnknown() {
		if !apiPresent {
			return types.ListNull(s.objectType())
		}
		return s.list(api)
	}
	if planned.IsNull() {
		return planned
	}
	plannedItems := s.items(planned)
	match := s.matchItems(plannedItems, api, s.sameKnown)
	out := make([]item, len(plannedItems))
	for i, p := range plannedItems {
		var from item
		if match[i] >= 0 {
			from = api[match[i]]
		}
		out[i] = make(item, len(s.attrs))
		for _, a := range s.attrs {
			v := p[a]
			if v == nil || v.IsUnknown() {
				v = types.StringNull()
				if from != nil && from[a] != nil {
					v = from[a]
				}
			}
			out[i][a] = v
		}
	}
	return s.list(out)
}

// sameKnown reports whether every known, non-null attribute of the planned item p equals a's (a
// configured "" also matches a null).
func (s listSpec) sameKnown(p, a item) bool {
	for _, name := range s.attrs {
		pv := p[name]
		if pv == nil || pv.IsNull() || pv.IsUnknown() {
			continue
		}
		if !s.equal(name, pv, normalizeEmpty(a[name], pv)) {
			return false
		}
	}
	return true
}

// afterRead builds the state of a list from a read. The CRM's values win (that is how drift shows),
// but three things that are not drift are smoothed over: a CRM that reorders items (items are put
// back in the prior order, matched by id), a cleared string the CRM returns as null, and an empty
// list the CRM leaves out.
func (s listSpec) afterRead(prior types.List, api []item, apiPresent bool) types.List {
	if !apiPresent {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.ListNull(s.objectType())
	}
	priorItems := s.items(prior)
	ordered := s.alignByID(priorItems, api)
	for i := range ordered {
		if i >= len(priorItems) {
			break
		}
		for _, a := range s.attrs {
			got := normalizeEmpty(ordered[i][a], priorItems[i][a])
			if p := priorItems[i][a]; p != nil && known(p) && known(got) && s.equal(a, p, got) {
				got = p // the CRM's spelling of the same value (a lowercased email) is not drift
			}
			ordered[i][a] = got
		}
	}
	return s.list(ordered)
}

// alignByID orders api items like prior items: first where both carry the same CRM id, then where
// an item's non-id attributes all match. Unmatched api items keep their API order after them. So a
// CRM that returns items in another order (with or without ids) causes no diff.
func (s listSpec) alignByID(prior, api []item) []item {
	if len(prior) == 0 || len(api) == 0 {
		return api
	}
	var passes []func(p, a item) bool
	if s.idAttr != "" {
		passes = append(passes, func(p, a item) bool {
			return known(orNull(p[s.idAttr])) && p[s.idAttr].Equal(a[s.idAttr])
		})
	}
	passes = append(passes, func(p, a item) bool {
		for _, name := range s.attrs {
			if name != s.idAttr && !s.equal(name, orNull(p[name]), orNull(a[name])) {
				return false
			}
		}
		return true
	})
	match := s.matchItems(prior, api, passes...)
	used := make([]bool, len(api))
	out := make([]item, 0, len(api))
	for _, j := range match {
		if j >= 0 && !used[j] {
			used[j] = true
			out = append(out, api[j])
		}
	}
	for j, a := range api {
		if !used[j] {
			out = append(out, a)
		}
	}
	return out
}

// matchItems pairs each of want with a distinct item of got: by each pass in turn, then by position
// among what is left. The result holds, for each want item, the index in got or -1.
func (s listSpec) matchItems(want, got []item, passes ...func(w, g item) bool) []int {
	match := make([]int, len(want))
	used := make([]bool, len(got))
	for i := range match {
		match[i] = -1
	}
	for _, same := range passes {
		for i, w := range want {
			if match[i] >= 0 {
				continue
			}
			for j, g := range got {
				if !used[j] && same(w, g) {
					match[i], used[j] = j, true
					break
				}
			}
		}
	}
	for i := range want {
		if match[i] < 0 && i < len(got) && !used[i] {
			match[i], used[i] = i, true
		}
	}
	return match
}

func orNull(v attr.Value) attr.Value {
	if v == nil {
		return types.StringNull()
	}
	return v
}

// keepUnchangedList is the plan modifier of every nested list attribute. Unset in configuration,
// the list is unmanaged and keeps its state value, null included (see keepStateWhenUnset). Set, and
// its items the state's in any order (sameUpToOrder), the planned list is the state's, so CRM ids and
// CRM-filled attributes do not turn into "(known after apply)". When the list really changes, it is
// planned (and sent) in the configuration's order, and the CRM may assign new ids, so those stay
// unknown.
type keepUnchangedList struct{ spec listSpec }

func (m keepUnchangedList) Description(context.Context) string {
	return "Keeps the prior list, CRM-assigned ids included, while its configured attributes are unchanged."
}

func (m keepUnchangedList) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m keepUnchangedList) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	resp.PlanValue = m.spec.plan(req.ConfigValue, req.StateValue, req.PlanValue)
}

// plan is the planned list of an existing resource (see keepUnchangedList), from its configured,
// prior and proposed values.
func (s listSpec) plan(configValue, stateValue, planValue types.List) types.List {
	if configValue.IsUnknown() {
		return planValue
	}
	if configValue.IsNull() {
		return stateValue // unmanaged: the state's value, null included
	}
	if stateValue.IsNull() {
		return planValue
	}
	config, state := s.items(configValue), s.items(stateValue)
	if s.sameUpToOrder(config, state) {
		// The state's list exactly, in its order and spelling: Terraform accepts a planned value
		// equal to the prior state in place of a configured value the provider judges equivalent
		// (assertPlannedValueValid in Terraform's internal/plans/objchange/plan_valid.go), where
		// anything else is checked item by item against the configuration at the same index. So
		// an import, whose state has the CRM's order, plans no change under a configuration that
		// lists the same items in another order or spelling.
		return stateValue
	}
	if !planValue.IsUnknown() && !planValue.IsNull() && !s.anyUnknown(config) {
		return s.list(s.carryOver(s.items(planValue), config, state))
	}
	return planValue
}

// anyUnknown reports whether a configured item holds a value known only at apply. Such a list is
// planned without carry-over: whether an item matches a state item can change once the value is
// known, and Terraform requires the final plan to agree with every value planned as known, so the
// attributes the configuration leaves unset stay unknown (the final plan, made with the value known,
// may still carry them over).
func (s listSpec) anyUnknown(items []item) bool {
	for _, it := range items {
		for _, a := range s.attrs {
			if v := it[a]; v != nil && v.IsUnknown() {
				return true
			}
		}
	}
	return false
}

// carryOver fills, in a changed list, the attributes the configuration leaves unset from the state
// item the configured attributes match. The list is sent whole, so this keeps what the CRM set on
// items that did not change (an address type, say) instead of sending them without it. CRM-assigned
// ids stay unknown: the CRM may assign new ones when the list is replaced.
func (s listSpec) carryOver(plan, config, state []item) []item {
	match := s.matchItems(config, state, s.sameKnown)
	for i := range plan {
		if i >= len(config) || match[i] < 0 || !s.sameKnown(config[i], state[match[i]]) {
			continue // matched by position only: not the same item
		}
		for _, a := range s.attrs {
			if a == s.idAttr && !s.sendID {
				continue
			}
			if cv := config[i][a]; (cv == nil || cv.IsNull()) && plan[i][a] != nil && plan[i][a].IsUnknown() {
				plan[i][a] = state[match[i]][a]
			}
		}
	}
	return plan
}
