package record

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
)

// The machinery is tested on kinds declared here as internal/kinds declares them (this package
// cannot import that one): an account and a contact with the field kinds the tests exercise, to
// which Declare adds custom_fields, created_at and updated_at. The real declarations are tested
// through the provider (internal/provider).

const (
	testToken = "test-token-5f1c0ffee"
	testIA    = "ia-hubspot"
)

var accountKind = Declare(Spec{
	Noun: "account", Plural: "accounts", Catalog: "account", Summary: "A CRM account",
	Fields: []Field{
		Text("name", "Account name."),
		Text("website", "Website."),
		Text("description", "Description."),
		Text("industry", "Industry."),
		Integer("number_of_employees", "Number of employees.", Validate(WholeNumberAtLeast(0))),
		Reference("owner", "Owner.", "Owner id."),
		List("addresses", "Addresses.", addressSpec),
		List("phone_numbers", "Phone numbers.", phoneSpec),
		List("urls", "URLs.", urlSpec),
		List("tags", "Tags.", tagSpec),
		Timestamp("last_activity_at", "Last activity.", KeptOnUpdate),
	},
	CreateRule: []string{"name", "website"},
	Filters: []Filter{
		Exact("name"), Exact("website"), SearchTerm("account", "a substring"), ByRef("owner", "owned by"),
	},
	SortBy:    []string{"name"},
	SummaryOf: []string{"name", "website", "description", "industry", "number_of_employees", "owner"},
	KeyedBy:   "name",
})

var contactKind = Declare(Spec{
	Noun: "contact", Plural: "contacts", Catalog: "contact", Summary: "A CRM contact",
	Fields: []Field{
		Text("first_name", "First name."),
		Text("last_name", "Last name."),
		Text("title", "Job title."),
		Reference("owner", "Owner.", "Owner id."),
		List("email_addresses", "Email addresses.", emailSpec),
	},
	CreateRule: []string{"first_name", "last_name", "email_addresses"},
})

var addressSpec = NewListSpec("address", CRMID(), ItemText("type", "Type."), ItemText("street_1", "Street."),
	ItemText("city", "City."), ItemText("country", "Country.")).Needing("street_1", "city", "country")

var phoneSpec = NewListSpec("phone number", CRMID(), PhoneNumber("Number."), ItemText("extension", "Extension."),
	ItemText("type", "Type.", stringvalidator.OneOf("work", "mobile", "fax")))

var urlSpec = NewListSpec("URL", RequiredText("url", "The URL."), ItemText("type", "Type."))

// everyFieldKind has a field of every field kind, for tests that must cover them all.
var everyFieldKind = Declare(Spec{
	Noun: "sample", Plural: "samples", Summary: "A sample",
	Fields: []Field{
		Text("text", "Text."), Integer("integer", "Integer."), Number("number", "Number."), Boolean("boolean", "Boolean."),
		TimeOf("time", "Time."), Date("date", "Date."), Reference("reference", "Reference.", "Id."),
		Timestamp("updated_at", "Updated.", ChangesOnWrite), ComputedText("computed_text", "Computed.", KeptOnUpdate),
		ComputedRef("computed_ref", "Computed reference.", "Id."), NamedRef("named_ref", "Named reference.", "Id.", "Name."),
		CreatedAt("Created."), CustomFields(), List("urls", "URLs.", urlSpec), RefList("refs", "References.", "Id."),
	},
})

var emailSpec = NewListSpec("email address", CRMID(), Email("Email."), ItemText("type", "Type."))

var tagSpec = NewListSpec("tag", UserID("Tag id.", ""), ItemText("name", "Name.")).Needing("id", "name")
