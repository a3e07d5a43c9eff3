package record

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

var usPhones = comparing{phoneRegion: "US"}

// phoneList is a list of phone numbers of type work; id "" is null (as configured).
func phoneList(id string, numbers ...string) types.List {
	var its []item
	for _, n := range numbers {
		it := item{"number": types.StringValue(n), "type": types.StringValue("work")}
		if id != "" {
			it["id"] = types.StringValue(id)
		}
		its = append(its, it)
	}
	return phoneSpec.list(its)
}

// A national number the CRM respells ("(555) 010-0100" stored as "5550100100") is one number in
// the provider's region, everywhere lists compare: planning, reading and applying. Without a
// region both are national numbers and compare as text.
func TestPhoneListsCompareInTheRegion(t *testing.T) {
	configured := phoneList("", "(555) 010-0100")
	applied := phoneList("p1", "(555) 010-0100") // the state after the create
	stored := phoneList("p1", "5550100100")
	api := func() []item { return phoneSpec.items(phoneList("p1", "5550100100")) } // afterRead takes the items
	us := phoneSpec.comparedWith(usPhones)

	if phoneSpec.sameUpToOrder(phoneSpec.items(configured), phoneSpec.items(stored)) {
		t.Error("without a region, two national spellings must compare as text (differ)")
	}
	if !us.sameUpToOrder(us.items(configured), us.items(stored)) {
		t.Error("in US, (555) 010-0100 and 5550100100 are one number")
	}
	if got := us.plan(configured, stored, configured); !got.Equal(stored) {
		t.Errorf("in US the plan must keep the state's list, got %s", got)
	}
	if got := phoneSpec.plan(configured, stored, configured); got.Equal(stored) {
		t.Error("without a region the plan must change the list")
	}

	if got := us.afterRead(applied, api(), true); !got.Equal(applied) {
		t.Errorf("in US a read must keep the configured spelling, got %s", got)
	}
	if got := phoneSpec.afterRead(applied, api(), true); !got.Equal(stored) {
		t.Errorf("without a region a read must show the CRM's spelling (drift), got %s", got)
	}

	changed := phoneList("", "(555) 010-0101")
	if us.sameUpToOrder(us.items(changed), us.items(stored)) {
		t.Error("a changed number must differ in US too")
	}
	// After a create, the CRM's item ids are matched to the planned items by content.
	planned := phones([3]string{"?", "(555) 010-0100", "work"}, [3]string{"?", "(555) 010-0199", "work"})
	answer := phoneSpec.items(phoneList("p2", "5550100199"))
	answer = append(answer, phoneSpec.items(phoneList("p1", "5550100100"))...)
	got := us.items(us.afterApply(planned, answer, true))
	if !got[0]["id"].Equal(types.StringValue("p1")) || !got[1]["id"].Equal(types.StringValue("p2")) {
		t.Errorf("in US the CRM's ids go to the same numbers, got %v", got)
	}
}

func TestKindComparedWith(t *testing.T) {
	if accountKind.comparedWith(comparing{}) != accountKind {
		t.Error("no setting: the declared kind itself")
	}
	bound := accountKind.comparedWith(usPhones)
	i := accountKind.index["phone_numbers"]
	if l, ok := bound.fields[i].(*nestedList); !ok || l.spec.cmp != usPhones {
		t.Errorf("the bound kind's phone list must compare under %+v", usPhones)
	}
	if l, ok := accountKind.fields[i].(*nestedList); !ok || l.spec.cmp != (comparing{}) {
		t.Error("binding must not change the declared kind's list")
	}
	if bound.fields[accountKind.index["name"]] != accountKind.fields[accountKind.index["name"]] {
		t.Error("fields that compare under no setting are shared")
	}

	d := &ProviderData{}
	d.SetDefaultPhoneRegion(" us ")
	first := d.kind(accountKind)
	if d.kind(accountKind) != first || first.cmp != usPhones {
		t.Error("a provider binds each kind once, to its region (upper-cased)")
	}
	if (&ProviderData{}).kind(accountKind) != accountKind || (*ProviderData)(nil).kind(accountKind) != accountKind {
		t.Error("a provider without a region, or none configured, uses the declared kind")
	}
}

// The resource's ModifyPlan plans the list again in the region: the schema's plan modifier,
// built without it, planned the configured spelling.
func TestReplanComparedKeepsStateInTheRegion(t *testing.T) {
	configured := phoneList("", "(555) 010-0100")
	stored := phoneList("p1", "5550100100")
	for _, c := range []struct {
		k       *Kind
		changed bool
	}{{accountKind, false}, {accountKind.comparedWith(usPhones), true}} {
		config, plan, state := emptyModel(c.k), emptyModel(c.k), emptyModel(c.k)
		config.set("phone_numbers", configured)
		plan.set("phone_numbers", phoneSpec.plan(configured, stored, configured))
		state.set("phone_numbers", stored)
		if got := c.k.replanCompared(config, plan, state); got != c.changed {
			t.Errorf("region %q: replanCompared = %t, want %t", c.k.cmp.phoneRegion, got, c.changed)
		}
		if got := plan.get("phone_numbers").Equal(stored); got != c.changed {
			t.Errorf("region %q: the planned list is the state's: %t, want %t", c.k.cmp.phoneRegion, got, c.changed)
		}
	}
}
