package emulator

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func capsPath(id string) string { return "/integrated-account/" + id + "/capabilities" }

func metaPath(coll, method, acct string) string {
	return "/unified/crm/" + coll + "/meta/" + method + "?integrated_account_id=" + acct
}

// resourceMethods maps capabilities' api_name to methods.
func resourceMethods(t *testing.T, body map[string]any) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, r := range arr(obj(body["unified"])["resources"]) {
		var ms []string
		for _, m := range arr(obj(r)["methods"]) {
			ms = append(ms, sv(m))
		}
		out[sv(obj(r)["api_name"])] = ms
		if sv(obj(r)["name"]) == "" || sv(obj(r)["description"]) == "" {
			t.Errorf("resource without name or description: %v", r)
		}
	}
	return out
}

func TestCapabilities(t *testing.T) {
	h := newHarness(t,
		withAccount("sf", Profile{Integration: "salesforce", DeleteUnsupported: true, Status: "needs_reauth", Fields: map[string][]FieldDef{"contact": {}},
			Collections: map[string]CollectionProfile{"notes": {Methods: []string{"create", "update"}}, "tasks": {Methods: []string{}}, "contacts": {DeleteUnsupported: true}}}),
		withAccount("blocked", Profile{Integration: "zoho", Blocked: true}),
		withAccount("down", Profile{CapabilitiesUnavailable: true}))
	res := h.call("GET", capsPath(acctID), nil).wantStatus(t, 200)
	all := []string{"list", "get", "create", "update", "delete"}
	jsonEq(t, "default resources", resourceMethods(t, res.body), map[string][]string{
		"accounts": all, "contacts": all, "opportunities": all, "leads": all, "notes": all, "tasks": all, "engagements": all,
		"users": {"list", "get"}, "stages": {"list"},
	})
	integ := obj(res.body["integration"])
	if integ["slug"] != "hubspot" || integ["name"] != "HubSpot" || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(sv(integ["id"])) {
		t.Errorf("integration = %v", integ)
	}
	jsonEq(t, "account", res.body["account"], map[string]any{"id": acctID, "slug": "hubspot", "status": "active",
		"authentication_method": "oauth2", "environment_id": emulatorEnvironmentID, "is_blocked": false})

	res = h.call("GET", capsPath("sf"), nil).wantStatus(t, 200)
	jsonEq(t, "salesforce resources", resourceMethods(t, res.body), map[string][]string{
		"accounts": {"list", "get", "create", "update"}, "contacts": {"list", "get", "create", "update"}, "opportunities": all,
		"leads": all, "notes": {"create", "update"}, "engagements": all, "users": {"list", "get"}, "stages": {"list"},
		"fields": all,
	})
	if st := obj(res.body["account"])["status"]; st != "needs_reauth" {
		t.Errorf("status = %v", st)
	}
	// A blocked account: capabilities say so, every unified call is a 503.
	res = h.call("GET", capsPath("blocked"), nil).wantStatus(t, 200)
	if obj(res.body["account"])["is_blocked"] != true || obj(res.body["integration"])["name"] != "Zoho CRM" {
		t.Errorf("blocked capabilities = %s", res.raw)
	}
	for _, p := range []string{cpath("accounts", "blocked"), cpath("contacts", "blocked"), ipath("users", "blocked", "1"), metaPath("contacts", "list", "blocked")} {
		h.call("GET", p, nil).wantError(t, 503, "blocked", false)
	}
	h.call("POST", cpath("tasks", "blocked"), map[string]any{}).wantError(t, 503, "blocked", false)
	// Unavailable capabilities and meta.
	h.call("GET", capsPath("down"), nil).wantError(t, 500, "capabilities", false)
	h.call("GET", metaPath("accounts", "create", "down"), nil).wantError(t, 500, "capabilities", false)
	h.call("GET", cpath("accounts", "down"), nil).wantStatus(t, 200)
	// Auth, unknown account, routing.
	h.call("GET", capsPath(acctID), nil, "Authorization:").wantError(t, 401, "Invalid API token", false)
	h.call("GET", capsPath("nope"), nil).wantError(t, 404, "Integrated account not found", false)
	h.call("POST", capsPath(acctID), nil).wantError(t, 405, "POST", false)
	h.call("GET", "/integrated-account/"+acctID, nil).wantError(t, 404, "Not Found", false)
	h.call("GET", "/integrated-account/"+acctID+"/other", nil).wantError(t, 404, "Not Found", false)
	// Counted; not a collection request.
	if c := h.srv.Counts(); c["GET"] < 10 {
		t.Errorf("counts = %v", c)
	}
	if n := h.srv.CollectionCounts("accounts")["GET"]; n != 2 { // blocked and down
		t.Errorf("accounts GETs = %d", n)
	}
}

func TestCapabilitiesRateLimited(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccountRateLimit = RateLimit{Requests: 2, Per: time.Minute} })
	h.call("GET", capsPath(acctID), nil).wantStatus(t, 200)
	h.call("GET", metaPath("accounts", "get", acctID), nil).wantStatus(t, 200)
	r := h.call("GET", capsPath(acctID), nil).wantError(t, 429, "Rate limit exceeded", false)
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	h.call("GET", capsPath(plainID), nil).wantStatus(t, 200)
	// Capabilities and meta are not the CRM: FailNext leaves them alone.
	h = newHarness(t)
	h.srv.FailNext("GET", 500, 1)
	h.call("GET", capsPath(plainID), nil).wantStatus(t, 200)
	h.call("GET", metaPath("contacts", "get", plainID), nil).wantStatus(t, 200)
	h.call("GET", cpath("contacts", plainID), nil).wantStatus(t, 500)
}

// prop walks a schema: path of property names.
func schemaProp(schema any, path ...string) map[string]any {
	cur := obj(schema)
	for _, p := range path {
		if p == "[]" {
			cur = obj(cur["items"])
			continue
		}
		cur = obj(obj(cur["properties"])[p])
	}
	return cur
}

func TestMeta(t *testing.T) {
	h := newHarness(t, withAccount("m", Profile{Integration: "close", RequiredCreateFields: []string{"owner"},
		Fields: map[string][]FieldDef{"contact": {}, "account": {}},
		Collections: map[string]CollectionProfile{
			"contacts":    {RequiredCreateFields: []string{"account"}, NeverReturned: []string{"title"}, SupportedFilters: []string{"name", "created_at"}},
			"notes":       {RequiredQuery: map[string][]string{"update": {"contact"}}},
			"engagements": {RequiredQuery: map[string][]string{"delete": {"engagement_type"}}, EngagementTypes: []string{"call", "note", "email"}},
			"tasks":       {Methods: []string{"create"}},
		}}))
	res := h.call("GET", metaPath("accounts", "create", "m"), nil).wantStatus(t, 200)
	for _, k := range []string{"method", "schema", "response_schema", "query_schema", "request_body_schema", "default_body", "default_query"} {
		if _, ok := res.body[k]; !ok {
			t.Errorf("meta lacks %s: %s", k, res.raw)
		}
	}
	if res.body["method"] != "create" || res.body["default_body"] != nil || res.body["default_query"] != nil {
		t.Errorf("meta = %s", res.raw)
	}
	body := res.body["request_body_schema"]
	if obj(body)["type"] != "object" {
		t.Errorf("request_body_schema = %v", body)
	}
	cases := []struct {
		schema   any
		path     []string
		required bool
		typ      string
	}{
		{body, []string{"owner"}, true, "object"},
		{body, []string{"owner", "id"}, true, "string"},
		{body, []string{"name"}, false, "string"},
		{body, []string{"number_of_employees"}, false, "integer"},
		{body, []string{"phone_numbers"}, false, "array"},
		{body, []string{"custom_fields"}, false, "object"},
		{body, []string{"created_at"}, false, "string"},
		{res.body["query_schema"], []string{"integrated_account_id"}, true, "string"},
		{res.body["schema"], []string{"id"}, true, "string"},
	}
	for _, c := range cases {
		p := schemaProp(c.schema, c.path...)
		if p["required"] != c.required || p["type"] != c.typ || sv(p["description"]) == "" {
			t.Errorf("%v = %v, want required %v type %s", c.path, p, c.required, c.typ)
		}
	}
	jsonEq(t, "phone type enum", schemaProp(body, "phone_numbers", "[]", "type")["enum"], []string{"work", "mobile", "fax"})
	if schemaProp(body, "id") != nil || schemaProp(body, "last_activity_at") != nil {
		t.Error("read-only fields in the request body schema")
	}
	if f := schemaProp(res.body["schema"], "created_at")["format"]; f != "date-time" {
		t.Errorf("created_at format = %v", f)
	}
	// The update body does not mark the profile's create-only requirements.
	upd := h.call("GET", metaPath("accounts", "update", "m"), nil).wantStatus(t, 200).body["request_body_schema"]
	if schemaProp(upd, "owner")["required"] != false {
		t.Errorf("update owner = %v", schemaProp(upd, "owner"))
	}

	c := h.call("GET", metaPath("contacts", "create", "m"), nil).wantStatus(t, 200).body
	for _, f := range []string{"account", "owner"} {
		want := f == "account"
		if schemaProp(c["request_body_schema"], f)["required"] != want || schemaProp(c["request_body_schema"], f, "id")["required"] != want {
			t.Errorf("contacts create %s = %v", f, schemaProp(c["request_body_schema"], f))
		}
	}
	if schemaProp(c["response_schema"], "title") != nil || schemaProp(c["schema"], "title") == nil {
		t.Error("response_schema must omit never-returned fields, schema must not")
	}
	if schemaProp(c["response_schema"], "etag") == nil || schemaProp(c["request_body_schema"], "etag") != nil {
		t.Error("etag is a response field only")
	}
	l := h.call("GET", metaPath("contacts", "list", "m"), nil).wantStatus(t, 200).body
	q := l["query_schema"]
	if schemaProp(q, "name")["required"] != false || schemaProp(q, "created_at", "gte")["format"] != "date-time" || schemaProp(q, "email") != nil {
		t.Errorf("list query_schema = %v", q)
	}
	if body := obj(l["request_body_schema"]); body["type"] != "object" || len(obj(body["properties"])) != 0 {
		t.Errorf("list body = %v", body)
	}

	o := h.call("GET", metaPath("opportunities", "create", "m"), nil).body
	if schemaProp(o["request_body_schema"], "name")["required"] != true || schemaProp(o["request_body_schema"], "amount")["type"] != "number" ||
		schemaProp(o["request_body_schema"], "close_date")["format"] != "date-time" {
		t.Errorf("opportunities body = %v", o["request_body_schema"])
	}
	if schemaProp(o["response_schema"], "stage", "name") == nil || schemaProp(o["request_body_schema"], "stage", "name") != nil {
		t.Error("stage.name is a response member only")
	}
	if schemaProp(o["request_body_schema"], "contact", "[]", "id")["type"] != "string" {
		t.Errorf("contact items = %v", schemaProp(o["request_body_schema"], "contact"))
	}

	n := h.call("GET", metaPath("notes", "update", "m"), nil).body
	if p := schemaProp(n["query_schema"], "contact"); p["required"] != true || p["type"] != "array" || schemaProp(p, "[]", "id")["required"] != true {
		t.Errorf("notes update query contact = %v", p)
	}
	if schemaProp(h.call("GET", metaPath("notes", "create", "m"), nil).body["query_schema"], "contact") != nil {
		t.Error("notes create asks for a contact query parameter")
	}
	e := h.call("GET", metaPath("engagements", "delete", "m"), nil).body
	if p := schemaProp(e["query_schema"], "engagement_type"); p["required"] != true || !jsonIs(p["enum"], []string{"call", "note", "email"}) {
		t.Errorf("engagement_type query = %v", p)
	}
	ec := h.call("GET", metaPath("engagements", "create", "m"), nil).body["request_body_schema"]
	if p := schemaProp(ec, "engagement_type"); p["required"] != true || !jsonIs(p["enum"], []string{"call", "note", "email"}) {
		t.Errorf("engagement_type body = %v", p)
	}
	if p := schemaProp(ec, "direction"); !jsonIs(p["enum"], []string{"inbound", "outbound", "missed"}) {
		t.Errorf("direction = %v", p)
	}
	de := h.call("GET", metaPath("engagements", "create", plainID), nil).body["request_body_schema"]
	if !jsonIs(schemaProp(de, "engagement_type")["enum"], defaultEngagementTypes) {
		t.Errorf("default engagement types = %v", schemaProp(de, "engagement_type"))
	}
	f := h.call("GET", metaPath("fields", "list", "m"), nil).body
	if p := schemaProp(f["query_schema"], "entity"); p["required"] != true || !jsonIs(p["enum"], []string{"account", "contact"}) {
		t.Errorf("fields entity = %v", p)
	}

	// Methods the collection or the integration lacks: 404.
	for _, c := range []struct{ coll, method, acct string }{
		{"users", "create", "m"}, {"stages", "get", "m"}, {"tasks", "list", "m"}, {"fields", "list", plainID},
		{"accounts", "batch-delete", "m"}, {"accounts", "upsert", "m"},
	} {
		h.call("GET", metaPath(c.coll, c.method, c.acct), nil).wantError(t, 404, "no method "+c.method, false)
	}
	h.call("GET", "/unified/crm/accounts/meta/create", nil).wantError(t, 400, "integrated_account_id", false)
	h.call("POST", metaPath("accounts", "create", "m"), nil).wantError(t, 405, "POST", false)
	// A record whose id is "meta" is still reachable.
	h.srv.Seed("m", map[string]any{"id": "meta", "name": "odd"})
	h.call("GET", ipath("accounts", "m", "meta"), nil).wantStatus(t, 200)
}

func TestSortDirection(t *testing.T) {
	h := newHarness(t)
	for _, n := range []string{"b", "a", "c"} {
		h.srv.In("users").Seed(acctID, map[string]any{"name": n})
	}
	h.srv.In("users").Seed(acctID, map[string]any{"email": "nameless@x"})
	for q, want := range map[string][]string{
		"sort_by[name]=desc": {"c", "b", "a", ""},
		"sort_by[name]=asc":  {"a", "b", "c", ""},
		"sort_by=name":       {"b", "a", "c", ""}, // not Truto's encoding: ignored, as a filter the CRM cannot apply
	} {
		var got []string
		for _, it := range arr(h.call("GET", cpath("users", acctID, q), nil).wantStatus(t, 200).body["result"]) {
			got = append(got, sv(obj(it)["name"]))
		}
		jsonEq(t, fmt.Sprint(q), got, want)
	}
	h.call("GET", cpath("users", acctID, "sort_by[is_active]=asc"), nil).wantError(t, 400, "sort_by", false)
}

// unwritable_fields leaves a field out of that method's request_body_schema
// only, and the CRM drops it from that method's body, as it drops what its
// mapping lacks; the request log shows what was sent.
func TestUnwritableFields(t *testing.T) {
	h := newHarness(t, withAccount("u", Profile{Collections: map[string]CollectionProfile{
		"accounts": {UnwritableFields: map[string][]string{"create": {"industry"}}},
	}}))
	props := func(method string) map[string]any {
		return obj(obj(h.call("GET", metaPath("accounts", method, "u"), nil).wantStatus(t, 200).body["request_body_schema"])["properties"])
	}
	if _, ok := props("create")["industry"]; ok {
		t.Error("create meta lists industry")
	}
	if _, ok := props("update")["industry"]; !ok {
		t.Error("update meta lacks industry")
	}
	created := h.call("POST", "/unified/crm/accounts?integrated_account_id=u", map[string]any{"name": "Acme", "industry": "Retail"}).wantStatus(t, 201)
	if _, ok := created.body["industry"]; ok && created.body["industry"] != nil {
		t.Errorf("create stored industry: %s", created.raw)
	}
	id := sv(created.body["id"])
	updated := h.call("PATCH", "/unified/crm/accounts/"+id+"?integrated_account_id=u", map[string]any{"industry": "Retail"}).wantStatus(t, 200)
	if updated.body["industry"] != "Retail" {
		t.Errorf("update dropped industry: %s", updated.raw)
	}
	log := h.srv.RequestLog()
	if keys := log[len(log)-1].BodyKeys; len(keys) != 1 || keys[0] != "industry" {
		t.Errorf("logged body keys = %v", keys)
	}
}

// additional_properties sets additionalProperties on that write method's
// request_body_schema only; a method left out has none.
func TestAdditionalProperties(t *testing.T) {
	h := newHarness(t, withAccount("ap", Profile{Collections: map[string]CollectionProfile{
		"accounts": {AdditionalProperties: map[string]bool{"create": true, "update": false}},
		"contacts": {AdditionalProperties: map[string]bool{"update": true}},
	}}))
	body := func(coll, method string) map[string]any {
		return obj(h.call("GET", metaPath(coll, method, "ap"), nil).wantStatus(t, 200).body["request_body_schema"])
	}
	for _, c := range []struct {
		coll, method string
		want         any
	}{{"accounts", "create", true}, {"accounts", "update", false}, {"contacts", "update", true}, {"contacts", "create", nil}} {
		if got := body(c.coll, c.method)["additionalProperties"]; got != c.want {
			t.Errorf("%s %s: additionalProperties = %v, want %v", c.coll, c.method, got, c.want)
		}
	}
	bad := Profile{Collections: map[string]CollectionProfile{"accounts": {AdditionalProperties: map[string]bool{"get": true}}}}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "additional_properties") {
		t.Errorf("a read method's additional_properties: %v", err)
	}
}
