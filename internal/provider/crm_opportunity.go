package provider

// truto_crm_opportunity: Truto's unified CRM opportunity (a deal in a pipeline).

var opportunityKind = declare(kindSpec{
	noun:    "opportunity",
	plural:  "opportunities",
	catalog: "opportunity",
	summary: "A CRM opportunity (a deal in a pipeline)",
	fields: []field{
		text("name", "Opportunity (deal) name.", required()),
		text("description", "Free-text description."),
		number("amount", "The deal's value, in `currency`.", inputDoc("The deal's value, in `currency`, as a number: "+
			"`1234.56` is sent and kept exactly, and a CRM that answers it as a string causes no diff.")),
		text("currency", "The amount's currency, usually an ISO 4217 code such as `USD`."),
		date("close_date", "When the deal is expected to close, or closed: a date (`2026-03-31`) or an RFC 3339 time.",
			inputDoc("When the deal is expected to close, or closed: a date (`2026-03-31`) or an RFC 3339 time. A CRM "+
				"that keeps only the date, or answers `2026-03-31T00:00:00.000Z` for `2026-03-31`, causes no diff.")),
		text("status", "Status, in the CRM's vocabulary (for example `open`, `won` or `lost`: Truto documents no fixed list)."),
		reference("account", "The CRM account (company) of the deal.", "The account's id in the CRM."),
		refList("contact", "The deal's contacts.", "A contact's id in the CRM."),
		reference("owner", "The CRM user who owns the deal.", "The owner's user id in the CRM."),
		reference("stage", "The pipeline stage of the deal (see the `truto_crm_stages` data source).",
			"The stage's id in the CRM."),
		customFields(),
		createdAt("When the opportunity was created, RFC 3339."),
		timestamp("updated_at", "When the opportunity was last changed in the CRM, RFC 3339.", changesOnWrite),
		timestamp("last_activity_at", "When the last activity on the deal happened, RFC 3339, where the CRM tracks it.",
			keptOnUpdate),
	},
	filters: []filter{
		exactFilter{"name"},
		exactFilter{"status"},
		searchTerm("opportunity", "a substring of the name"),
		byRef("account", "of this CRM account id"),
		byRef("owner", "owned by this CRM user id"),
		byRef("stage", "in this stage id"),
		sortBy("name", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"name", "description", "amount", "currency", "close_date", "status", "account", "owner", "stage",
		"created_at", "updated_at"},
	keyedBy: "name",
})
