package emulator

import (
	"fmt"
	"strings"
	"testing"
)

func withAccount(id string, p Profile) func(*Options) {
	return func(o *Options) { o.Accounts = append(o.Accounts, IntegratedAccount{ID: id, Profile: p}) }
}

func TestCollectionProfileMethodsAndDeletes(t *testing.T) {
	h := newHarness(t, withAccount("close", Profile{Integration: "close", Collections: map[string]CollectionProfile{
		"notes":         {Methods: []string{"create", "update"}},
		"contacts":      {DeleteUnsupported: true},
		"opportunities": {DeleteReturnsNoContent: true},
		"users":         {Methods: []string{"list", "create"}}, // create is not the collection's: still 405
	}}))
	n := h.createIn("notes", "close", map[string]any{"content": "x", "account": map[string]any{"id": "a"}})
	for _, c := range []struct{ method, path, op string }{
		{"GET", cpath("notes", "close"), "list"},
		{"GET", ipath("notes", "close", sv(n["id"])), "get"},
		{"DELETE", ipath("notes", "close", sv(n["id"])), "delete"},
		{"DELETE", ipath("contacts", "close", "1"), "delete"},
		{"GET", ipath("users", "close", "1"), "get"},
	} {
		res := h.call(c.method, c.path, nil).wantError(t, 405, "", false)
		if want := c.op + ": method not supported by integration close"; sv(res.body["message"]) != want {
			t.Errorf("%s %s: message %q, want %q", c.method, c.path, res.body["message"], want)
		}
	}
	h.call("PATCH", ipath("notes", "close", sv(n["id"])), map[string]any{"title": "t"}).wantStatus(t, 200)
	h.call("POST", cpath("users", "close"), map[string]any{}).wantError(t, 405, "Method POST is not allowed", false)
	h.call("GET", cpath("users", "close"), nil).wantStatus(t, 200)
	o := h.createIn("opportunities", "close", map[string]any{"name": "o"})
	res := h.call("DELETE", ipath("opportunities", "close", sv(o["id"])), nil).wantStatus(t, 204)
	if len(res.raw) != 0 {
		t.Errorf("204 body %q", res.raw)
	}
	// Other collections are untouched by those entries.
	a := h.createIn("accounts", "close", map[string]any{"name": "a"})
	h.call("DELETE", ipath("accounts", "close", sv(a["id"])), nil).wantStatus(t, 200)
}

func TestCollectionProfileRequiredFiltersNeverReturned(t *testing.T) {
	h := newHarness(t, withAccount("p", Profile{
		RequiredCreateFields: []string{"name"},
		SupportedFilters:     []string{"name", "website"},
		Collections: map[string]CollectionProfile{
			"accounts":      {RequiredCreateFields: []string{"owner"}, SupportedFilters: []string{"name"}},
			"contacts":      {RequiredCreateFields: []string{"account", "owner"}, NeverReturned: []string{"title", "tags"}},
			"opportunities": {SupportedFilters: []string{}},
		},
	}))
	// accounts: the entry adds owner to the top-level name, and replaces the filters.
	res := h.call("POST", cpath("accounts", "p"), map[string]any{"website": "https://w"}).wantError(t, 400, "name, owner are required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"name", "owner"})
	h.srv.Seed("p", map[string]any{"name": "A", "website": "https://a"})
	h.srv.Seed("p", map[string]any{"name": "B", "website": "https://b"})
	if n := len(arr(h.call("GET", cpath("accounts", "p", "website=https://a"), nil).body["result"])); n != 2 {
		t.Errorf("website filter applied although the entry's filters replace the top-level ones: %d", n)
	}
	res = h.call("POST", cpath("contacts", "p"), map[string]any{"first_name": "F", "owner": map[string]any{"id": "u"}}).wantError(t, 400, "account is required", false)
	jsonEq(t, "insight", res.insight("missing_required_body_fields"), []string{"account"})
	c := h.createIn("contacts", "p", map[string]any{"first_name": "F", "title": "CTO", "tags": []any{map[string]any{"name": "t"}},
		"owner": map[string]any{"id": "u"}, "account": map[string]any{"id": "a"}})
	for _, f := range []string{"title", "tags"} {
		if _, ok := c[f]; ok {
			t.Errorf("%s returned although never returned", f)
		}
	}
	if obj(c["remote_data"])["title"] != "CTO" {
		t.Errorf("the vendor record lost the never-returned field: %v", c["remote_data"])
	}
	h.srv.In("opportunities").Seed("p", map[string]any{"name": "X"})
	h.srv.In("opportunities").Seed("p", map[string]any{"name": "Y"})
	if n := len(arr(h.call("GET", cpath("opportunities", "p", "name=X", "sort_by[bogus]=asc"), nil).body["result"])); n != 2 {
		t.Errorf("filters applied by a CRM that supports none: %d", n)
	}
}

func TestNoteUpdateNeedsContactQuery(t *testing.T) {
	h := newHarness(t, withAccount("hl", Profile{Integration: "highlevel", Collections: map[string]CollectionProfile{
		"notes": {RequiredQuery: map[string][]string{"update": {"contact"}}},
	}}))
	n := h.createIn("notes", "hl", map[string]any{"content": "x", "contact": []any{map[string]any{"id": "c1"}}})
	id := sv(n["id"])
	for _, q := range []string{"", "contact=", "contact[0][id]=", "contacts[0][id]=c1"} {
		res := h.call("PATCH", ipath("notes", "hl", id, q), map[string]any{"title": "t"}).wantError(t, 400, "contact is required", false)
		jsonEq(t, "insight "+q, res.insight("missing_required_query_parameters"), []string{"contact"})
	}
	for _, q := range []string{"contact[0][id]=c1", "contact%5B0%5D%5Bid%5D=c1", "contact[][id]=c1", "contact[id]=c1"} {
		h.call("PATCH", ipath("notes", "hl", id, q), map[string]any{"title": q}).wantStatus(t, 200)
	}
	// Create, get and delete need nothing.
	h.call("GET", ipath("notes", "hl", id), nil).wantStatus(t, 200)
	h.call("DELETE", ipath("notes", "hl", id), nil).wantStatus(t, 200)
}

func TestEngagementTypeQueryAndValues(t *testing.T) {
	h := newHarness(t, withAccount("op", Profile{Integration: "onepagecrm", Collections: map[string]CollectionProfile{
		"engagements": {
			RequiredQuery:   map[string][]string{"update": {"engagement_type"}, "delete": {"engagement_type"}},
			EngagementTypes: []string{"call", "meeting"},
		},
	}}))
	h.call("POST", cpath("engagements", "op"), map[string]any{"engagement_type": "email"}).wantError(t, 422, "engagement_type must be one of call, meeting", true)
	e := h.createIn("engagements", "op", map[string]any{"engagement_type": "meeting", "subject": "s"})
	id := sv(e["id"])
	for _, m := range []string{"PATCH", "DELETE"} {
		res := h.call(m, ipath("engagements", "op", id), map[string]any{}).wantError(t, 400, "engagement_type is required", false)
		jsonEq(t, m+" insight", res.insight("missing_required_query_parameters"), []string{"engagement_type"})
		res = h.call(m, ipath("engagements", "op", id, "engagement_type=call"), map[string]any{}).wantError(t, 404, "engagement not found", true)
		if obj(res.body["raw_response"])["category"] != "OBJECT_NOT_FOUND" {
			t.Errorf("raw_response = %v", res.body["raw_response"])
		}
	}
	// A missing record is still the CRM's 404 once the parameter is there.
	h.call("PATCH", ipath("engagements", "op", "99", "engagement_type=meeting"), map[string]any{}).wantError(t, 404, "resource not found", true)
	h.call("PATCH", ipath("engagements", "op", id, "engagement_type=meeting"), map[string]any{"subject": "t"}).wantStatus(t, 200)
	h.call("DELETE", ipath("engagements", "op", id, "engagement_type=meeting"), nil).wantStatus(t, 200)
	// Without the profile option nothing is required, and any default type works.
	for _, ty := range defaultEngagementTypes {
		e = h.createIn("engagements", plainID, map[string]any{"engagement_type": ty})
		h.call("DELETE", ipath("engagements", plainID, sv(e["id"])), nil).wantStatus(t, 200)
	}
}

func TestQuirks(t *testing.T) {
	h := newHarness(t,
		withAccount("q", Profile{LowercaseEmails: true, DateOnly: true, NumbersAsStrings: true, ReorderLists: true, CustomFieldsAsStrings: true}))
	t.Run("lowercase emails", func(t *testing.T) {
		c := h.createIn("contacts", "q", map[string]any{"email_addresses": []any{map[string]any{"email": "Ada@Example.COM", "type": "Work"}}})
		e := items(c, "email_addresses")[0]
		if e["email"] != "ada@example.com" || e["type"] != "Work" {
			t.Errorf("email = %v", e)
		}
		l := h.createIn("leads", "q", map[string]any{"email_addresses": []any{map[string]any{"email": "LEAD@X.Y", "type": "primary"}}})
		if items(l, "email_addresses")[0]["email"] != "lead@x.y" {
			t.Errorf("lead email = %v", l["email_addresses"])
		}
		// Without the quirk emails are kept as sent.
		c = h.createIn("contacts", plainID, map[string]any{"email_addresses": []any{map[string]any{"email": "Ada@Example.COM"}}})
		if items(c, "email_addresses")[0]["email"] != "Ada@Example.COM" {
			t.Errorf("email changed without the quirk: %v", c["email_addresses"])
		}
	})
	t.Run("date only", func(t *testing.T) {
		for _, in := range []string{"2026-03-31", "2026-03-31T00:00:00Z", "2026-03-31T23:59:59.999Z", "2026-03-31T22:00:00-05:00"} {
			o := h.createIn("opportunities", "q", map[string]any{"name": "o", "close_date": in})
			if o["close_date"] != "2026-03-31T00:00:00.000Z" {
				t.Errorf("close_date %s = %v", in, o["close_date"])
			}
			tk := h.createIn("tasks", "q", map[string]any{"due_date": in})
			if tk["due_date"] != "2026-03-31T00:00:00.000Z" {
				t.Errorf("due_date %s = %v", in, tk["due_date"])
			}
		}
		// Other date-times keep their time; without the quirk the time is kept.
		e := h.createIn("engagements", "q", map[string]any{"engagement_type": "call", "start_time": "2026-03-31T10:11:12Z"})
		if e["start_time"] != "2026-03-31T10:11:12.000Z" {
			t.Errorf("start_time = %v", e["start_time"])
		}
		o := h.createIn("opportunities", plainID, map[string]any{"name": "o", "close_date": "2026-03-31T22:00:00-05:00"})
		if o["close_date"] != "2026-04-01T03:00:00.000Z" {
			t.Errorf("close_date without the quirk = %v", o["close_date"])
		}
	})
	t.Run("numbers as strings", func(t *testing.T) {
		o := h.createIn("opportunities", "q", map[string]any{"name": "o", "amount": 1234.56})
		if o["amount"] != "1234.56" {
			t.Errorf("amount = %#v", o["amount"])
		}
		h.srv.In("stages").Seed("q", map[string]any{"name": "S", "position": 3})
		st := obj(arr(h.call("GET", cpath("stages", "q"), nil).body["result"])[0])
		if st["position"] != "3" {
			t.Errorf("position = %#v", st["position"])
		}
		if o := h.createIn("opportunities", plainID, map[string]any{"name": "o", "amount": 1234.56}); o["amount"] != 1234.56 {
			t.Errorf("amount without the quirk = %#v", o["amount"])
		}
		c := h.createIn("contacts", "q", map[string]any{"first_name": "c", "custom_fields": map[string]any{"n": 5, "b": false}})
		jsonEq(t, "custom fields as strings", c["custom_fields"], map[string]any{"n": "5", "b": "false"})
	})
	t.Run("reorder lists", func(t *testing.T) {
		c := h.createIn("contacts", "q", map[string]any{"first_name": "r", "email_addresses": []any{
			map[string]any{"email": "1@x"}, map[string]any{"email": "2@x"}, map[string]any{"email": "3@x"}}})
		got := items(c, "email_addresses")
		if got[0]["email"] != "3@x" || got[2]["email"] != "1@x" {
			t.Fatalf("not reversed: %v", got)
		}
		// Sent back in the answered order, ids are kept.
		res := h.call("PATCH", ipath("contacts", "q", sv(c["id"])), map[string]any{"email_addresses": c["email_addresses"]}).wantStatus(t, 200).body
		again := items(res, "email_addresses")
		if again[0]["id"] != got[2]["id"] || again[2]["id"] != got[0]["id"] {
			t.Errorf("ids after a round trip: %v -> %v", got, again)
		}
		n := h.createIn("notes", "q", map[string]any{"contact": []any{map[string]any{"id": "a"}, map[string]any{"id": "b"}}})
		jsonEq(t, "reference list", n["contact"], []any{map[string]any{"id": "b"}, map[string]any{"id": "a"}})
	})
}

func TestCheckReferences(t *testing.T) {
	for _, status := range []int{0, 404} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			want := status
			if want == 0 {
				want = 400
			}
			h := newHarness(t, withAccount("ref", Profile{Integration: "salesforce", CheckReferences: true, ReferenceErrorStatus: status}))
			acct := h.srv.Seed("ref", map[string]any{"name": "A"})
			user := h.srv.In("users").Seed("ref", map[string]any{"name": "U"})
			stage := h.srv.In("stages").Seed("ref", map[string]any{"name": "S"})
			contact := h.srv.In("contacts").Seed("ref", map[string]any{"first_name": "C"})
			other := h.srv.Seed(plainID, map[string]any{"name": "elsewhere"})
			cases := []struct {
				coll string
				body map[string]any
				msg  string
			}{
				{"contacts", map[string]any{"first_name": "x", "account": map[string]any{"id": "123"}}, "account.id 123 does not exist"},
				{"contacts", map[string]any{"first_name": "x", "account": map[string]any{"id": other}}, "account.id " + other + " does not exist"},
				{"contacts", map[string]any{"first_name": "x", "owner": map[string]any{"id": acct}}, "owner.id " + acct + " does not exist"},
				{"opportunities", map[string]any{"name": "o", "contact": []any{map[string]any{"id": contact}, map[string]any{"id": "9"}}}, "contact[1].id 9 does not exist"},
				{"opportunities", map[string]any{"name": "o", "stage": map[string]any{"id": "s-x"}}, "stage.id s-x does not exist"},
				{"engagements", map[string]any{"engagement_type": "call", "lead": []any{map[string]any{"id": "l"}}}, "lead[0].id l does not exist"},
				{"notes", map[string]any{"opportunity": map[string]any{"id": "o"}}, "opportunity.id o does not exist"},
				{"accounts", map[string]any{"name": "a", "owner": map[string]any{"id": "nobody"}}, "owner.id nobody does not exist"},
			}
			for _, c := range cases {
				res := h.call("POST", cpath(c.coll, "ref"), c.body).wantError(t, want, c.msg, true)
				if _, ok := obj(res.body["raw_response"])["errors"]; !ok {
					t.Errorf("raw_response = %s", res.raw)
				}
			}
			o := h.createIn("opportunities", "ref", map[string]any{"name": "ok", "account": map[string]any{"id": acct},
				"owner": map[string]any{"id": user}, "stage": map[string]any{"id": stage}, "contact": []any{map[string]any{"id": contact}}})
			id := sv(o["id"])
			h.call("PATCH", ipath("opportunities", "ref", id), map[string]any{"account": map[string]any{"id": "gone"}}).wantError(t, want, "account.id gone does not exist", true)
			// An update checks only what it sends: a reference deleted since is fine.
			h.srv.In("users").Remove("ref", user)
			h.call("PATCH", ipath("opportunities", "ref", id), map[string]any{"amount": 3}).wantStatus(t, 200)
			h.call("PATCH", ipath("opportunities", "ref", id), map[string]any{"owner": map[string]any{"id": ""}}).wantStatus(t, 200)
		})
	}
	// Without the quirk anything goes.
	h := newHarness(t)
	h.createIn("contacts", plainID, map[string]any{"first_name": "x", "account": map[string]any{"id": "123"}})
}

func TestFieldsCatalog(t *testing.T) {
	h := newHarness(t, withAccount("cat", catalogProfile()))
	res := h.call("GET", cpath("fields", "cat"), nil).wantError(t, 400, "entity is required", false)
	jsonEq(t, "insight", res.insight("missing_required_query_parameters"), []string{"entity"})
	h.call("GET", cpath("fields", "cat", "entity=lead"), nil).wantError(t, 400, "entity lead is not supported", false)
	h.call("GET", cpath("fields", "cat", "entity=project"), nil).wantError(t, 400, "entity project is not supported", false)
	list := h.call("GET", cpath("fields", "cat", "entity=contact", "truto_ignore_remote_data=true"), nil).wantStatus(t, 200).body
	got := arr(list["result"])
	if len(got) != 2 {
		t.Fatalf("contact fields = %v", list)
	}
	tier := obj(got[0])
	for k, v := range map[string]any{"id": "f-tier", "name": "tier", "label": "Tier", "type": "enum", "is_required": false, "is_user_defined": true, "entity_type": "contact"} {
		if !jsonIs(tier[k], v) {
			t.Errorf("tier.%s = %v, want %v", k, tier[k], v)
		}
	}
	jsonEq(t, "options", tier["options"], []any{map[string]any{"label": "Gold", "value": "gold"}, map[string]any{"label": "Silver", "value": "silver"}})
	score := obj(got[1])
	if score["is_required"] != true || score["type"] != "number" || !recordIDRe.MatchString(sv(score["id"])) {
		t.Errorf("score = %v", score)
	}
	page := h.call("GET", cpath("fields", "cat", "entity=contact", "limit=1"), nil).body
	if len(arr(page["result"])) != 1 || page["next_cursor"] == nil {
		t.Errorf("paged = %v", page)
	}
	if n := len(arr(h.call("GET", cpath("fields", "cat", "entity=contact", "name=score"), nil).body["result"])); n != 1 {
		t.Errorf("name filter: %d", n)
	}
	one := h.call("GET", ipath("fields", "cat", "f-src")+"&entity=opportunity", nil).wantStatus(t, 200).body
	if one["description"] != "Where it came from" || one["entity_type"] != "opportunity" {
		t.Errorf("get = %v", one)
	}
	h.call("GET", ipath("fields", "cat", "nope")+"&entity=contact", nil).wantError(t, 404, "not found", true)
	h.call("GET", ipath("fields", "cat", "f-src"), nil).wantError(t, 400, "entity is required", false)
	// The catalog never constrains records' custom fields.
	h.createIn("contacts", "cat", map[string]any{"first_name": "x", "custom_fields": map[string]any{"not_in_catalog": 1}})
}

func TestProfileValidate(t *testing.T) {
	for _, c := range []struct {
		p   Profile
		msg string
	}{
		{Profile{Collections: map[string]CollectionProfile{"widgets": {}}}, `unknown collection "widgets"`},
		{Profile{Collections: map[string]CollectionProfile{"notes": {Methods: []string{"patch"}}}}, `unknown method "patch"`},
		{Profile{Collections: map[string]CollectionProfile{"notes": {RequiredQuery: map[string][]string{"put": {"x"}}}}}, `unknown method "put"`},
		{Profile{ReferenceErrorStatus: 422}, "reference_error_status 422"},
		{Profile{Fields: map[string][]FieldDef{"view": {{Name: "x", Type: "string"}}}}, `unknown entity "view"`},
		{Profile{Fields: map[string][]FieldDef{"contact": {{Type: "string"}}}}, "has no name"},
		{Profile{Fields: map[string][]FieldDef{"contact": {{Name: "x", Type: "color"}}}}, `unknown type "color"`},
	} {
		err := c.p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Validate(%+v) = %v, want %q", c.p, err, c.msg)
		}
	}
	if err := catalogProfile().Validate(); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "integrated account bad") {
			t.Errorf("New recovered %v", p)
		}
	}()
	New(Options{Token: "t", Accounts: []IntegratedAccount{{ID: "bad", Profile: Profile{ReferenceErrorStatus: 500}}}})
}

// A method the profile leaves unrouted answers Truto's plain 404 (not the CRM's, not "Integrated
// account not found"), while the collection's other methods work and capabilities still list it.
func TestCollectionProfileUnrouted(t *testing.T) {
	h := newHarness(t, withAccount("u", Profile{Collections: map[string]CollectionProfile{
		"leads": {Unrouted: []string{"list"}},
	}}))
	l := h.createIn("leads", "u", map[string]any{"first_name": "Ada", "last_name": "L"})
	res := h.call("GET", cpath("leads", "u"), nil).wantError(t, 404, "Not Found", false)
	if strings.Contains(strings.ToLower(sv(res.body["message"])), "integrated account") {
		t.Errorf("message %q reads as an unknown integrated account", res.body["message"])
	}
	h.call("GET", ipath("leads", "u", sv(l["id"])), nil).wantStatus(t, 200)
	if err := (Profile{Collections: map[string]CollectionProfile{"leads": {Unrouted: []string{"fetch"}}}}).Validate(); err == nil ||
		!strings.Contains(err.Error(), `collections.leads.unrouted: unknown method "fetch"`) {
		t.Errorf("Validate: %v", err)
	}
}
