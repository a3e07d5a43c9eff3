package record

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An import adopts every custom field on the record into state (so -generate-config-out yields
// them all). A hand-written configuration usually lists only some of them; the others, typically
// set by the CRM itself, must then neither show as drift nor be cleared. Their names are kept in the
// resource's private state until the configuration takes them over or lets them go.

// privateAdoptedCustomFields holds the JSON list of custom field names adopted by an import.
const privateAdoptedCustomFields = "adopted_custom_fields"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// adoptedCustomFields returns the adopted custom field names (none when unset or unreadable).
func adoptedCustomFields(ctx context.Context, p privateGetter) map[string]bool {
	if p == nil {
		return nil
	}
	raw, _ := p.GetKey(ctx, privateAdoptedCustomFields)
	var names []string
	if len(raw) == 0 || json.Unmarshal(raw, &names) != nil {
		return nil
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// setAdoptedCustomFields stores the adopted names that are still in state, or removes the key.
func setAdoptedCustomFields(ctx context.Context, p privateSetter, adopted map[string]bool, state types.Dynamic) diag.Diagnostics {
	entries, _ := customFieldEntries(state)
	var names []string
	for n := range adopted {
		if _, ok := entries[n]; ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return p.SetKey(ctx, privateAdoptedCustomFields, nil)
	}
	sort.Strings(names)
	raw, _ := json.Marshal(names)
	return p.SetKey(ctx, privateAdoptedCustomFields, raw)
}

// droppedAdoptedCustomFields lists adopted fields in state that the plan no longer has.
func droppedAdoptedCustomFields(adopted map[string]bool, plan, state types.Dynamic) []string {
	planned, _ := customFieldEntries(plan)
	current, _ := customFieldEntries(state)
	var dropped []string
	for n := range current {
		if _, kept := planned[n]; !kept && adopted[n] {
			dropped = append(dropped, n)
		}
	}
	sort.Strings(dropped)
	return dropped
}

// adoptedCustomFieldsKeepState plans the state's custom_fields when the configuration lists a subset
// of them with the same values (compared as reads compare them: "10" from the CRM equals 10) and
// every field it leaves out was adopted by an import: nothing changes. Terraform accepts the prior value in place of an equivalent configured one.
type adoptedCustomFieldsKeepState struct{}

var _ planmodifier.Dynamic = adoptedCustomFieldsKeepState{}

func (adoptedCustomFieldsKeepState) Description(context.Context) string {
	return "Custom fields adopted by an import and left out of the configuration are neither diffed nor cleared."
}

func (m adoptedCustomFieldsKeepState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (adoptedCustomFieldsKeepState) PlanModifyDynamic(ctx context.Context, req planmodifier.DynamicRequest, resp *planmodifier.DynamicResponse) {
	if !known(req.ConfigValue) || !known(req.StateValue) || req.ConfigValue.IsUnderlyingValueUnknown() {
		return
	}
	adopted := adoptedCustomFields(ctx, req.Private)
	if len(adopted) == 0 {
		return
	}
	config, err1 := customFieldEntries(req.ConfigValue)
	state, err2 := customFieldEntries(req.StateValue)
	if err1 != nil || err2 != nil {
		return
	}
	for k, v := range config {
		if sv, ok := state[k]; !ok || !equalAsRead(v, sv) {
			return
		}
	}
	for k := range state {
		if _, inConfig := config[k]; !inConfig && !adopted[k] {
			return
		}
	}
	resp.PlanValue = req.StateValue
}

func adoptedWarning(dropped []string) string {
	return "These custom fields were adopted by an import and are no longer listed in custom_fields: " +
		strings.Join(dropped, ", ") + ". Terraform stops managing them and leaves them unchanged in the CRM " +
		"(the plan shows them leaving state)."
}
