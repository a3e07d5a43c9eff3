package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// List items several record kinds share.

// addressSpec is a postal address (accounts, contacts, leads).
var addressSpec = record.NewListSpec("address",
	record.CRMID(),
	record.ItemText("type", "Address type, in the CRM's vocabulary.").
		WithInputDoc("Address type, in the CRM's vocabulary (e.g. `billing`, `shipping`)."),
	record.ItemText("street_1", "First street line."),
	record.ItemText("street_2", "Second street line."),
	record.ItemText("city", "City."),
	record.ItemText("state", "State, province or region."),
	record.ItemText("postal_code", "Postal code."),
	record.ItemText("country", "Country."),
).Needing("street_1", "street_2", "city", "state", "postal_code", "country")

// urlSpec is a web address.
var urlSpec = record.NewListSpec("URL",
	record.WebAddress("url", "The URL."),
	record.ItemText("type", "URL type, in the CRM's vocabulary."),
)

// tagSpec is a tag (label); its id may name a tag that exists in the CRM.
var tagSpec = record.NewListSpec("tag",
	record.UserID("The tag's id in the CRM.", "The tag's id in the CRM; set it to use an existing tag, or leave it to the CRM."),
	record.ItemText("name", "The tag's name."),
).Needing("id", "name")
