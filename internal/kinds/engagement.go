package kinds

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/truto/terraform-provider-truto/internal/record"
)

// truto_crm_engagement: Truto's unified CRM engagement (a call, a meeting, an email ...).
var Engagement = record.Declare(record.Spec{
	Noun:    "engagement",
	Plural:  "engagements",
	Summary: "A CRM engagement (a call, a meeting, an email or another activity)",
	// The reference infers that engagements' custom fields are the catalog's activity entity.
	Catalog:         "activity",
	GetUndocumented: true, // reference §1
	Fields: []record.Field{
		record.Text("engagement_type", "The kind of engagement, in the CRM's vocabulary (typically `call`, `meeting`, "+
			"`email`, `note` or `chat`).", record.InputDoc("The kind of engagement, in the CRM's vocabulary (typically "+
			"`call`, `meeting`, `email`, `note` or `chat`). Required; changing it replaces the engagement. Sent in the "+
			"body and, on update and delete, as the `engagement_type` query parameter too (CRMs that keep calls and "+
			"meetings apart address engagements by it); an engagement read from the CRM's list is looked for in the "+
			"list of its type, and an imported one under each type the integration lists."), record.Required(),
			record.Replaces(), record.AlsoInQuery("update", "delete"), record.ListedApart("call", "meeting", "email", "chat", "task", "note")),
		record.Text("subject", "The engagement's subject."),
		record.Text("content", "The engagement's content: a call's notes, an email's body ..."),
		record.Text("direction", "`inbound`, `outbound` or `missed`, for a call.", record.InputDoc("`inbound`, `outbound` or "+
			"`missed`; only with `engagement_type = \"call\"`."), record.Validate(stringvalidator.OneOf("inbound", "outbound", "missed"))),
		record.TimeOf("start_time", "When the engagement started, RFC 3339."),
		record.TimeOf("end_time", "When the engagement ended, RFC 3339 (a meeting's end)."),
		record.Text("duration", "How long the engagement took, as the CRM spells it (Truto documents no unit)."),
		record.Reference("account", "The account the engagement is with.", "The account's id in the CRM."),
		record.RefList("contact", "The contacts the engagement is with.", "A contact's id in the CRM."),
		record.RefList("opportunity", "The opportunities the engagement is about.", "An opportunity's id in the CRM."),
		record.RefList("lead", "The leads the engagement is with.", "A lead's id in the CRM."),
		record.Reference("owner", "The CRM user who owns the engagement.", "The owner's user id in the CRM."),
		record.Text("status", "Status, in the CRM's vocabulary (Truto documents no fixed list)."),
	},
	OnlyWith: []record.OnlyWith{record.OnlyWhen("direction", "engagement_type", "call")},
	Filters: []record.Filter{
		record.Exact("engagement_type"),
		record.ByRef("account", "with this CRM account id"),
		record.AnyRef("contact", "with this CRM contact id"),
		record.ByRef("owner", "owned by this CRM user id"),
		record.AnyRef("opportunity", "about this CRM opportunity id"),
		record.AnyRef("lead", "with this CRM lead id"),
		record.Exact("status"),
	},
	SortBy: []string{"start_time", "created_at", "updated_at"},
	SummaryOf: []string{"engagement_type", "subject", "direction", "start_time", "end_time", "account", "contact",
		"owner", "status"},
	KeyedBy: "subject",
	AdoptBy: []record.AdoptKey{record.ByText("subject", "", "subject")},
})
