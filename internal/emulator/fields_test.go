package emulator

import (
	"net/http"
	"testing"
)

// fieldAccounts are a HubSpot-like account (names derived from labels) and
// a Pipedrive-like one (name required, bare flag names, options described,
// no field delete).
func fieldAccounts(o *Options) {
	o.Accounts = append(o.Accounts,
		IntegratedAccount{ID: "hs", Profile: Profile{Integration: "hubspot",
			Fields: map[string][]FieldDef{"account": {{ID: "f-std", Name: "industry", Label: "Industry", Type: "string"}}, "contact": nil}}},
		IntegratedAccount{ID: "pd", Profile: Profile{Integration: "pipedrive", FieldNameRule: "required",
			FieldFlagsUnprefixed: true, FieldOptionExtras: true,
			Fields:      map[string][]FieldDef{"account": nil},
			Collections: map[string]CollectionProfile{"fields": {Methods: []string{"list", "get", "create", "update"}}}}},
	)
}

// fpath is the fields collection path of an account for an entity.
func fpath(acct, entity string) string { return cpath("fields", acct, "entity="+entity) }

// fipath is a field's path of an account for an entity.
func fipath(acct, id, entity string) string { return ipath("fields", acct, id, "entity="+entity) }

func gold() []any {
	return []any{map[string]any{"label": "Gold", "value": "gold"}, map[string]any{"label": "Silver", "value": "silver"}}
}

// catalogNames lists the names in account hs's catalog of entity.
func catalogNames(t *testing.T, h *harness, entity string) []string {
	t.Helper()
	var out []string
	for _, f := range arr(h.call("GET", fpath("hs", entity), nil).wantStatus(t, 200).body["result"]) {
		out = append(out, sv(obj(f)["name"]))
	}
	return out
}

func TestFieldCreateDerivesNameFromLabel(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	res := h.call("POST", fpath("hs", "account"), map[string]any{
		"entity": "account", "label": "Customer  Tier!", "type": "enum", "options": gold(), "is_unique": true, "description": "Plan",
	}).wantStatus(t, http.StatusCreated).body
	for k, want := range map[string]any{"name": "customer_tier", "label": "Customer  Tier!", "type": "enum", "entity_type": "account",
		"description": "Plan", "is_user_defined": true, "is_unique": true, "is_required": false, "is_hidden": false} {
		if !jsonIs(res[k], want) {
			t.Errorf("%s = %v, want %v", k, res[k], want)
		}
	}
	jsonEq(t, "options", res["options"], gold()) // no extras in this profile
	if !recordIDRe.MatchString(sv(res["id"])) || !tsRe.MatchString(sv(res["created_at"])) {
		t.Errorf("id, created_at = %v, %v", res["id"], res["created_at"])
	}
	// The catalog lists it at once, under its entity only; get finds it only there.
	jsonEq(t, "account catalog", catalogNames(t, h, "account"), []string{"industry", "customer_tier"})
	if got := catalogNames(t, h, "contact"); len(got) != 0 {
		t.Errorf("contact catalog = %v", got)
	}
	id := sv(res["id"])
	jsonEq(t, "get", h.call("GET", fipath("hs", id, "account"), nil).wantStatus(t, 200).body["name"], "customer_tier")
	h.call("GET", fipath("hs", id, "contact"), nil).wantError(t, 404, "not found", true)
	h.call("GET", ipath("fields", "hs", id), nil).wantError(t, 400, "entity is required", false)
	// A name given is kept; a name taken is the CRM's 409.
	h.call("POST", fpath("hs", "account"), map[string]any{"entity": "account", "label": "Customer tier", "type": "string"}).
		wantError(t, http.StatusConflict, "account field named customer_tier already exists", true)
	mine := h.call("POST", fpath("hs", "account"), map[string]any{"entity": "account", "name": "tier2", "label": "Customer tier", "type": "string"}).
		wantStatus(t, http.StatusCreated).body
	if mine["name"] != "tier2" {
		t.Errorf("given name = %v", mine["name"])
	}
	for label, want := range map[string]string{"Tier": "tier", "ARR (USD) 2026": "arr_usd_2026", "--x--y--": "x_y", "Ünïcode": "n_code", "!!": ""} {
		if got := nameFromLabel(label); got != want {
			t.Errorf("nameFromLabel(%q) = %q, want %q", label, got, want)
		}
	}
	h.call("POST", fpath("hs", "account"), map[string]any{"entity": "account", "label": "!!", "type": "string"}).
		wantError(t, 422, "cannot derive a field name", true)
}

func TestFieldCreateNeedsNameWhereTheProfileSays(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	res := h.call("POST", fpath("pd", "account"), map[string]any{"entity": "account", "label": "Tier", "type": "string"}).
		wantError(t, 400, "name is required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"name"})
	// Bare flag names are this integration's; the unified spelling is ignored like any unmapped key.
	created := h.call("POST", fpath("pd", "account"), map[string]any{"entity": "account", "name": "tier", "label": "Tier", "type": "enum",
		"options":  []any{map[string]any{"label": "Gold", "value": "gold", "description": "The best"}, map[string]any{"label": "Silver", "value": "silver"}},
		"required": true, "is_hidden": true}).wantStatus(t, http.StatusCreated).body
	if created["name"] != "tier" || created["is_required"] != true || created["is_hidden"] != false {
		t.Errorf("created = %v", created)
	}
	// Options come back described and with is_hidden, whether sent or not.
	want := []any{map[string]any{"label": "Gold", "value": "gold", "description": "The best", "is_hidden": false},
		map[string]any{"label": "Silver", "value": "silver", "description": "Silver", "is_hidden": false}}
	jsonEq(t, "options", created["options"], want)
	jsonEq(t, "listed options", obj(arr(h.call("GET", fpath("pd", "account"), nil).body["result"])[0])["options"], want)
}

func TestFieldCreateValidation(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	post := func(entity string, body map[string]any) result { return h.call("POST", fpath("hs", entity), body) }
	res := post("account", map[string]any{"name": "x"}).wantError(t, 400, "are required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"entity", "label", "type"})
	h.call("POST", cpath("fields", "hs"), map[string]any{"entity": "account", "label": "X", "type": "string"}).wantError(t, 400, "entity is required", false)
	post("account", map[string]any{"entity": "contact", "label": "X", "type": "string"}).wantError(t, 400, "differs from entity account", false)
	post("lead", map[string]any{"entity": "lead", "label": "X", "type": "string"}).wantError(t, 400, "entity lead is not supported", false)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "color"}).wantError(t, 422, `"color" is not a field type`, true)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "enum"}).wantError(t, 422, "an enum field needs at least one option", true)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "array", "options": []any{}}).wantError(t, 422, "an array field needs", true)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "string", "options": gold()}).wantError(t, 422, "options apply only to enum and array", true)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "enum", "options": append(gold(), map[string]any{"label": "G", "value": "gold"})}).
		wantError(t, 422, "option value gold is used twice", true)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "enum", "options": []any{map[string]any{"label": "G"}}}).
		wantError(t, 400, "options[0].value must be a non-empty string", false)
	post("account", map[string]any{"entity": "account", "label": 3, "type": "string"}).wantError(t, 400, "label must be a string", false)
	post("account", map[string]any{"entity": "account", "label": "X", "type": "string", "is_unique": "yes"}).wantError(t, 400, "is_unique must be a boolean", false)
	if got := catalogNames(t, h, "account"); len(got) != 1 {
		t.Errorf("refused creates stored fields: %v", got)
	}
}

func TestFieldUpdate(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	created := h.call("POST", fpath("hs", "account"), map[string]any{"entity": "account", "label": "Tier", "type": "enum", "options": gold(), "description": "d"}).
		wantStatus(t, http.StatusCreated).body
	id := sv(created["id"])
	patch := func(body map[string]any) result { return h.call("PATCH", fipath("hs", id, "account"), body) }
	options := append(gold(), map[string]any{"label": "Bronze", "value": "bronze"})
	got := patch(map[string]any{"label": "Level", "options": options, "is_required": true, "name": "tier"}).wantStatus(t, 200).body
	if got["label"] != "Level" || got["name"] != "tier" || got["type"] != "enum" || got["description"] != "d" || got["is_required"] != true {
		t.Errorf("updated = %v", got)
	}
	jsonEq(t, "options", got["options"], options)
	if sv(got["updated_at"]) <= sv(created["updated_at"]) {
		t.Errorf("updated_at %v not after %v", got["updated_at"], created["updated_at"])
	}
	listed := obj(arr(h.call("GET", fpath("hs", "account"), nil).body["result"])[1])
	if listed["label"] != "Level" || len(arr(listed["options"])) != 3 {
		t.Errorf("the catalog lags behind the update: %v", listed)
	}
	if d, ok := patch(map[string]any{"description": nil}).wantStatus(t, 200).body["description"]; ok {
		t.Errorf("description not cleared: %v", d)
	}
	patch(map[string]any{"type": "string"}).wantError(t, 422, "the type of a field cannot be changed", true)
	patch(map[string]any{"name": "level"}).wantError(t, 422, "the name of a field cannot be changed", true)
	patch(map[string]any{"options": []any{}}).wantError(t, 422, "an enum field needs at least one option", true)
	patch(map[string]any{"label": ""}).wantError(t, 422, "label cannot be empty", true)
	h.call("PATCH", fipath("hs", id, "contact"), map[string]any{"label": "X"}).wantError(t, 404, "not found", true)
	if after := h.call("GET", fipath("hs", id, "account"), nil).body; after["label"] != "Level" || after["type"] != "enum" {
		t.Errorf("a refused update changed the field: %v", after)
	}
}

func TestFieldDelete(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	f := h.call("POST", fpath("hs", "account"), map[string]any{"entity": "account", "label": "Tier", "type": "string"}).wantStatus(t, 201).body
	acct := h.createIn("accounts", "hs", map[string]any{"name": "Acme", "custom_fields": map[string]any{"tier": "gold", "other": 1}})
	id := sv(f["id"])
	h.call("DELETE", fipath("hs", id, "contact"), nil).wantError(t, 404, "not found", true)
	jsonEq(t, "delete", h.call("DELETE", fipath("hs", id, "account"), nil).wantStatus(t, 200).body, map[string]any{"id": id})
	jsonEq(t, "catalog", catalogNames(t, h, "account"), []string{"industry"})
	// Deleting a field erases its value on every record.
	rec, _ := h.srv.Record("hs", sv(acct["id"]))
	jsonEq(t, "custom_fields", rec["custom_fields"], map[string]any{"other": 1})

	// Without delete among the fields methods: 405, and capabilities say so.
	g := h.call("POST", fpath("pd", "account"), map[string]any{"entity": "account", "name": "t", "label": "T", "type": "string"}).wantStatus(t, 201).body
	h.call("DELETE", fipath("pd", sv(g["id"]), "account"), nil).wantError(t, 405, "delete: method not supported by integration pipedrive", false)
	jsonEq(t, "pd fields methods", resourceMethods(t, h.call("GET", capsPath("pd"), nil).body)["fields"], []string{"list", "get", "create", "update"})
	jsonEq(t, "hs fields methods", resourceMethods(t, h.call("GET", capsPath("hs"), nil).body)["fields"], allOps)
}

func TestFieldMeta(t *testing.T) {
	h := newHarness(t, fieldAccounts)
	body := func(acct, method string) any {
		return h.call("GET", metaPath("fields", method, acct), nil).wantStatus(t, 200).body["request_body_schema"]
	}
	hc := body("hs", "create")
	for name, want := range map[string]bool{"entity": true, "label": true, "type": true, "name": false, "description": false,
		"is_required": false, "is_unique": false, "is_hidden": false, "options": false, "field_group": false} {
		p := schemaProp(hc, name)
		if p == nil || p["required"] != want {
			t.Errorf("hubspot create %s = %v, want required %v", name, p, want)
		}
	}
	jsonEq(t, "entity enum", schemaProp(hc, "entity")["enum"], []string{"account", "contact"})
	jsonEq(t, "type enum", schemaProp(hc, "type")["enum"], fieldTypes)
	for _, k := range []string{"label", "value"} {
		if schemaProp(hc, "options", "[]", k)["required"] != true {
			t.Errorf("options[].%s not required", k)
		}
	}
	pc := body("pd", "create")
	if schemaProp(pc, "name")["required"] != true || schemaProp(pc, "required") == nil || schemaProp(pc, "hidden") == nil || schemaProp(pc, "is_required") != nil {
		t.Errorf("pipedrive create body = %v", pc)
	}
	pu := body("pd", "update")
	if schemaProp(pu, "entity") != nil || schemaProp(pu, "type") != nil || schemaProp(pu, "label")["required"] != false || schemaProp(pu, "unique") == nil {
		t.Errorf("pipedrive update body = %v", pu)
	}
	for _, m := range []string{"get", "update", "create"} {
		q := h.call("GET", metaPath("fields", m, "hs"), nil).body["query_schema"]
		if schemaProp(q, "entity")["required"] != true {
			t.Errorf("%s query entity = %v", m, schemaProp(q, "entity"))
		}
	}
	h.call("GET", metaPath("fields", "delete", "pd"), nil).wantError(t, 404, "no method delete", false)
}
