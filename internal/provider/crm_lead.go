package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_lead: Truto's unified CRM lead (a prospect not yet converted into a contact).

var leadKind = declare(kindSpec{
	noun:    "lead",
	plural:  "leads",
	catalog: "lead",
	summary: "A CRM lead (a prospect not yet converted into a contact and an account)",
	fields: []field{
		text("title", "The lead's title: in most CRMs its subject line (\"Acme wants a demo\")."),
		text("first_name", "First name."),
		text("last_name", "Last name."),
		reference("owner", "The CRM user who owns the lead.", "The owner's user id in the CRM."),
		reference("contact", "The CRM contact the lead is about.", "The contact's id in the CRM."),
		reference("account", "The CRM account (company) the lead is about.", "The account's id in the CRM."),
		list("email_addresses", "Email addresses.", leadEmailSpec),
		list("addresses", "Postal addresses.", leadAddressSpec),
		text("lead_source", "Where the lead came from, in the CRM's vocabulary (for example `Advertisement` or "+
			"`Partner`)."),
		computedRef("converted_account", "The account the CRM converted the lead into, once it is converted.",
			"The account's id in the CRM."),
		computedRef("converted_contact", "The contact the CRM converted the lead into, once it is converted.",
			"The contact's id in the CRM."),
		customFields(),
		createdAt("When the lead was created, RFC 3339."),
		timestamp("updated_at", "When the lead was last changed in the CRM, RFC 3339.", changesOnWrite),
	},
	filters: []filter{
		fullNameFilter{},
		byRef("owner", "owned by this CRM user id"),
		byRef("contact", "about this CRM contact id"),
		byRef("account", "about this CRM account id"),
		sortBy("name", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"title", "first_name", "last_name", "owner", "contact", "account", "lead_source",
		"converted_account", "converted_contact", "created_at", "updated_at"},
	label: func(r *truto.Record) string {
		if name := fullName(r); name != "" {
			return name
		}
		raw, _ := r.Value("title")
		s, _ := truto.LooseString(raw)
		return s
	},
})

// leadEmailSpec is a lead's email address: Truto documents primary and secondary as its types.
var leadEmailSpec = newListSpec("email address",
	email("The email address. Compared case-insensitively: CRMs often store it lowercased."),
	itemText("type", "`primary` or `secondary`.", stringvalidator.OneOf("primary", "secondary")),
)

// leadAddressSpec is a lead's postal address; the CRM assigns no ids to them.
var leadAddressSpec = newListSpec("address",
	itemText("street_1", "First street line."),
	itemText("street_2", "Second street line."),
	itemText("city", "City."),
	itemText("state", "State, province or region."),
	itemText("postal_code", "Postal code."),
	itemText("country", "Country."),
	itemText("type", "Address type, in the CRM's vocabulary."),
).needing("street_1", "street_2", "city", "state", "postal_code", "country")
