package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// cpath is a collection path plus extra query.
func cpath(coll, acct string, extra ...string) string {
	p := "/unified/crm/" + coll + "?integrated_account_id=" + acct
	for _, e := range extra {
		p += "&" + e
	}
	return p
}

// ipath is an item path plus extra query.
func ipath(coll, acct, id string, extra ...string) string {
	p := "/unified/crm/" + coll + "/" + id + "?integrated_account_id=" + acct
	for _, e := range extra {
		p += "&" + e
	}
	return p
}

// createIn POSTs to a collection and requires 201.
func (h *harness) createIn(coll, acct string, body map[string]any) map[string]any {
	h.t.Helper()
	res := h.call("POST", cpath(coll, acct), body)
	if res.status != http.StatusCreated {
		h.t.Fatalf("create %s: status %d body %s", coll, res.status, res.raw)
	}
	return res.body
}

// catalogProfile serves a small custom-field catalog.
func catalogProfile() Profile {
	return Profile{Integration: "pipedrive", Fields: map[string][]FieldDef{
		"contact": {
			{ID: "f-tier", Name: "tier", Label: "Tier", Type: "enum", Options: []FieldOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver"}}, IsUserDefined: true},
			{Name: "score", Label: "Score", Type: "number", IsRequired: true},
		},
		"opportunity": {{ID: "f-src", Name: "source", Label: "Source", Type: "string", Description: "Where it came from"}},
	}}
}

func TestCollectionRouting(t *testing.T) {
	h := newHarness(t)
	// What each collection answers for list, create, get, update and delete
	// on a record that does not exist (or, for create, an empty body).
	cases := []struct {
		coll                           string
		list, create, get, update, del int
	}{
		{"accounts", 200, 400, 404, 404, 404},
		{"contacts", 200, 400, 404, 404, 404},
		{"opportunities", 200, 400, 404, 404, 404},
		{"leads", 200, 201, 404, 404, 404},
		{"notes", 200, 400, 404, 404, 404},
		{"tasks", 200, 201, 404, 404, 404},
		{"engagements", 200, 400, 404, 404, 404},
		{"users", 200, 405, 404, 405, 405},
		{"stages", 200, 405, 405, 405, 405},
		{"fields", 405, 405, 405, 405, 405}, // no catalog in this profile
	}
	for _, c := range cases {
		t.Run(c.coll, func(t *testing.T) {
			h.call("GET", cpath(c.coll, acctID), nil).wantStatus(t, c.list)
			h.call("POST", cpath(c.coll, acctID), map[string]any{}).wantStatus(t, c.create)
			h.call("GET", ipath(c.coll, acctID, "99999999999"), nil).wantStatus(t, c.get)
			h.call("PATCH", ipath(c.coll, acctID, "99999999999"), map[string]any{}).wantStatus(t, c.update)
			h.call("DELETE", ipath(c.coll, acctID, "99999999999"), nil).wantStatus(t, c.del)
			// Every collection needs the integrated account and the token.
			h.call("GET", "/unified/crm/"+c.coll, nil).wantError(t, 400, "integrated_account_id", false)
			h.call("GET", cpath(c.coll, "nope"), nil).wantError(t, 404, "Integrated account not found", false)
			h.call("GET", cpath(c.coll, acctID), nil, "Authorization:").wantError(t, 401, "Invalid API token", false)
			h.call("PUT", cpath(c.coll, acctID), nil).wantError(t, 405, "PUT", false)
		})
	}
	// A method the collection does not have at all is a routing 405 with
	// the route's Allow header, before the account is looked at.
	res := h.call("POST", cpath("users", "nope"), map[string]any{}).wantError(t, 405, "Method POST is not allowed", false)
	if res.header.Get("Allow") != "GET" {
		t.Errorf("users Allow = %q", res.header.Get("Allow"))
	}
	// A method the integration lacks (no catalog) is the integration's 405.
	h.call("GET", cpath("fields", acctID, "entity=contact"), nil).wantError(t, 405, "list: method not supported by integration hubspot", false)
	// The CRM's 404 names the record the vendor's way.
	res = h.call("GET", ipath("contacts", acctID, "123"), nil).wantError(t, 404, "not found", true)
	if msg := sv(obj(res.body["raw_response"])["message"]); !strings.Contains(msg, "contact 123 does not exist") {
		t.Errorf("vendor message = %q", msg)
	}
	for _, p := range []string{"/unified/crm/widgets", "/unified/crm/contacts/1/2", "/unified/crm/Contacts"} {
		h.call("GET", p+"?integrated_account_id="+acctID, nil).wantError(t, 404, "Not Found", false)
	}
}

// TestCollectionCRUD runs create, get, patch, list and delete for every
// writable collection.
func TestCollectionCRUD(t *testing.T) {
	cases := []struct {
		coll          string
		create, patch map[string]any
		want          map[string]any // after the patch
	}{
		{"contacts",
			map[string]any{"first_name": "Ada", "last_name": "Lovelace", "title": "Analyst", "account": map[string]any{"id": "a1"},
				"email_addresses": []any{map[string]any{"email": "ada@example.com", "type": "work"}}, "urls": []any{map[string]any{"url": "https://ada.example"}}},
			map[string]any{"title": "Countess", "urls": nil},
			map[string]any{"first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace", "title": "Countess", "account": map[string]any{"id": "a1"},
				"email_addresses": []any{map[string]any{"email": "ada@example.com", "type": "work"}}}},
		{"opportunities",
			map[string]any{"name": "Big deal", "amount": 1234.56, "currency": "EUR", "close_date": "2026-03-31", "status": "open", "contact": []any{map[string]any{"id": "c1"}}},
			map[string]any{"amount": 2000, "status": "won", "description": "signed"},
			map[string]any{"name": "Big deal", "amount": 2000, "currency": "EUR", "close_date": "2026-03-31T00:00:00.000Z", "status": "won", "description": "signed", "contact": []any{map[string]any{"id": "c1"}}}},
		{"leads",
			map[string]any{"title": "Inbound", "first_name": "Lin", "lead_source": "Partner", "email_addresses": []any{map[string]any{"email": "lin@example.com", "type": "primary"}}},
			map[string]any{"last_name": "Ho", "contact": map[string]any{"id": "c9"}},
			map[string]any{"title": "Inbound", "first_name": "Lin", "last_name": "Ho", "lead_source": "Partner", "contact": map[string]any{"id": "c9"},
				"email_addresses": []any{map[string]any{"email": "lin@example.com", "type": "primary"}}}},
		{"notes",
			map[string]any{"content": "Called", "account": map[string]any{"id": "a1"}},
			map[string]any{"title": "Call notes", "contact": []any{map[string]any{"id": "c1"}, map[string]any{"id": "c2"}}},
			map[string]any{"content": "Called", "title": "Call notes", "account": map[string]any{"id": "a1"}, "contact": []any{map[string]any{"id": "c1"}, map[string]any{"id": "c2"}}}},
		{"tasks",
			map[string]any{"subject": "Follow up", "due_date": "2026-04-01T09:30:00Z", "status": "open", "owner": map[string]any{"id": "u1"}},
			map[string]any{"content": "Send the quote"},
			map[string]any{"subject": "Follow up", "content": "Send the quote", "due_date": "2026-04-01T09:30:00.000Z", "status": "open", "owner": map[string]any{"id": "u1"}}},
		{"engagements",
			map[string]any{"engagement_type": "call", "direction": "outbound", "start_time": "2026-01-02T10:00:00+01:00", "duration": "15m", "lead": []any{map[string]any{"id": "l1"}}},
			map[string]any{"subject": "Intro", "direction": "inbound"},
			map[string]any{"engagement_type": "call", "direction": "inbound", "subject": "Intro", "start_time": "2026-01-02T09:00:00.000Z", "duration": "15m", "lead": []any{map[string]any{"id": "l1"}}}},
	}
	for _, c := range cases {
		t.Run(c.coll, func(t *testing.T) {
			h := newHarness(t)
			created := h.createIn(c.coll, plainID, c.create)
			id := sv(created["id"])
			if !recordIDRe.MatchString(id) || !tsRe.MatchString(sv(created["created_at"])) || !tsRe.MatchString(sv(created["updated_at"])) {
				t.Fatalf("created = %v", created)
			}
			if rd := obj(created["remote_data"]); rd["id"] != id {
				t.Errorf("remote_data = %v, want a flat vendor record", rd)
			}
			jsonEq(t, "GET after create", h.call("GET", ipath(c.coll, plainID, id), nil).wantStatus(t, 200).body, created)
			time.Sleep(2 * time.Millisecond)
			patched := h.call("PATCH", ipath(c.coll, plainID, id, "truto_ignore_remote_data=true"), c.patch).wantStatus(t, 200).body
			if sv(patched["updated_at"]) <= sv(created["updated_at"]) || patched["created_at"] != created["created_at"] {
				t.Errorf("timestamps: %v -> %v", created, patched)
			}
			got := map[string]any{}
			for k, v := range patched {
				switch k {
				case "id", "created_at", "updated_at", "etag":
				case "email_addresses", "addresses", "phone_numbers":
					// ids are the CRM's; compare the rest
					var items []any
					for _, it := range items2(v) {
						delete(it, "id")
						items = append(items, it)
					}
					got[k] = items
				default:
					got[k] = v
				}
			}
			jsonEq(t, "after PATCH", got, c.want)
			list := h.call("GET", cpath(c.coll, plainID), nil).wantStatus(t, 200).body
			if n := len(arr(list["result"])); n != 1 || sv(obj(arr(list["result"])[0])["id"]) != id {
				t.Errorf("list = %v", list)
			}
			jsonEq(t, "delete", h.call("DELETE", ipath(c.coll, plainID, id), nil).wantStatus(t, 200).body, map[string]any{"id": id})
			h.call("GET", ipath(c.coll, plainID, id), nil).wantError(t, 404, "not found", true)
			if n := len(h.srv.In(c.coll).Records(plainID)); n != 0 {
				t.Errorf("%d records after delete", n)
			}
		})
	}
}

func items2(v any) []map[string]any {
	var out []map[string]any
	for _, x := range arr(v) {
		out = append(out, obj(x))
	}
	return out
}

func TestCollectionTypeErrors(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		coll, body, msg string
	}{
		{"opportunities", `{"name":"x","amount":"12"}`, "amount must be a number"},
		{"opportunities", `{"name":"x","close_date":"next week"}`, "close_date must be an RFC 3339 date-time"},
		{"opportunities", `{"name":"x","close_date":5}`, "close_date must be an RFC 3339 date-time"},
		{"opportunities", `{"name":"x","contact":{"id":"1"}}`, "contact must be an array"},
		{"opportunities", `{"name":"x","contact":[{"id":1}]}`, "contact[0].id must be a string"},
		{"opportunities", `{"name":"x","contact":["1"]}`, "contact[0] must be an object with an id"},
		{"opportunities", `{"name":"x","stage":"s1"}`, "stage must be an object with an id"},
		{"contacts", `{"first_name":1}`, "first_name must be a string"},
		{"contacts", `{"first_name":"a","email_addresses":[{"email":3}]}`, "email_addresses[0].email must be a string"},
		{"contacts", `{"first_name":"a","custom_fields":"x"}`, "custom_fields must be an object"},
		{"contacts", `{"first_name":"a","remote_data":[]}`, "remote_data must be an object"},
		{"leads", `{"addresses":{}}`, "addresses must be an array"},
		{"leads", `{"contact":[{"id":"1"}]}`, "contact must be an object with an id"},
		{"tasks", `{"due_date":true}`, "due_date must be an RFC 3339 date-time"},
		{"tasks", `{"completed_at":"yesterday"}`, "completed_at must be an RFC 3339 date-time"},
		{"engagements", `{"engagement_type":"call","end_time":"soon"}`, "end_time must be an RFC 3339"},
		{"engagements", `{"engagement_type":7}`, "engagement_type must be a string"},
		{"notes", `{"account":{"id":"1"},"content":["x"]}`, "content must be a string"},
	}
	for _, c := range cases {
		h.call("POST", cpath(c.coll, plainID), c.body).wantError(t, 400, c.msg, false)
	}
	// The CRM's own rejections are 422s.
	for _, c := range []struct{ coll, body, msg string }{
		{"leads", `{"email_addresses":[{"email":"a@b.c","type":"work"}]}`, "email_addresses[0].type must be one of primary, secondary"},
		{"engagements", `{"engagement_type":"call","direction":"sideways"}`, "direction must be one of inbound, outbound, missed"},
		{"engagements", `{"engagement_type":"fax"}`, "engagement_type must be one of call, meeting, email, note, chat, task"},
	} {
		res := h.call("POST", cpath(c.coll, plainID), c.body).wantError(t, 422, c.msg, true)
		if obj(res.body["raw_response"])["category"] != "VALIDATION_ERROR" {
			t.Errorf("raw_response = %v", res.body["raw_response"])
		}
	}
	for _, coll := range []string{"opportunities", "contacts", "leads", "tasks", "engagements", "notes"} {
		if n := len(h.srv.In(coll).Records(plainID)); n != 0 {
			t.Errorf("%s: %d records stored by invalid creates", coll, n)
		}
	}
}

func TestCollectionCreateRules(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		coll    string
		body    map[string]any
		missing string // "" = created
		msg     string
	}{
		{"contacts", map[string]any{"title": "CEO"}, "first_name", "one of first_name, last_name or email_addresses is required"},
		{"contacts", map[string]any{"first_name": "", "email_addresses": []any{map[string]any{"type": "work"}}}, "first_name", "one of first_name"},
		{"contacts", map[string]any{"last_name": "Solo"}, "", ""},
		{"contacts", map[string]any{"email_addresses": []any{map[string]any{"email": "x@y.z"}}}, "", ""},
		{"opportunities", map[string]any{"amount": 5}, "name", "name is required"},
		{"opportunities", map[string]any{"name": "N"}, "", ""},
		{"notes", map[string]any{"content": "orphan"}, "account", "one of contact, account or opportunity is required"},
		{"notes", map[string]any{"content": "x", "contact": []any{}}, "account", "one of contact, account or opportunity"},
		{"notes", map[string]any{"content": "x", "account": map[string]any{"id": ""}}, "account", "one of contact, account or opportunity"},
		{"notes", map[string]any{"content": "x", "contact": []any{map[string]any{"id": "c1"}}}, "", ""},
		{"notes", map[string]any{"content": "x", "opportunity": map[string]any{"id": "o1"}}, "", ""},
		{"engagements", map[string]any{"subject": "?"}, "engagement_type", "engagement_type is required"},
		{"leads", map[string]any{}, "", ""},
		{"tasks", map[string]any{}, "", ""},
	}
	for i, c := range cases {
		res := h.call("POST", cpath(c.coll, plainID), c.body)
		if c.missing == "" {
			res.wantStatus(t, 201)
			continue
		}
		res.wantError(t, 400, c.msg, false)
		jsonEq(t, fmt.Sprintf("case %d insight", i), res.insight("missing_required_body_fields"), []string{c.missing})
	}
	// An update only checks what it touches.
	id := sv(h.createIn("opportunities", plainID, map[string]any{"name": "N"})["id"])
	h.call("PATCH", ipath("opportunities", plainID, id), map[string]any{"amount": 1}).wantStatus(t, 200)
	h.call("PATCH", ipath("opportunities", plainID, id), map[string]any{"name": nil}).wantError(t, 400, "name is required", false)
	nid := sv(h.createIn("notes", plainID, map[string]any{"account": map[string]any{"id": "a"}})["id"])
	h.call("PATCH", ipath("notes", plainID, nid), map[string]any{"account": nil}).wantError(t, 400, "one of contact, account or opportunity", false)
	h.call("PATCH", ipath("notes", plainID, nid), map[string]any{"account": nil, "opportunity": map[string]any{"id": "o"}}).wantStatus(t, 200)
}

func TestReadOnlyFieldsIgnored(t *testing.T) {
	h := newHarness(t)
	c := h.createIn("contacts", plainID, map[string]any{"first_name": "A", "name": "Forged", "etag": "forged",
		"last_activity_at": "2020-01-01T00:00:00Z", "updated_at": "2001-01-01T00:00:00Z", "id": "chosen", "created_at": "2021-05-06T07:08:09Z"})
	if c["name"] != "A" || c["etag"] == "forged" || c["id"] == "chosen" || c["updated_at"] == "2001-01-01T00:00:00.000Z" {
		t.Errorf("read-only fields written: %v", c)
	}
	if _, ok := c["last_activity_at"]; ok {
		t.Error("last_activity_at written")
	}
	if c["created_at"] != "2021-05-06T07:08:09.000Z" {
		t.Errorf("created_at = %v, want the backdated value", c["created_at"])
	}
	l := h.createIn("leads", plainID, map[string]any{"first_name": "L", "converted_account": map[string]any{"id": "a1"}, "converted_contact": map[string]any{"id": "c1"}})
	if _, ok := l["converted_account"]; ok {
		t.Error("converted_account written through the API")
	}
	if !h.srv.In("leads").Mutate(plainID, sv(l["id"]), map[string]any{"converted_account": map[string]any{"id": "a1"}}) {
		t.Fatal("Mutate lead")
	}
	got := h.call("GET", ipath("leads", plainID, sv(l["id"])), nil).body
	jsonEq(t, "converted_account via Mutate", got["converted_account"], map[string]any{"id": "a1"})
	// Tasks: created_at is the CRM's.
	task := h.createIn("tasks", plainID, map[string]any{"subject": "s", "created_at": "2020-01-01T00:00:00Z"})
	if task["created_at"] == "2020-01-01T00:00:00.000Z" {
		t.Error("task created_at was backdated")
	}
	// Unknown keys are dropped.
	o := h.createIn("opportunities", plainID, map[string]any{"name": "o", "pipeline": map[string]any{"id": "p"}, "probability": 3})
	if _, ok := o["pipeline"]; ok {
		t.Error("unknown field kept")
	}
}

func TestContactNameEtagAndEmails(t *testing.T) {
	h := newHarness(t)
	c := h.createIn("contacts", plainID, map[string]any{"first_name": " Grace ", "email_addresses": []any{
		map[string]any{"email": "grace@navy.example", "type": "work"}, map[string]any{"email": "g@home.example", "type": "anything"},
	}})
	id := sv(c["id"])
	if c["name"] != "Grace" {
		t.Errorf("name = %q", c["name"])
	}
	emails := items(c, "email_addresses")
	for _, e := range emails {
		if !itemIDRe.MatchString(sv(e["id"])) {
			t.Errorf("email without a CRM id: %v", e)
		}
	}
	etag := sv(c["etag"])
	if etag == "" {
		t.Fatal("no etag")
	}
	// PATCH: name follows, etag changes, an email sent back keeps its id.
	res := h.call("PATCH", ipath("contacts", plainID, id), map[string]any{"last_name": "Hopper",
		"email_addresses": []any{emails[1], map[string]any{"email": "new@x.example"}}}).wantStatus(t, 200).body
	if res["name"] != "Grace Hopper" || sv(res["etag"]) == etag {
		t.Errorf("after PATCH: name %v etag %v (was %v)", res["name"], res["etag"], etag)
	}
	ne := items(res, "email_addresses")
	if ne[0]["id"] != emails[1]["id"] || ne[1]["id"] == emails[0]["id"] || !itemIDRe.MatchString(sv(ne[1]["id"])) {
		t.Errorf("email ids: %v -> %v", emails, ne)
	}
	etag = sv(res["etag"])
	h.srv.In("contacts").Mutate(plainID, id, map[string]any{"title": "RADM"})
	after, _ := h.srv.In("contacts").Record(plainID, id)
	if sv(after["etag"]) == etag {
		t.Error("Mutate did not change the etag")
	}
	// Clearing both names removes name.
	res = h.call("PATCH", ipath("contacts", plainID, id), map[string]any{"first_name": nil, "last_name": ""}).wantStatus(t, 200).body
	if _, ok := res["name"]; ok {
		t.Errorf("name = %v with no first or last name", res["name"])
	}
	// Phone types are free for contacts.
	h.createIn("contacts", plainID, map[string]any{"first_name": "P", "phone_numbers": []any{map[string]any{"number": "1", "type": "pager"}}})
	// A seeded bare name is kept; a seeded first name fills it.
	sid := h.srv.In("contacts").Seed(plainID, map[string]any{"name": "Only Name"})
	if r, _ := h.srv.In("contacts").Record(plainID, sid); r["name"] != "Only Name" || sv(r["etag"]) == "" {
		t.Errorf("seeded = %v", r)
	}
	sid = h.srv.In("contacts").Seed(plainID, map[string]any{"first_name": "Seeded", "last_name": "Person"})
	if r, _ := h.srv.In("contacts").Record(plainID, sid); r["name"] != "Seeded Person" {
		t.Errorf("seeded = %v", r)
	}
}

func TestTaskCompletedAt(t *testing.T) {
	h := newHarness(t)
	before := now()
	task := h.createIn("tasks", plainID, map[string]any{"subject": "s", "status": "Done"})
	ts, ok := parseTime(sv(task["completed_at"]))
	if !ok || ts.Before(before) {
		t.Fatalf("completed_at = %v", task["completed_at"])
	}
	id := sv(task["id"])
	// Another status clears nothing; completing again keeps the time.
	res := h.call("PATCH", ipath("tasks", plainID, id), map[string]any{"status": "open"}).wantStatus(t, 200).body
	if res["completed_at"] != task["completed_at"] {
		t.Errorf("completed_at changed on reopen: %v", res["completed_at"])
	}
	res = h.call("PATCH", ipath("tasks", plainID, id), map[string]any{"status": "COMPLETED"}).body
	if res["completed_at"] != task["completed_at"] {
		t.Errorf("completed_at changed: %v", res["completed_at"])
	}
	// An explicit completed_at wins; no status, no completed_at.
	res = h.createIn("tasks", plainID, map[string]any{"status": "completed", "completed_at": "2025-01-01T12:00:00Z"})
	if res["completed_at"] != "2025-01-01T12:00:00.000Z" {
		t.Errorf("explicit completed_at = %v", res["completed_at"])
	}
	res = h.createIn("tasks", plainID, map[string]any{"status": "waiting"})
	if _, ok := res["completed_at"]; ok {
		t.Error("completed_at set for a status that is not done")
	}
	id = sv(res["id"])
	res = h.call("PATCH", ipath("tasks", plainID, id), map[string]any{"status": "done"}).body
	if _, ok := parseTime(sv(res["completed_at"])); !ok {
		t.Errorf("completing by PATCH: %v", res["completed_at"])
	}
}

func TestUsersAndStages(t *testing.T) {
	h := newHarness(t)
	users := h.srv.In("users")
	users.Seed(acctID, map[string]any{"id": "u-sam", "name": "Sam Sales", "email": "Sam@Demo.example", "is_active": true, "created_at": "2024-01-02T00:00:00Z"})
	users.Seed(acctID, map[string]any{"id": "u-alex", "name": "Alex Admin", "email": "alex@demo.example", "is_active": false, "created_at": "2024-01-01T00:00:00Z"})
	got := h.call("GET", ipath("users", acctID, "u-sam"), nil).wantStatus(t, 200).body
	if got["name"] != "Sam Sales" || got["is_active"] != true || got["email"] != "Sam@Demo.example" {
		t.Errorf("user = %v", got)
	}
	if alex, _ := users.Record(acctID, "u-alex"); alex["is_active"] != false {
		t.Errorf("is_active false not returned: %v", alex)
	}
	names := func(coll string, q ...string) []string {
		t.Helper()
		res := h.call("GET", cpath(coll, acctID, q...), nil).wantStatus(t, 200)
		out := []string{}
		for _, it := range arr(res.body["result"]) {
			out = append(out, sv(obj(it)["name"]))
		}
		return out
	}
	for _, c := range []struct {
		q    []string
		want []string
	}{
		{nil, []string{"Sam Sales", "Alex Admin"}},
		{[]string{"email=sam@demo.EXAMPLE"}, []string{"Sam Sales"}},
		{[]string{"email=sam"}, []string{}},
		{[]string{"name=alex%20admin"}, []string{"Alex Admin"}},
		{[]string{"sort_by[email]=asc"}, []string{"Alex Admin", "Sam Sales"}},
		{[]string{"sort_by[created_at]=asc"}, []string{"Alex Admin", "Sam Sales"}},
		{[]string{"created_at[gt]=2024-01-01T12:00:00Z"}, []string{"Sam Sales"}},
	} {
		jsonEq(t, fmt.Sprint("users ", c.q), names("users", c.q...), c.want)
	}
	h.call("GET", cpath("users", acctID, "sort_by[is_active]=asc"), nil).wantError(t, 400, "sort_by must be one of name, email, created_at, updated_at", false)
	h.call("POST", cpath("users", acctID), map[string]any{"name": "x"}).wantError(t, 405, "POST", false)
	h.call("DELETE", ipath("users", acctID, "u-sam"), nil).wantError(t, 405, "DELETE", false)

	stages := h.srv.In("stages")
	sales := map[string]any{"id": "p1", "name": "Sales"}
	renew := map[string]any{"id": "p2", "name": "Renewals"}
	stages.Seed(acctID, map[string]any{"name": "Proposal", "position": 2, "status": "active", "pipeline": sales})
	stages.Seed(acctID, map[string]any{"name": "Renew", "position": 1, "status": "active", "pipeline": renew})
	stages.Seed(acctID, map[string]any{"name": "Qualified", "position": 1, "status": "active", "pipeline": sales})
	stages.Seed(acctID, map[string]any{"name": "Lost", "position": 9, "status": "inactive", "pipeline": sales})
	for _, c := range []struct {
		q    []string
		want []string
	}{
		{nil, []string{"Qualified", "Proposal", "Lost", "Renew"}},
		{[]string{"pipeline[id]=p2"}, []string{"Renew"}},
		{[]string{"status=inactive"}, []string{"Lost"}},
		{[]string{"name=proposal"}, []string{"Proposal"}},
		{[]string{"sort_by[name]=asc"}, []string{"Lost", "Proposal", "Qualified", "Renew"}},
		{[]string{"sort_by[position]=asc"}, []string{"Qualified", "Renew", "Proposal", "Lost"}},
		{[]string{"limit=2"}, []string{"Qualified", "Proposal"}},
	} {
		jsonEq(t, fmt.Sprint("stages ", c.q), names("stages", c.q...), c.want)
	}
	first := obj(arr(h.call("GET", cpath("stages", acctID), nil).body["result"])[0])
	if first["position"] != float64(1) || !jsonIs(first["pipeline"], sales) || first["status"] != "active" {
		t.Errorf("stage = %v", first)
	}
	h.call("GET", ipath("stages", acctID, sv(first["id"])), nil).wantError(t, 405, "GET", false)
}

func jsonIs(a, b any) bool {
	return jsonText(a) == jsonText(b)
}

func TestFilters(t *testing.T) {
	h := newHarness(t)
	contacts := h.srv.In("contacts")
	contacts.Seed(acctID, map[string]any{"first_name": "Ann", "last_name": "Lee", "account": map[string]any{"id": "a1"}, "owner": map[string]any{"id": "u1"},
		"email_addresses": []any{map[string]any{"email": "ann@corp.example"}, map[string]any{"email": "Ann.Lee@home.example"}}})
	contacts.Seed(acctID, map[string]any{"first_name": "Bob", "account": map[string]any{"id": "a2"}, "email_addresses": []any{map[string]any{"email": "bob@corp.example"}}})
	contacts.Seed(acctID, map[string]any{"last_name": "Annex", "owner": map[string]any{"id": "u1"}})
	opps := h.srv.In("opportunities")
	opps.Seed(acctID, map[string]any{"name": "Zeta", "amount": 10, "status": "open", "stage": map[string]any{"id": "s1"}, "account": map[string]any{"id": "a1"}, "close_date": "2026-05-01T00:00:00.000Z"})
	opps.Seed(acctID, map[string]any{"name": "alpha", "amount": 30, "status": "won", "stage": map[string]any{"id": "s2"}, "owner": map[string]any{"id": "u2"}, "description": "renewal", "close_date": "2026-02-01T00:00:00.000Z"})
	opps.Seed(acctID, map[string]any{"name": "Mid", "amount": 20, "status": "OPEN"})
	leads := h.srv.In("leads")
	leads.Seed(acctID, map[string]any{"first_name": "Lou", "last_name": "Reed", "owner": map[string]any{"id": "u1"}, "contact": map[string]any{"id": "c1"}})
	leads.Seed(acctID, map[string]any{"first_name": "Ana", "account": map[string]any{"id": "a1"}})
	engs := h.srv.In("engagements")
	engs.Seed(acctID, map[string]any{"subject": "E1", "engagement_type": "call", "contact": []any{map[string]any{"id": "c1"}, map[string]any{"id": "c2"}}})
	engs.Seed(acctID, map[string]any{"subject": "E2", "engagement_type": "meeting", "account": map[string]any{"id": "a1"}, "owner": map[string]any{"id": "u1"}})
	key := map[string]string{"contacts": "name", "opportunities": "name", "leads": "first_name", "engagements": "subject"}
	cases := []struct {
		coll string
		q    string
		want []string
	}{
		{"contacts", "", []string{"Ann Lee", "Bob", "Annex"}},
		{"contacts", "name=ANN%20LEE", []string{"Ann Lee"}},
		{"contacts", "name=Ann", []string{}},
		{"contacts", "email=ann.lee@HOME.example", []string{"Ann Lee"}},
		{"contacts", "email=corp.example", []string{}},
		{"contacts", "account[id]=a2", []string{"Bob"}},
		{"contacts", "owner[id]=u1", []string{"Ann Lee", "Annex"}},
		{"contacts", "search_term=ann", []string{"Ann Lee", "Annex"}},
		{"contacts", "search_term=corp.example", []string{"Ann Lee", "Bob"}},
		{"contacts", "sort_by[name]=asc", []string{"Ann Lee", "Annex", "Bob"}},
		{"opportunities", "status=open", []string{"Zeta", "Mid"}},
		{"opportunities", "stage[id]=s2", []string{"alpha"}},
		{"opportunities", "owner[id]=u2", []string{"alpha"}},
		{"opportunities", "account[id]=a1", []string{"Zeta"}},
		{"opportunities", "name=MID", []string{"Mid"}},
		{"opportunities", "search_term=renew", []string{"alpha"}},
		{"opportunities", "sort_by[name]=asc", []string{"alpha", "Mid", "Zeta"}},
		{"opportunities", "sort_by[amount]=asc", []string{"Zeta", "Mid", "alpha"}},
		{"opportunities", "sort_by[close_date]=asc", []string{"alpha", "Zeta", "Mid"}},
		{"leads", "name=lou%20reed", []string{"Lou"}},
		{"leads", "owner[id]=u1", []string{"Lou"}},
		{"leads", "contact[id]=c1", []string{"Lou"}},
		{"leads", "account[id]=a1", []string{"Ana"}},
		{"leads", "sort_by[name]=asc", []string{"Ana", "Lou"}},
		{"engagements", "engagement_type=MEETING", []string{"E2"}},
		{"engagements", "contact[id]=c2", []string{"E1"}},
		{"engagements", "account[id]=a1", []string{"E2"}},
		{"engagements", "owner[id]=u1", []string{"E2"}},
	}
	for _, c := range cases {
		res := h.call("GET", cpath(c.coll, acctID, c.q), nil).wantStatus(t, 200)
		got := []string{}
		for _, it := range arr(res.body["result"]) {
			got = append(got, sv(obj(it)[key[c.coll]]))
		}
		jsonEq(t, c.coll+" "+c.q, got, c.want)
	}
	h.call("GET", cpath("contacts", acctID, "sort_by[email]=asc"), nil).wantError(t, 400, "sort_by must be one of name, created_at, updated_at", false)
}

func TestStageNameOnOpportunities(t *testing.T) {
	h := newHarness(t)
	sid := h.srv.In("stages").Seed(plainID, map[string]any{"name": "Proposal", "position": 2})
	o := h.createIn("opportunities", plainID, map[string]any{"name": "O", "stage": map[string]any{"id": sid, "name": "ignored"}})
	jsonEq(t, "stage", o["stage"], map[string]any{"id": sid, "name": "Proposal"})
	o = h.createIn("opportunities", plainID, map[string]any{"name": "O2", "stage": map[string]any{"id": "unknown"}})
	jsonEq(t, "unknown stage", o["stage"], map[string]any{"id": "unknown"})
	h.srv.In("stages").Mutate(plainID, sid, map[string]any{"name": "Negotiation"})
	// the stage of another integrated account is not this one's
	o = h.createIn("opportunities", acctID, map[string]any{"name": "O3", "stage": map[string]any{"id": sid}})
	jsonEq(t, "other account's stage", o["stage"], map[string]any{"id": sid})
}

func TestGenericBehaviourOnEveryCollection(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts = append(o.Accounts, IntegratedAccount{ID: "sbx", Profile: Profile{Sandbox: true, Integration: "salesforce"}})
	})
	body := map[string]any{"first_name": "I", "remote_data": map[string]any{"Vendor_Only__c": "v"}}
	first := h.call("POST", cpath("contacts", plainID), body, "Idempotency-Key: c-1").wantStatus(t, 201)
	again := h.call("POST", cpath("contacts", plainID), body, "Idempotency-Key: c-1").wantStatus(t, 201)
	if again.header.Get("Idempotent-Replayed") != "true" || string(first.raw) != string(again.raw) {
		t.Error("idempotent replay on contacts")
	}
	if n := len(h.srv.In("contacts").Records(plainID)); n != 1 {
		t.Errorf("%d contacts for one key", n)
	}
	id := sv(first.body["id"])
	if obj(first.body["remote_data"])["Vendor_Only__c"] != "v" {
		t.Errorf("remote_data = %v", first.body["remote_data"])
	}
	got := h.call("GET", ipath("contacts", plainID, id, "truto_ignore_remote_data=true", "truto_exclude_fields[]=first_name"), nil).body
	if _, ok := got["remote_data"]; ok {
		t.Error("remote_data not dropped")
	}
	if _, ok := got["first_name"]; ok {
		t.Error("excluded field returned")
	}
	h.call("GET", cpath("engagements", plainID, "remote_query[workspace][id]=w9"), nil).wantStatus(t, 200)
	jsonEq(t, "remote query", h.srv.LastRemoteQuery(plainID), map[string]string{"workspace[id]": "w9"})
	h.srv.FailNext("GET", 502, 1)
	h.call("GET", cpath("tasks", plainID), nil).wantError(t, 502, "Bad gateway", false)
	// Pagination works the same everywhere.
	for i := range 5 {
		h.srv.In("notes").Seed(plainID, map[string]any{"content": fmt.Sprint(i)})
	}
	res := h.call("GET", cpath("notes", plainID, "limit=2"), nil).body
	if len(arr(res["result"])) != 2 || res["next_cursor"] == nil {
		t.Errorf("page = %v", res)
	}
	res = h.call("GET", cpath("notes", plainID, "limit=4", "next_cursor="+sv(res["next_cursor"])), nil).body
	if len(arr(res["result"])) != 3 || res["next_cursor"] != nil {
		t.Errorf("page 2 = %v", res)
	}
	// A sandbox is read-only in every collection.
	sid := h.srv.In("tasks").Seed("sbx", map[string]any{"subject": "s"})
	h.call("POST", cpath("tasks", "sbx"), map[string]any{}).wantError(t, 405, "read-only", false)
	h.call("PATCH", ipath("tasks", "sbx", sid), map[string]any{}).wantError(t, 405, "read-only", false)
	h.call("DELETE", ipath("tasks", "sbx", sid), nil).wantError(t, 405, "read-only", false)
	h.call("GET", ipath("tasks", "sbx", sid), nil).wantStatus(t, 200)
	// The Salesforce vendor error shape for another collection.
	r := h.call("GET", ipath("leads", "sbx", "nope"), nil).wantError(t, 404, "not found", true)
	if _, ok := obj(r.body["raw_response"])["errors"]; !ok {
		t.Errorf("raw_response = %s", r.raw)
	}
	// Ids are unique across collections and accounts.
	seen := map[string]bool{}
	for _, coll := range []string{"accounts", "contacts", "notes", "tasks"} {
		for _, acct := range []string{plainID, acctID, "sbx"} {
			for _, rec := range h.srv.In(coll).Records(acct) {
				if seen[sv(rec["id"])] {
					t.Errorf("id %v used twice", rec["id"])
				}
				seen[sv(rec["id"])] = true
			}
		}
	}
}

func TestInHandle(t *testing.T) {
	h := newHarness(t)
	if h.srv.In("accounts").Name() != "accounts" {
		t.Error("Name")
	}
	id := h.srv.In("accounts").Seed(acctID, map[string]any{"name": "Via In"})
	if r, ok := h.srv.Record(acctID, id); !ok || r["name"] != "Via In" {
		t.Errorf("In(accounts).Seed is not Seed: %v", r)
	}
	jsonEq(t, "Records", h.srv.In("accounts").Records(acctID), h.srv.Records(acctID))
	uid := h.srv.In("users").Seed(acctID, map[string]any{"name": "U"})
	if _, ok := h.srv.Record(acctID, uid); ok {
		t.Error("a user is visible as an account")
	}
	if !h.srv.In("users").Mutate(acctID, uid, map[string]any{"email": "u@x"}) || h.srv.In("users").Mutate(acctID, "missing", nil) {
		t.Error("Mutate")
	}
	if r, _ := h.srv.In("users").Record(acctID, uid); r["email"] != "u@x" {
		t.Errorf("user = %v", r)
	}
	if !h.srv.In("users").Remove(acctID, uid) || h.srv.In("users").Remove(acctID, uid) {
		t.Error("Remove")
	}
	if h.srv.In("users").Seed("nope", map[string]any{}) != "" || h.srv.In("users").Records("nope") != nil {
		t.Error("unknown integrated account")
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "unknown collection widgets") {
			t.Errorf("In(widgets) recovered %v", p)
		}
	}()
	h.srv.In("widgets")
}
