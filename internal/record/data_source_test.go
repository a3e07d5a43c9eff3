package record

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestAllCustomFieldsKeepsEveryFieldWithItsJSONType(t *testing.T) {
	got := allCustomFields(map[string]json.RawMessage{
		"tier": json.RawMessage(`"gold"`), "seats": json.RawMessage(`10`), "active": json.RawMessage(`true`),
		"meta": json.RawMessage(`{"a":[1,"x"]}`), "gone": json.RawMessage(`null`),
	})
	obj, ok := got.UnderlyingValue().(types.Object)
	if !ok {
		t.Fatalf("custom_fields = %s, want an object", got)
	}
	attrs := obj.Attributes()
	if len(attrs) != 5 {
		t.Fatalf("custom_fields has %d keys, want 5: %s", len(attrs), got)
	}
	if s, _ := attrs["tier"].(types.String); s.ValueString() != "gold" {
		t.Errorf("tier = %s", attrs["tier"])
	}
	if n, _ := attrs["seats"].(types.Number); n.ValueBigFloat().Cmp(big.NewFloat(10)) != 0 {
		t.Errorf("seats = %s", attrs["seats"])
	}
	if b, _ := attrs["active"].(types.Bool); !b.ValueBool() {
		t.Errorf("active = %s", attrs["active"])
	}
	if _, ok := attrs["meta"].(types.Object); !ok {
		t.Errorf("meta = %s, want an object", attrs["meta"])
	}
	if !attrs["gone"].IsNull() {
		t.Errorf("gone = %s, want null", attrs["gone"])
	}
	if v := allCustomFields(nil); !v.IsNull() {
		t.Errorf("no custom fields = %s, want null", v)
	}
}

func TestAccountDataFromAPIUsesTheResourceMapping(t *testing.T) {
	a := response(t, `{"id":"42","name":"Acme","website":null,"number_of_employees":7,"owner":{"id":"u1"},
		"tags":[{"name":"vip"}],"remote_data":{"hs_object_id":"42"},"created_at":"2024-01-02T03:04:05Z"}`)
	m := accountKind.dataValues(a, false)
	str := func(name string) types.String {
		s, _ := m[name].(types.String)
		return s
	}
	if str("name").ValueString() != "Acme" || !str("website").IsNull() || !m["number_of_employees"].Equal(wholeNumberValue(7)) {
		t.Errorf("scalars: %+v", m)
	}
	if o, _ := m["owner"].(types.Object); o.Attributes()["id"].String() != `"u1"` {
		t.Errorf("owner.id = %s", m["owner"])
	}
	tags, _ := m["tags"].(types.List)
	if len(tags.Elements()) != 1 || !m["addresses"].IsNull() {
		t.Errorf("lists: tags %s, addresses %s", m["tags"], m["addresses"])
	}
	if !m["remote_data"].IsNull() {
		t.Errorf("remote_data without include_remote_data = %s, want null", m["remote_data"])
	}
	if rd, _ := accountKind.dataValues(a, true)["remote_data"].(jsontypes.Normalized); rd.ValueString() != `{"hs_object_id":"42"}` {
		t.Errorf("remote_data = %s", rd)
	}
}
