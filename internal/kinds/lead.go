package kinds

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/truto/terraform-provider-truto/internal/record"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_lead: Truto's unified CRM lead (a prospect not yet converted into a contact).
var Lead = record.Declare(record.Spec{
	Noun:            "lead",
	Plural:          "leads",
	Catalog:         "lead",
	GetUndocumented: true, // reference §1
	Summary:         "A CRM lead (a prospect not yet converted into a contact and an account)",
	Fields: []record.Field{
		record.Text("title", "The lead's title: in most CRMs its subject line (\"Acme wants a demo\")."),
		record.Text("first_name", "First name."),
		record.Text("last_name", "Last name."),
		record.Reference("owner", "The CRM user who owns the lead.", "The owner's user id in the CRM."),
		record.Reference("contact", "The CRM contact the lead is about.", "The contact's id in the CRM."),
		record.Reference("account", "The CRM account (company) the lead is about.", "The account's id in the CRM."),
		record.List("email_addresses", "Email addresses.", leadEmailSpec),
		record.List("addresses", "Postal addresses.", leadAddressSpec),
		record.Text("lead_source", "Where the lead came from, in the CRM's vocabulary (for example `Advertisement` or "+
			"`Partner`)."),
		record.ComputedRef("converted_account", "The account the CRM converted the lead into, once it is converted.",
			"The account's id in the CRM."),
		record.ComputedRef("converted_contact", "The contact the CRM converted the lead into, once it is converted.",
			"The contact's id in the CRM."),
	},
	Filters: []record.Filter{
		record.FullName(),
		record.ByRef("owner", "owned by this CRM user id"),
		record.ByRef("contact", "about this CRM contact id"),
		record.ByRef("account", "about this CRM account id"),
	},
	SortBy: []string{"name", "created_at", "updated_at"},
	SummaryOf: []string{"title", "first_name", "last_name", "owner", "contact", "account", "lead_source",
		"converted_account", "converted_contact"},
	Label: func(r *truto.Record) string {
		if name := record.FullNameOf(r); name != "" {
			return name
		}
		raw, _ := r.Value("title")
		s, _ := truto.LooseString(raw)
		return s
	},
	AdoptBy: []record.AdoptKey{record.ByEmail("email", "", "email_addresses", "email"),
		record.ByText("name", "name", "first_name", "last_name")},
})

// leadEmailSpec is a lead's email address: Truto documents primary and secondary as its types.
var leadEmailSpec = record.NewListSpec("email address",
	record.Email("The email address. Compared case-insensitively: CRMs often store it lowercased."),
	record.ItemText("type", "`primary` or `secondary`.", stringvalidator.OneOf("primary", "secondary")),
)

// leadAddressSpec is a lead's postal address; the CRM assigns no ids to them.
var leadAddressSpec = record.NewListSpec("address",
	record.ItemText("street_1", "First street line."),
	record.ItemText("street_2", "Second street line."),
	record.ItemText("city", "City."),
	record.ItemText("state", "State, province or region."),
	record.ItemText("postal_code", "Postal code."),
	record.ItemText("country", "Country."),
	record.ItemText("type", "Address type, in the CRM's vocabulary."),
).Needing("street_1", "street_2", "city", "state", "postal_code", "country")
