package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// truto_crm_user and truto_crm_users: the CRM's users, to point owner references at.
var User = record.Declare(record.Spec{
	Noun:     "user",
	Plural:   "users",
	ReadOnly: true,
	Fields: []record.Field{
		record.Text("name", "The user's name."),
		record.Text("email", "The user's email address.", record.IgnoreCase()),
		record.Boolean("is_active", "Whether the user is active in the CRM, where the CRM says."),
		record.Timestamp("created_at", "When the user was created, RFC 3339.", record.KeptOnUpdate),
		record.Timestamp("updated_at", "When the user was last changed in the CRM, RFC 3339.", record.KeptOnUpdate),
	},
	LookupBy: "email",
	Filters: []record.Filter{
		record.Exact("name"),
		record.Exact("email"),
		record.SortBy("name", "email", "created_at", "updated_at"),
	},
	SummaryOf: []string{"name", "email", "is_active", "created_at", "updated_at"},
	KeyedBy:   "email",
})
