package provider

import "github.com/truto/terraform-provider-truto/internal/truto"

// truto_crm_contact: Truto's unified CRM contact (a person), usually at an account.

var contactKind = declare(kindSpec{
	noun:    "contact",
	plural:  "contacts",
	catalog: "contact",
	summary: "A CRM contact (a person)",
	fields: []field{
		text("first_name", "First name.", inputDoc("First name. At least one of `first_name`, `last_name` or "+
			"`email_addresses` must be set (non-empty).")),
		text("last_name", "Last name.", inputDoc("Last name. At least one of `first_name`, `last_name` or "+
			"`email_addresses` must be set (non-empty).")),
		text("title", "Job title."),
		computedText("name", "Full name, as the CRM composes it (usually from the first and last name).", changesOnWrite),
		reference("account", "The CRM account (company) the contact belongs to.", "The account's id in the CRM."),
		reference("owner", "The CRM user who owns the contact.", "The owner's user id in the CRM."),
		list("email_addresses", "Email addresses.", emailSpec),
		list("phone_numbers", "Phone numbers.", contactPhoneSpec),
		list("addresses", "Postal addresses.", addressSpec),
		list("urls", "Web addresses.", urlSpec),
		list("tags", "Tags (labels) on the contact.", tagSpec),
		customFields(),
		createdAt("When the contact was created, RFC 3339."),
		timestamp("updated_at", "When the contact was last changed in the CRM, RFC 3339.", changesOnWrite),
		timestamp("last_activity_at", "When the last activity with the contact happened, RFC 3339, where the CRM "+
			"tracks it.", keptOnUpdate),
		computedText("etag", "The CRM's version tag of the record, where it keeps one; it changes with every write.",
			changesOnWrite),
	},
	createRule: []string{"first_name", "last_name", "email_addresses"},
	filters: []filter{
		exactFilter{"name"},
		itemFilter{name: "email", list: "email_addresses", item: "email", what: "with this email address"},
		searchTerm("contact", "a substring of the name or an email address"),
		byRef("account", "of this CRM account id"),
		byRef("owner", "owned by this CRM user id"),
		sortBy("name", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"first_name", "last_name", "name", "title", "account", "owner", "email_addresses", "created_at",
		"updated_at"},
	keyedBy: "name",
	label:   contactLabel,
})

// contactLabel is a contact's full name, else its first email address.
func contactLabel(rec *truto.Record) string {
	if raw, ok := rec.Value("name"); ok {
		if s, ok := truto.LooseString(raw); ok && s != "" {
			return s
		}
	}
	raw, _ := rec.Value("email_addresses")
	if items, ok := truto.ObjectList(raw); ok && len(items) > 0 {
		s, _ := truto.MemberString(items[0], "email")
		return s
	}
	return ""
}

// emailSpec is a contact's email address.
var emailSpec = newListSpec("email address",
	crmID(),
	email("The email address. Compared case-insensitively: CRMs often store it lowercased."),
	itemText("type", "Email type, in the CRM's vocabulary (e.g. `work`, `personal`)."),
)

// contactPhoneSpec is a contact's phone number: Truto documents no list of types for contacts.
var contactPhoneSpec = newListSpec("phone number",
	crmID(),
	phoneNumber("The phone number. Compared as a number: `+1 415 555 0100` and `+14155550100` are the same."),
	itemText("extension", "Extension."),
	itemText("type", "Phone type, in the CRM's vocabulary (e.g. `work`, `mobile`)."),
)
