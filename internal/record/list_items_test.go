package record

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func urls(pairs ...[2]string) []item {
	var out []item
	for _, p := range pairs {
		out = append(out, item{"url": types.StringValue(p[0]), "type": types.StringValue(p[1])})
	}
	return out
}

func TestAfterReadKeepsPriorOrderWithoutIDs(t *testing.T) {
	prior := urlSpec.list(urls([2]string{"https://b", "blog"}, [2]string{"https://a", "home"}))
	api := urls([2]string{"https://a", "home"}, [2]string{"https://b", "blog"})
	if got := urlSpec.afterRead(prior, api, true); !got.Equal(prior) {
		t.Errorf("a reordered list must read back in prior order:\n got %s\nwant %s", got, prior)
	}
	changed := urls([2]string{"https://a", "home"}, [2]string{"https://c", "blog"})
	got := urlSpec.items(urlSpec.afterRead(prior, changed, true))
	if !got[0]["url"].Equal(types.StringValue("https://a")) || !got[1]["url"].Equal(types.StringValue("https://c")) {
		t.Errorf("a real change must show: got %v", got)
	}
}

func TestAfterReadEmptyListAndNulls(t *testing.T) {
	empty := urlSpec.list(nil)
	if got := urlSpec.afterRead(empty, nil, false); !got.Equal(empty) {
		t.Errorf("an empty list the CRM leaves out stays [], got %s", got)
	}
	prior := urlSpec.list(urls([2]string{"https://a", ""}))
	api := []item{{"url": types.StringValue("https://a"), "type": types.StringNull()}}
	if got := urlSpec.afterRead(prior, api, true); !got.Equal(prior) {
		t.Errorf("a configured \"\" the CRM returns as null stays \"\": got %s", got)
	}
	if got := urlSpec.afterRead(prior, nil, false); !got.IsNull() {
		t.Errorf("a list the CRM no longer has reads as null (drift), got %s", got)
	}
}

func TestSameConfiguredIgnoresCRMIDsAndUnsetAttributes(t *testing.T) {
	state := []item{{"id": types.StringValue("p1"), "number": types.StringValue("+1"), "extension": types.StringNull(), "type": types.StringValue("work")}}
	config := []item{{"id": types.StringNull(), "number": types.StringValue("+1"), "extension": types.StringNull(), "type": types.StringNull()}}
	if !phoneSpec.sameUpToOrder(config, state) {
		t.Error("a list whose configured attributes match must count as unchanged")
	}
	config[0]["number"] = types.StringValue("+2")
	if phoneSpec.sameUpToOrder(config, state) {
		t.Error("a changed number must count as a change")
	}
}

// A CRM that answers a create with the items in another order must not give one item another's id.
func TestAfterApplyMatchesResponseItemsByContent(t *testing.T) {
	planned := addressSpec.list([]item{
		{"id": types.StringUnknown(), "city": types.StringValue("Paris"), "type": types.StringUnknown()},
		{"id": types.StringUnknown(), "city": types.StringValue("Berlin"), "type": types.StringValue("shipping")},
	})
	api := []item{
		{"id": types.StringValue("a2"), "city": types.StringValue("Berlin"), "type": types.StringValue("shipping")},
		{"id": types.StringValue("a1"), "city": types.StringValue("Paris"), "type": types.StringValue("billing")},
	}
	got := addressSpec.items(addressSpec.afterApply(planned, api, true))
	if !got[0]["id"].Equal(types.StringValue("a1")) || !got[0]["type"].Equal(types.StringValue("billing")) {
		t.Errorf("Paris got %s/%s, want a1/billing", got[0]["id"], got[0]["type"])
	}
	if !got[1]["id"].Equal(types.StringValue("a2")) {
		t.Errorf("Berlin got id %s, want a2", got[1]["id"])
	}
}

func TestCarryOverKeepsCRMValuesOfUnchangedItems(t *testing.T) {
	state := []item{
		{"id": types.StringValue("a1"), "city": types.StringValue("Paris"), "type": types.StringValue("billing")},
	}
	config := []item{
		{"id": types.StringNull(), "city": types.StringValue("Berlin"), "type": types.StringNull()},
		{"id": types.StringNull(), "city": types.StringValue("Paris"), "type": types.StringNull()},
	}
	plan := []item{
		{"id": types.StringUnknown(), "city": types.StringValue("Berlin"), "type": types.StringUnknown()},
		{"id": types.StringUnknown(), "city": types.StringValue("Paris"), "type": types.StringUnknown()},
	}
	got := addressSpec.carryOver(plan, config, state)
	if !got[1]["type"].Equal(types.StringValue("billing")) {
		t.Errorf("the unchanged Paris address must keep its CRM type, got %s", got[1]["type"])
	}
	if !got[1]["id"].IsUnknown() {
		t.Errorf("CRM ids stay unknown in a changed list, got %s", got[1]["id"])
	}
	if !got[0]["type"].IsUnknown() {
		t.Errorf("a new item has nothing to carry over, got %s", got[0]["type"])
	}
}

func TestSameUpToOrder(t *testing.T) {
	s := types.StringValue
	null, unknown := types.StringNull(), types.StringUnknown()
	phone := func(id, number, typ types.String) item {
		return item{"id": id, "number": number, "extension": null, "type": typ}
	}
	ref := func(id string) item { return item{"id": s(id)} }
	tag := func(id, name types.String) item { return item{"id": id, "name": name} }
	email := func(e string) item { return item{"id": null, "email": s(e), "type": null} }
	tests := []struct {
		name          string
		spec          listSpec
		config, prior []item
		same          bool
	}{
		{"phones reordered, CRM ids and unset types ignored", phoneSpec,
			[]item{phone(null, s("+2"), null), phone(null, s("+1"), s("work"))},
			[]item{phone(s("p1"), s("+1"), s("work")), phone(s("p2"), s("+2"), s("mobile"))}, true},
		{"phones respelled by the CRM (E.164) and reordered", phoneSpec,
			[]item{phone(null, s("+1 (415) 555-0101"), null), phone(null, s("+1 415 555 0100"), null)},
			[]item{phone(s("p1"), s("+14155550100"), null), phone(s("p2"), s("+14155550101"), null)}, true},
		{"phone number changed", phoneSpec,
			[]item{phone(null, s("+3"), null), phone(null, s("+1"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, false},
		{"phone type changed", phoneSpec,
			[]item{phone(null, s("+2"), s("fax")), phone(null, s("+1"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), s("mobile"))}, false},
		{"phone added", phoneSpec,
			[]item{phone(null, s("+2"), null), phone(null, s("+1"), null), phone(null, s("+3"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, false},
		{"phone removed", phoneSpec,
			[]item{phone(null, s("+2"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, false},
		{"a duplicate is not a different item", phoneSpec,
			[]item{phone(null, s("+1"), null), phone(null, s("+1"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, false},
		{"a value known only at apply", phoneSpec,
			[]item{phone(null, unknown, null), phone(null, s("+1"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, false},
		// A greedy pairing would give the first configured item the first prior item and fail.
		{"a configured item that matches several prior ones", phoneSpec,
			[]item{phone(null, s("+1"), null), phone(null, s("+1"), s("work"))},
			[]item{phone(s("p1"), s("+1"), s("work")), phone(s("p2"), s("+1"), s("mobile"))}, true},
		{"a configured \"\" matches a null", phoneSpec,
			[]item{phone(null, s("+2"), s("")), phone(null, s("+1"), null)},
			[]item{phone(s("p1"), s("+1"), null), phone(s("p2"), s("+2"), null)}, true},
		{"emails reordered, in another case", emailSpec,
			[]item{email("A@Acme.example"), email("B@Acme.example")},
			[]item{email("b@acme.example"), email("a@acme.example")}, true},
		{"tags reordered, ids left to the CRM", tagSpec,
			[]item{tag(null, s("b")), tag(null, s("a"))},
			[]item{tag(s("t1"), s("a")), tag(s("t2"), s("b"))}, true},
		{"a tag's id is the user's and compared", tagSpec,
			[]item{tag(s("t2"), s("a")), tag(null, s("b"))},
			[]item{tag(s("t1"), s("a")), tag(s("t2"), s("b"))}, false},
		{"references reordered", NewListSpec("reference", RequiredText("id", "")),
			[]item{ref("c2"), ref("c1")}, []item{ref("c1"), ref("c2")}, true},
		{"a reference replaced", NewListSpec("reference", RequiredText("id", "")),
			[]item{ref("c3"), ref("c1")}, []item{ref("c1"), ref("c2")}, false},
		{"both empty", urlSpec, []item{}, nil, true},
	}
	for _, tt := range tests {
		if got := tt.spec.sameUpToOrder(tt.config, tt.prior); got != tt.same {
			t.Errorf("%s: sameUpToOrder = %v, want %v", tt.name, got, tt.same)
		}
	}
}
