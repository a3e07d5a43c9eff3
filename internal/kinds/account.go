package kinds

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// truto_crm_account: Truto's unified CRM account (a company, an organization).
var Account = record.Declare(record.Spec{
	Noun:    "account",
	Plural:  "accounts",
	Catalog: "account",
	Summary: "A CRM account (company, organization)",
	Fields: []record.Field{
		record.Text("name", "Account name.", record.InputDoc("Account name. Either `name` or `website` must be set (non-empty).")),
		record.Text("website", "Website of the account.", record.InputDoc("Website of the account, e.g. `https://acme.example`. Either "+
			"`name` or `website` must be set (non-empty)."), record.ValidWebAddress()),
		record.Text("description", "Free-text description."),
		record.Text("industry", "Industry, in the CRM's own vocabulary."),
		record.Integer("number_of_employees", "Number of employees.", record.InputDoc("Number of employees, 0 or more."),
			record.Validate(record.WholeNumberAtLeast(0))),
		record.Reference("owner", "The CRM user who owns the account.", "The owner's user id in the CRM."),
		record.List("addresses", "Postal addresses.", addressSpec),
		record.List("phone_numbers", "Phone numbers.", phoneSpec),
		record.List("urls", "Web addresses other than `website`.", urlSpec),
		record.List("tags", "Tags (labels) on the account.", tagSpec),
		record.Timestamp("last_activity_at", "When the last activity on the account happened, RFC 3339, where the CRM tracks it.",
			record.KeptOnUpdate),
	},
	CreateRule: []string{"name", "website"},
	Filters: []record.Filter{
		record.Exact("name"),
		record.Exact("website"),
		record.SearchTerm("account", "a substring of the name or website"),
		record.ByRef("owner", "owned by this CRM user id"),
	},
	SortBy:    []string{"name", "created_at", "updated_at"},
	SummaryOf: []string{"name", "website", "description", "industry", "number_of_employees", "owner"},
	KeyedBy:   "name",
	// A website filter would be exact; websites match in their variants, so they are looked up unfiltered.
	AdoptBy: []record.AdoptKey{record.ByText("name", "name", "name"), record.ByWebsite("website", "", "website")},
})

// phoneSpec is an account's phone number: Truto documents the type as one of work, mobile, fax.
var phoneSpec = record.NewListSpec("phone number",
	record.CRMID(),
	record.PhoneNumber("The phone number. Compared as a number: `+1 415 555 0100` and `+14155550100` are the same."),
	record.ItemText("extension", "Extension."),
	record.ItemText("type", "One of `work`, `mobile`, `fax`.", stringvalidator.OneOf("work", "mobile", "fax")),
)
