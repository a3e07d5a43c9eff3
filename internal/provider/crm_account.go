package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
)

// truto_crm_account: Truto's unified CRM account (a company, an organization).

var accountKind = declare(kindSpec{
	noun:    "account",
	plural:  "accounts",
	catalog: "account",
	summary: "A CRM account (company, organization)",
	fields: []field{
		text("name", "Account name.", inputDoc("Account name. Either `name` or `website` must be set (non-empty).")),
		text("website", "Website of the account.", inputDoc("Website of the account, e.g. `https://acme.example`. Either "+
			"`name` or `website` must be set (non-empty)."), validate(webAddressValidator{})),
		text("description", "Free-text description."),
		text("industry", "Industry, in the CRM's own vocabulary."),
		integer("number_of_employees", "Number of employees.", inputDoc("Number of employees, 0 or more."),
			validate(wholeNumberAtLeast(0))),
		reference("owner", "The CRM user who owns the account.", "The owner's user id in the CRM."),
		list("addresses", "Postal addresses.", addressSpec),
		list("phone_numbers", "Phone numbers.", phoneSpec),
		list("urls", "Web addresses other than `website`.", urlSpec),
		list("tags", "Tags (labels) on the account.", tagSpec),
		customFields(),
		createdAt("When the account was created, RFC 3339."),
		timestamp("updated_at", "When the account was last changed in the CRM, RFC 3339.", changesOnWrite),
		timestamp("last_activity_at", "When the last activity on the account happened, RFC 3339, where the CRM tracks it.",
			keptOnUpdate),
	},
	createRule: []string{"name", "website"},
	filters: []filter{
		exactFilter{"name"},
		exactFilter{"website"},
		searchTerm("account", "a substring of the name or website"),
		byRef("owner", "owned by this CRM user id"),
		sortBy("name", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"name", "website", "description", "industry", "number_of_employees", "owner", "created_at",
		"updated_at"},
	keyedBy: "name",
})

// phoneSpec is an account's phone number: Truto documents the type as one of work, mobile, fax.
var phoneSpec = newListSpec("phone number",
	crmID(),
	phoneNumber("The phone number. Compared as a number: `+1 415 555 0100` and `+14155550100` are the same."),
	itemText("extension", "Extension."),
	itemText("type", "One of `work`, `mobile`, `fax`.", stringvalidator.OneOf("work", "mobile", "fax")),
)
