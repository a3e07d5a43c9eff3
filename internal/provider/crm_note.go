package provider

import (
	"strings"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_note: Truto's unified CRM note, attached to an account, contacts or a deal.

var noteKind = declare(kindSpec{
	noun:    "note",
	plural:  "notes",
	catalog: "note",
	summary: "A CRM note on an account, contacts or an opportunity",
	fields: []field{
		text("content", "The note's text."),
		text("title", "The note's title, where the CRM has one."),
		reference("owner", "The CRM user who owns the note.", "The owner's user id in the CRM."),
		reference("account", "The account the note is on.", "The account's id in the CRM.",
			inputDoc("The account the note is on. At least one of `account`, `contact` or `opportunity` must be set; "+
				"changing the note's parents replaces it."), replaces()),
		refList("contact", "The contacts the note is on.", "A contact's id in the CRM.", listReplaces(),
			listAlsoInQuery("update")),
		reference("opportunity", "The opportunity the note is on.", "The opportunity's id in the CRM.", replaces()),
		customFields(),
		createdAt("When the note was created, RFC 3339."),
		timestamp("updated_at", "When the note was last changed in the CRM, RFC 3339.", changesOnWrite),
	},
	createRule: []string{"account", "contact", "opportunity"},
	filters: []filter{
		byRef("owner", "owned by this CRM user id"),
		byRef("account", "on this CRM account id"),
		anyRef("contact", "on this CRM contact id"),
		byRef("opportunity", "on this CRM opportunity id"),
		sortBy("created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"title", "content", "owner", "account", "contact", "opportunity", "created_at", "updated_at"},
	label: func(r *truto.Record) string {
		for _, f := range []string{"title", "content"} {
			raw, _ := r.Value(f)
			if s, ok := truto.LooseString(raw); ok && strings.TrimSpace(s) != "" {
				line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
				return truncateLabel(line)
			}
		}
		return ""
	},
})

// truncateLabel shortens a display name to its first 60 characters.
func truncateLabel(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
