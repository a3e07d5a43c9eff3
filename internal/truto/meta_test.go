package truto

import (
	"encoding/json"
	"testing"
)

// additionalProperties (reference §12: a boolean on each schema) is read as given; a schema in its
// place allows unlisted properties; anything else, or nothing, says nothing.
func TestParseSchemaAdditionalProperties(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		raw        string
		set, allow bool
	}{
		{`{"type":"object","properties":{"name":{}},"additionalProperties":true}`, true, true},
		{`{"type":"object","properties":{"name":{}},"additionalProperties":false}`, true, false},
		{`{"type":"object","additionalProperties":"true"}`, true, true},
		{`{"type":"object","additionalProperties":{"type":"string"}}`, true, true},
		{`{"type":"object","properties":{"name":{}}}`, false, false},
		{`{"type":"object","additionalProperties":null}`, false, false},
		{`{"type":"object","additionalProperties":7}`, false, false},
	} {
		s := parseSchema(json.RawMessage(c.raw))
		if set := s.AdditionalProperties != nil; set != c.set || s.AllowsUnlisted() != c.allow {
			t.Errorf("%s: set %v, allows %v; want %v, %v", c.raw, set, s.AllowsUnlisted(), c.set, c.allow)
		}
	}
	var none *Schema
	if none.AllowsUnlisted() {
		t.Error("a nil schema allows nothing")
	}
	nested := parseSchema(json.RawMessage(`{"properties":{"addr":{"type":"object","additionalProperties":false}}}`))
	if a := nested.Properties["addr"].AdditionalProperties; a == nil || *a {
		t.Errorf("nested additionalProperties = %v, want false", a)
	}
}
