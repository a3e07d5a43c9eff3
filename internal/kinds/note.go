package kinds

import (
	"github.com/truto/terraform-provider-truto/internal/record"
	"strings"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// truto_crm_note: Truto's unified CRM note, attached to an account, contacts or a deal.
var Note = record.Declare(record.Spec{
	Noun:            "note",
	Plural:          "notes",
	Catalog:         "note",
	GetUndocumented: true, // reference §1
	Summary:         "A CRM note on an account, contacts or an opportunity",
	Fields: []record.Field{
		record.Text("content", "The note's text."),
		record.Text("title", "The note's title, where the CRM has one."),
		record.Reference("owner", "The CRM user who owns the note.", "The owner's user id in the CRM."),
		record.Reference("account", "The account the note is on.", "The account's id in the CRM.",
			record.InputDoc("The account the note is on. At least one of `account`, `contact` or `opportunity` must be set; "+
				"changing the note's parents replaces it."), record.Replaces()),
		record.RefList("contact", "The contacts the note is on.", "A contact's id in the CRM.", record.ListReplaces(),
			record.ListAlsoInQuery("update")),
		record.Reference("opportunity", "The opportunity the note is on.", "The opportunity's id in the CRM.", record.Replaces()),
	},
	CreateRule: []string{"account", "contact", "opportunity"},
	Filters: []record.Filter{
		record.ByRef("owner", "owned by this CRM user id"),
		record.ByRef("account", "on this CRM account id"),
		record.AnyRef("contact", "on this CRM contact id"),
		record.ByRef("opportunity", "on this CRM opportunity id"),
	},
	SortBy:    []string{"created_at", "updated_at"},
	SummaryOf: []string{"title", "content", "owner", "account", "contact", "opportunity"},
	Label: func(r *truto.Record) string {
		for _, f := range []string{"title", "content"} {
			raw, _ := r.Value(f)
			if s, ok := truto.LooseString(raw); ok && strings.TrimSpace(s) != "" {
				line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
				return truncateLabel(line)
			}
		}
		return ""
	},
	AdoptBy: []record.AdoptKey{record.ByText("title", "", "title")},
})

// truncateLabel shortens a display name to its first 60 characters.
func truncateLabel(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
