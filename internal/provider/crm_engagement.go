package provider

import "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

// truto_crm_engagement: Truto's unified CRM engagement (a call, a meeting, an email ...).

var engagementKind = declare(kindSpec{
	noun:    "engagement",
	plural:  "engagements",
	summary: "A CRM engagement (a call, a meeting, an email or another activity)",
	// The reference infers that engagements' custom fields are the catalog's activity entity.
	catalog: "activity",
	fields: []field{
		text("engagement_type", "The kind of engagement, in the CRM's vocabulary (typically `call`, `meeting`, "+
			"`email`, `note` or `chat`).", inputDoc("The kind of engagement, in the CRM's vocabulary (typically "+
			"`call`, `meeting`, `email`, `note` or `chat`). Required; changing it replaces the engagement. Sent in the "+
			"body and, on update and delete, as the `engagement_type` query parameter too (CRMs that keep calls and "+
			"meetings apart address engagements by it)."), required(), replaces(), alsoInQuery("update", "delete")),
		text("subject", "The engagement's subject."),
		text("content", "The engagement's content: a call's notes, an email's body ..."),
		text("direction", "`inbound`, `outbound` or `missed`, for a call.", inputDoc("`inbound`, `outbound` or "+
			"`missed`; only with `engagement_type = \"call\"`."), validate(stringvalidator.OneOf("inbound", "outbound", "missed"))),
		timeOf("start_time", "When the engagement started, RFC 3339."),
		timeOf("end_time", "When the engagement ended, RFC 3339 (a meeting's end)."),
		text("duration", "How long the engagement took, as the CRM spells it (Truto documents no unit)."),
		reference("account", "The account the engagement is with.", "The account's id in the CRM."),
		refList("contact", "The contacts the engagement is with.", "A contact's id in the CRM."),
		refList("opportunity", "The opportunities the engagement is about.", "An opportunity's id in the CRM."),
		refList("lead", "The leads the engagement is with.", "A lead's id in the CRM."),
		reference("owner", "The CRM user who owns the engagement.", "The owner's user id in the CRM."),
		text("status", "Status, in the CRM's vocabulary (Truto documents no fixed list)."),
		customFields(),
		createdAt("When the engagement was created, RFC 3339."),
		timestamp("updated_at", "When the engagement was last changed in the CRM, RFC 3339.", changesOnWrite),
	},
	onlyWith: []onlyWith{{field: "direction", other: "engagement_type", value: "call"}},
	filters: []filter{
		exactFilter{"engagement_type"},
		byRef("account", "with this CRM account id"),
		anyRef("contact", "with this CRM contact id"),
		byRef("owner", "owned by this CRM user id"),
		anyRef("opportunity", "about this CRM opportunity id"),
		anyRef("lead", "with this CRM lead id"),
		exactFilter{"status"},
		sortBy("start_time", "created_at", "updated_at"),
		timeRange{"created_at", "created", "created"},
		timeRange{"updated_at", "updated", "last updated"},
	},
	summaryOf: []string{"engagement_type", "subject", "direction", "start_time", "end_time", "account", "contact",
		"owner", "status", "created_at", "updated_at"},
	keyedBy: "subject",
})
