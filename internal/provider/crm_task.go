package provider

// truto_crm_task: Truto's unified CRM task (a to-do with a due date).

var taskKind = declare(kindSpec{
	noun:    "task",
	plural:  "tasks",
	catalog: "task",
	summary: "A CRM task (a to-do with a due date)",
	fields: []field{
		text("subject", "The task's subject."),
		text("content", "The task's description."),
		reference("owner", "The CRM user the task is assigned to.", "The owner's user id in the CRM."),
		reference("account", "The account the task is about.", "The account's id in the CRM."),
		refList("contact", "The contacts the task is about.", "A contact's id in the CRM."),
		date("due_date", "When the task is due: a date (`2026-03-31`) or an RFC 3339 time.",
			inputDoc("When the task is due: a date (`2026-03-31`) or an RFC 3339 time. A CRM that keeps only the "+
				"date causes no diff.")),
		text("status", "Status, in the CRM's vocabulary (for example `open` or `completed`: Truto documents no fixed list)."),
		timeOf("completed_at", "When the task was completed, RFC 3339; many CRMs set it themselves when the status "+
			"says the task is done.", inputDoc("When the task was completed, RFC 3339. Unset, it is the CRM's: many CRMs "+
			"set it when the status says the task is done, so it is known after apply whenever `status` changes."),
			derivedFrom("status")),
		customFields(),
		timestamp("created_at", "When the task was created, RFC 3339.", keptOnUpdate),
		timestamp("updated_at", "When the task was last changed in the CRM, RFC 3339.", changesOnWrite),
	},
	filters: []filter{
		byRef("owner", "assigned to this CRM user id"),
		byRef("account", "about this CRM account id"),
		anyRef("contact", "about this CRM contact id"),
		exactFilter{"status"},
		sortBy("due_date", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"subject", "content", "owner", "account", "contact", "due_date", "status", "completed_at",
		"created_at", "updated_at"},
	keyedBy: "subject",
})
