package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// truto_crm_opportunity: Truto's unified CRM opportunity (a deal in a pipeline).
var Opportunity = record.Declare(record.Spec{
	Noun:            "opportunity",
	Plural:          "opportunities",
	Catalog:         "opportunity",
	GetUndocumented: true, // reference §1
	Summary:         "A CRM opportunity (a deal in a pipeline)",
	Fields: []record.Field{
		record.Text("name", "Opportunity (deal) name.", record.Required()),
		record.Text("description", "Free-text description."),
		record.Number("amount", "The deal's value, in `currency`.", record.InputDoc("The deal's value, in `currency`, as a number: "+
			"`1234.56` is sent and kept exactly, and a CRM that answers it as a string causes no diff.")),
		record.Text("currency", "The amount's currency, usually an ISO 4217 code such as `USD`."),
		record.Date("close_date", "When the deal is expected to close, or closed: a date (`2026-03-31`) or an RFC 3339 time.",
			record.InputDoc("When the deal is expected to close, or closed: a date (`2026-03-31`) or an RFC 3339 time. A CRM "+
				"that keeps only the date, or answers `2026-03-31T00:00:00.000Z` for `2026-03-31`, causes no diff.")),
		record.Text("status", "Status, in the CRM's vocabulary (for example `open`, `won` or `lost`: Truto documents no fixed list)."),
		record.Reference("account", "The CRM account (company) of the deal.", "The account's id in the CRM."),
		record.RefList("contact", "The deal's contacts.", "A contact's id in the CRM."),
		record.Reference("owner", "The CRM user who owns the deal.", "The owner's user id in the CRM."),
		record.Reference("stage", "The pipeline stage of the deal (see the `truto_crm_stages` data source).",
			"The stage's id in the CRM."),
		record.Timestamp("last_activity_at", "When the last activity on the deal happened, RFC 3339, where the CRM tracks it.",
			record.KeptOnUpdate),
	},
	Filters: []record.Filter{
		record.Exact("name"),
		record.Exact("status"),
		record.SearchTerm("opportunity", "a substring of the name"),
		record.ByRef("account", "of this CRM account id"),
		record.ByRef("owner", "owned by this CRM user id"),
		record.ByRef("stage", "in this stage id"),
	},
	SortBy:    []string{"name", "created_at", "updated_at"},
	SummaryOf: []string{"name", "description", "amount", "currency", "close_date", "status", "account", "owner", "stage"},
	KeyedBy:   "name",
	AdoptBy:   []record.AdoptKey{record.ByText("name", "name", "name")},
})
