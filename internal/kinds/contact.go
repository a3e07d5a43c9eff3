package kinds

import (
	"github.com/truto/terraform-provider-truto/internal/record"
	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_contact: Truto's unified CRM contact (a person), usually at an account.
var Contact = record.Declare(record.Spec{
	Noun:    "contact",
	Plural:  "contacts",
	Catalog: "contact",
	Summary: "A CRM contact (a person)",
	Fields: []record.Field{
		record.Text("first_name", "First name.", record.InputDoc("First name. At least one of `first_name`, `last_name` or "+
			"`email_addresses` must be set (non-empty).")),
		record.Text("last_name", "Last name.", record.InputDoc("Last name. At least one of `first_name`, `last_name` or "+
			"`email_addresses` must be set (non-empty).")),
		record.Text("title", "Job title."),
		record.ComputedText("name", "Full name, as the CRM composes it (usually from the first and last name).", record.ChangesOnWrite),
		record.Reference("account", "The CRM account (company) the contact belongs to.", "The account's id in the CRM."),
		record.Reference("owner", "The CRM user who owns the contact.", "The owner's user id in the CRM."),
		record.List("email_addresses", "Email addresses.", emailSpec),
		record.List("phone_numbers", "Phone numbers.", contactPhoneSpec),
		record.List("addresses", "Postal addresses.", addressSpec),
		record.List("urls", "Web addresses.", urlSpec),
		record.List("tags", "Tags (labels) on the contact.", tagSpec),
		record.Timestamp("last_activity_at", "When the last activity with the contact happened, RFC 3339, where the CRM "+
			"tracks it.", record.KeptOnUpdate),
		record.ComputedText("etag", "The CRM's version tag of the record, where it keeps one; it changes with every write.",
			record.ChangesOnWrite),
	},
	CreateRule: []string{"first_name", "last_name", "email_addresses"},
	Filters: []record.Filter{
		record.Exact("name"),
		record.AnyItem("email", "email_addresses", "email", "with this email address"),
		record.SearchTerm("contact", "a substring of the name or an email address"),
		record.ByRef("account", "of this CRM account id"),
		record.ByRef("owner", "owned by this CRM user id"),
	},
	SortBy:    []string{"name", "created_at", "updated_at"},
	SummaryOf: []string{"first_name", "last_name", "name", "title", "account", "owner", "email_addresses"},
	KeyedBy:   "name",
	Label:     contactLabel,
	AdoptBy: []record.AdoptKey{record.ByEmail("email", "email", "email_addresses", "email"),
		record.ByText("name", "name", "first_name", "last_name")},
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
var emailSpec = record.NewListSpec("email address",
	record.CRMID(),
	record.Email("The email address. Compared case-insensitively: CRMs often store it lowercased."),
	record.ItemText("type", "Email type, in the CRM's vocabulary (e.g. `work`, `personal`)."),
)

// contactPhoneSpec is a contact's phone number: Truto documents no list of types for contacts.
var contactPhoneSpec = record.NewListSpec("phone number",
	record.CRMID(),
	record.PhoneNumber("The phone number. Compared as a number: `+1 415 555 0100` and `+14155550100` are the same."),
	record.ItemText("extension", "Extension."),
	record.ItemText("type", "Phone type, in the CRM's vocabulary (e.g. `work`, `mobile`)."),
)
