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
	if !phoneSpec.sameConfigured(config, state) {
		t.Error("a list whose configured attributes match must count as unchanged")
	}
	config[0]["number"] = types.StringValue("+2")
	if phoneSpec.sameConfigured(config, state) {
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
