package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// truto_crm_task: Truto's unified CRM task (a to-do with a due date).
var Task = record.Declare(record.Spec{
	Noun:            "task",
	Plural:          "tasks",
	Catalog:         "task",
	GetUndocumented: true, // reference §1
	Summary:         "A CRM task (a to-do with a due date)",
	Fields: []record.Field{
		record.Text("subject", "The task's subject."),
		record.Text("content", "The task's description."),
		record.Reference("owner", "The CRM user the task is assigned to.", "The owner's user id in the CRM."),
		record.Reference("account", "The account the task is about.", "The account's id in the CRM."),
		record.RefList("contact", "The contacts the task is about.", "A contact's id in the CRM."),
		record.Date("due_date", "When the task is due: a date (`2026-03-31`) or an RFC 3339 time.",
			record.InputDoc("When the task is due: a date (`2026-03-31`) or an RFC 3339 time. A CRM that keeps only the "+
				"date causes no diff.")),
		record.Text("status", "Status, in the CRM's vocabulary (for example `open` or `completed`: Truto documents no fixed list)."),
		record.TimeOf("completed_at", "When the task was completed, RFC 3339; many CRMs set it themselves when the status "+
			"says the task is done.", record.InputDoc("When the task was completed, RFC 3339. Unset, it is the CRM's: many CRMs "+
			"set it when the status says the task is done, so it is known after apply whenever `status` changes."),
			record.DerivedFrom("status")),
		record.Timestamp("created_at", "When the task was created, RFC 3339.", record.KeptOnUpdate),
	},
	Filters: []record.Filter{
		record.ByRef("owner", "assigned to this CRM user id"),
		record.ByRef("account", "about this CRM account id"),
		record.AnyRef("contact", "about this CRM contact id"),
		record.Exact("status"),
	},
	SortBy:    []string{"due_date", "created_at", "updated_at"},
	SummaryOf: []string{"subject", "content", "owner", "account", "contact", "due_date", "status", "completed_at"},
	KeyedBy:   "subject",
	AdoptBy:   []record.AdoptKey{record.ByText("subject", "", "subject")},
})
