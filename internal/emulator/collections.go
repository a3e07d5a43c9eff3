package emulator

// collections is the table of emulated collections, in the order
// capabilities lists them. Field names, shapes and rules follow the
// references (shared/reference/truto-unified-crm-accounts.md and
// truto-unified-crm-resources.md).
var collections = []*collection{
	accountsCollection,
}

// accountsCollection: /unified/crm/accounts.
var accountsCollection = &collection{
	name: "accounts", noun: "account", title: "Accounts", vendorNoun: "company",
	description: "Companies and organisations your CRM does business with.",
	fields: []field{
		text("name"), text("website"), text("description"), text("industry"),
		count("number_of_employees"),
		ref("owner", "users"),
		list("addresses", crmIDs, addressKeys...),
		list("phone_numbers", crmIDs, "id", "number", "extension", "type").itemOneOf("type", "work", "mobile", "fax"),
		list("urls", noIDs, "url", "type"),
		list("tags", keepIDs, "id", "name"),
		customFields(),
		datetime("last_activity_at").ro(),
	},
	createdAtWritable: true,
	oneOf:             &oneOfRule{fields: []string{"name", "website"}, report: "name", message: "either name or website is required"},
	filters: append([]filter{
		nameEq(), fieldEq("website"), searchFilter("website"), refFilter("owner"),
	}, timeFilters()...),
	sortBy: []string{"name", "created_at", "updated_at"},
	vendor: accountVendorRecord,
}
