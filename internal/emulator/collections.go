package emulator

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// collections is the table of emulated collections, in the order
// capabilities lists them. Field names, shapes and rules follow Truto's
// reference pages, https://truto.one/docs/api-reference/unified-crm-api/{collection}/{method}
// (see doc.go). Every collection also has id, created_at, updated_at and
// remote_data.
var collections = []*collection{
	accountsCollection,
	contactsCollection,
	opportunitiesCollection,
	leadsCollection,
	notesCollection,
	tasksCollection,
	engagementsCollection,
	usersCollection,
	stagesCollection,
	fieldsCollection,
}

// accountsCollection: /unified/crm/accounts.
var accountsCollection = &collection{
	name: "accounts", noun: "account", title: "Accounts", vendorNoun: "company",
	description: "Companies and organisations your CRM does business with.",
	fields: []field{
		text("name"), text("website"), text("description"), text("industry"),
		count("number_of_employees"),
		ref("owner", "users"),
		list("addresses", crmIDs, addressKeys...),
		list("phone_numbers", crmIDs, "id", "number", "extension", "type").itemOneOf("type", "work", "mobile", "fax").phoneQuirk(),
		list("urls", noIDs, "url", "type"),
		list("tags", keepIDs, "id", "name"),
		customFields(),
		datetime("last_activity_at").ro(),
	},
	createdAtWritable: true,
	oneOf:             &oneOfRule{fields: []string{"name", "website"}, report: "name", message: "either name or website is required"},
	filters: append([]filter{
		nameEq(), fieldEq("website"), searchFilter("website"), refFilter("owner"),
	}, timeFilters()...),
	sortBy: []string{"name", "created_at", "updated_at"},
	vendor: accountVendorRecord,
}

// contactsCollection: /unified/crm/contacts (§3). name is the CRM's full
// name, etag changes on every write.
var contactsCollection = &collection{
	name: "contacts", noun: "contact", title: "Contacts",
	description: "People in your CRM, usually linked to an account.",
	fields: []field{
		text("first_name"), text("last_name"), text("title"),
		text("name").ro().describe("The contact's full name: first_name and last_name, filled by the CRM."),
		ref("account", "accounts"), ref("owner", "users"),
		list("email_addresses", crmIDs, "id", "email", "type").emailQuirk(),
		list("phone_numbers", crmIDs, "id", "number", "extension", "type").phoneQuirk(),
		list("addresses", crmIDs, addressKeys...),
		list("urls", noIDs, "url", "type"),
		list("tags", keepIDs, "id", "name"),
		customFields(),
		datetime("last_activity_at").ro(),
		text("etag").ro().describe("Identifier of this version of the contact; changes on every write."),
	},
	createdAtWritable: true,
	etag:              true,
	oneOf: &oneOfRule{fields: []string{"first_name", "last_name", "email_addresses"}, report: "first_name",
		message: "one of first_name, last_name or email_addresses is required"},
	filters: append([]filter{
		nameEq(), emailFilter(), refFilter("account"), refFilter("owner"), searchFilter("email_addresses"),
	}, timeFilters()...),
	sortBy: []string{"name", "created_at", "updated_at"},
	derive: deriveFullName,
}

// opportunitiesCollection: /unified/crm/opportunities (§4). Responses add
// the stage's name.
var opportunitiesCollection = &collection{
	name: "opportunities", noun: "opportunity", title: "Opportunities",
	description: "Deals in a pipeline, with an amount and a close date.",
	fields: []field{
		text("name"), text("description"),
		number("amount").numericQuirk(), text("currency"),
		datetime("close_date").dateOnlyQuirk(),
		text("status").describe("The opportunity's status; any value the CRM uses."),
		ref("account", "accounts"), refs("contact", "contacts"), ref("owner", "users"),
		ref("stage", "stages").named(),
		customFields(),
		datetime("last_activity_at").ro(),
	},
	createdAtWritable: true,
	required:          []string{"name"},
	filters: append([]filter{
		nameEq(), refFilter("account"), refFilter("owner"), refFilter("stage"), fieldEq("status"), searchFilter("description"),
	}, timeFilters()...),
	sortBy: []string{"name", "created_at", "updated_at", "close_date", "amount"},
}

// leadsCollection: /unified/crm/leads (§5).
var leadsCollection = &collection{
	name: "leads", noun: "lead", title: "Leads",
	description: "Prospects not yet converted into a contact and an account.",
	fields: []field{
		text("title"), text("first_name"), text("last_name"),
		ref("owner", "users"), ref("contact", "contacts"), ref("account", "accounts"),
		list("email_addresses", noIDs, "email", "type").itemOneOf("type", "primary", "secondary").emailQuirk(),
		list("addresses", noIDs, "street_1", "street_2", "city", "state", "postal_code", "country", "type"),
		text("lead_source"),
		ref("converted_account", "accounts").ro().describe("The account the lead was converted into, set by the CRM."),
		ref("converted_contact", "contacts").ro().describe("The contact the lead was converted into, set by the CRM."),
		customFields(),
	},
	createdAtWritable: true,
	nameOf:            func(r *record) string { return fullName(r.fields) },
	filters: append([]filter{
		nameEq(), refFilter("owner"), refFilter("contact"), refFilter("account"),
	}, timeFilters()...),
	sortBy: []string{"name", "created_at", "updated_at"},
}

// notesCollection: /unified/crm/notes (§6). One of contact, account or
// opportunity is required.
var notesCollection = &collection{
	name: "notes", noun: "note", title: "Notes",
	description: "Notes attached to contacts, accounts or opportunities.",
	fields: []field{
		text("content"), text("title"),
		ref("owner", "users"), ref("account", "accounts"), refs("contact", "contacts"),
		ref("opportunity", "opportunities"),
		customFields(),
	},
	createdAtWritable: true,
	oneOf: &oneOfRule{fields: []string{"contact", "account", "opportunity"}, report: "account",
		message: "one of contact, account or opportunity is required"},
	filters: append([]filter{
		refFilter("owner"), refFilter("account"), refFilter("contact"), refFilter("opportunity"),
	}, timeFilters()...),
	sortBy: []string{"created_at", "updated_at"},
}

// tasksCollection: /unified/crm/tasks (§7). A status of completed or done
// sets completed_at when it is not set.
var tasksCollection = &collection{
	name: "tasks", noun: "task", title: "Tasks",
	description: "To-dos with a due date, assigned to a user.",
	fields: []field{
		text("subject"), text("content"),
		ref("owner", "users"), ref("account", "accounts"), refs("contact", "contacts"),
		datetime("due_date").dateOnlyQuirk(),
		text("status").describe("The task's status; any value the CRM uses. completed or done sets completed_at."),
		datetime("completed_at"),
		customFields(),
	},
	filters: append([]filter{
		refFilter("owner"), refFilter("account"), refFilter("contact"), fieldEq("status"),
	}, timeFilters()...),
	sortBy: []string{"created_at", "updated_at", "due_date"},
	derive: deriveCompletedAt,
}

// engagementsCollection: /unified/crm/engagements (§8).
var engagementsCollection = &collection{
	name: "engagements", noun: "engagement", title: "Engagements",
	description: "Calls, meetings, emails and other activities.",
	fields: []field{
		text("engagement_type").oneOf(defaultEngagementTypes...),
		text("subject"), text("content"),
		text("direction").oneOf("inbound", "outbound", "missed").describe("The direction of a call."),
		datetime("start_time"), datetime("end_time"),
		text("duration"),
		ref("account", "accounts"), refs("contact", "contacts"), refs("opportunity", "opportunities"),
		refs("lead", "leads"), ref("owner", "users"),
		text("status").describe("The engagement's status; any value the CRM uses."),
		customFields(),
	},
	createdAtWritable: true,
	required:          []string{"engagement_type"},
	filters: append([]filter{
		fieldEq("engagement_type"), refFilter("account"), refFilter("contact"), refFilter("owner"),
		refFilter("opportunity"), refFilter("lead"), fieldEq("status"),
	}, timeFilters()...),
	sortBy: []string{"created_at", "updated_at", "start_time"},
}

// usersCollection: /unified/crm/users (§9), read-only; records come from
// Seed.
var usersCollection = &collection{
	name: "users", noun: "user", title: "Users",
	description: "The CRM's users: owners of records.",
	methods:     []string{opList, opGet},
	fields:      []field{text("name"), text("email").emailQuirk(), boolean("is_active")},
	filters: append([]filter{
		nameEq(), emailFilter(),
	}, timeFilters()...),
	sortBy: []string{"name", "email", "created_at", "updated_at"},
}

// stagesCollection: /unified/crm/stages (§10), list only; records come
// from Seed. Listed by position within each pipeline.
var stagesCollection = &collection{
	name: "stages", noun: "stage", title: "Stages",
	description: "The stages of the CRM's pipelines.",
	methods:     []string{opList},
	fields: []field{
		text("name"),
		number("position").numericQuirk().describe("The stage's order in its pipeline."),
		text("status").oneOf("active", "inactive"),
		object("pipeline", "id", "name"),
	},
	filters: append([]filter{
		refFilter("pipeline"), nameEq(), fieldEq("status"),
	}, timeFilters()...),
	sortBy: []string{"name", "position", "created_at", "updated_at"},
	order:  stageOrder,
}

// fieldsCollection: /unified/crm/fields (§11), the custom-field catalog,
// from Profile.Fields. list needs ?entity=.
var fieldsCollection = &collection{
	name: "fields", noun: "field", title: "Fields",
	description: "The custom-field catalog: the names to use in custom_fields.",
	methods:     []string{opList, opGet},
	catalog:     true,
	fields: []field{
		text("name").describe("The key of the field in a record's custom_fields."),
		text("label"), text("description"),
		text("type").oneOf(fieldTypes...),
		list("options", noIDs, "label", "value"),
		boolean("is_required"), boolean("is_user_defined"),
		text("entity_type").oneOf(fieldEntities...),
	},
	requiredQuery: map[string][]string{opList: {"entity"}},
	scope:         entityScope,
	filters:       []filter{nameEq()},
	sortBy:        []string{"name", "created_at", "updated_at"},
}

// deriveFullName fills a contact's name from first_name and last_name when
// a write touched either (absent when both are empty).
func deriveFullName(fields map[string]any, touched map[string]bool, _ time.Time) {
	if touched != nil && !touched["first_name"] && !touched["last_name"] {
		return
	}
	if n := fullName(fields); n != "" {
		fields["name"] = n
	} else {
		delete(fields, "name")
	}
}

// deriveCompletedAt sets a task's completed_at when a write sets its status
// to completed or done and completed_at has no value.
func deriveCompletedAt(fields map[string]any, touched map[string]bool, at time.Time) {
	if touched != nil && !touched["status"] {
		return
	}
	st := strings.ToLower(str(fields["status"]))
	if (st == "completed" || st == "done") && isEmpty(fields["completed_at"]) {
		fields["completed_at"] = formatTime(at)
	}
}

// stageOrder lists stages pipeline by pipeline (in the order each pipeline
// first appears), by position within a pipeline, then by creation.
func stageOrder(rs []*record) {
	first := map[string]int{}
	for i, r := range rs {
		p := str(asObject(r.fields["pipeline"])["id"])
		if _, ok := first[p]; !ok {
			first[p] = i
		}
	}
	pos := func(r *record) (float64, bool) {
		switch v := r.fields["position"].(type) {
		case float64:
			return v, true
		case string: // seeded as a string
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
		return 0, false
	}
	sort.SliceStable(rs, func(i, j int) bool {
		pi, pj := first[str(asObject(rs[i].fields["pipeline"])["id"])], first[str(asObject(rs[j].fields["pipeline"])["id"])]
		if pi != pj {
			return pi < pj
		}
		a, aok := pos(rs[i])
		b, bok := pos(rs[j])
		if aok != bok {
			return aok
		}
		return a < b
	})
}

// entityScope selects the catalog entity of a fields list: ?entity= must
// name an entity the profile serves.
func entityScope(a *integratedAccount, q url.Values) (func(*record) bool, *response) {
	entity := q.Get("entity")
	if _, ok := a.profile.Fields[entity]; !ok {
		return nil, trutoError(http.StatusBadRequest, "entity "+entity+" is not supported by integration "+a.profile.Integration)
	}
	return func(r *record) bool { return str(r.fields["entity_type"]) == entity }, nil
}

// asObject returns v as an object (nil otherwise).
func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
