package provider

// truto_crm_user and truto_crm_users: the CRM's users, to point owner references at.

var userKind = declare(kindSpec{
	noun:     "user",
	plural:   "users",
	readOnly: true,
	fields: []field{
		text("name", "The user's name."),
		text("email", "The user's email address.", ignoreCase()),
		boolean("is_active", "Whether the user is active in the CRM, where the CRM says."),
		timestamp("created_at", "When the user was created, RFC 3339.", keptOnUpdate),
		timestamp("updated_at", "When the user was last changed in the CRM, RFC 3339.", keptOnUpdate),
	},
	lookupBy: "email",
	filters: []filter{
		exactFilter{"name"},
		exactFilter{"email"},
		sortBy("name", "email", "created_at", "updated_at"),
	},
	summaryOf: []string{"name", "email", "is_active", "created_at", "updated_at"},
	keyedBy:   "email",
})
