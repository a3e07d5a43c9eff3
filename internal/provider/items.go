package provider

// List items several record kinds share.

// addressSpec is a postal address (accounts, contacts, leads).
var addressSpec = newListSpec("address",
	crmID(),
	itemAttr{name: "type", docs: docs{doc: "Address type, in the CRM's vocabulary.",
		inputDoc: "Address type, in the CRM's vocabulary (e.g. `billing`, `shipping`)."}},
	itemText("street_1", "First street line."),
	itemText("street_2", "Second street line."),
	itemText("city", "City."),
	itemText("state", "State, province or region."),
	itemText("postal_code", "Postal code."),
	itemText("country", "Country."),
).needing("street_1", "street_2", "city", "state", "postal_code", "country")

// urlSpec is a web address.
var urlSpec = newListSpec("URL",
	webAddress("url", "The URL."),
	itemText("type", "URL type, in the CRM's vocabulary."),
)

// tagSpec is a tag (label); its id may name a tag that exists in the CRM.
var tagSpec = newListSpec("tag",
	userID("The tag's id in the CRM.", "The tag's id in the CRM; set it to use an existing tag, or leave it to the CRM."),
	itemText("name", "The tag's name."),
).needing("id", "name")
