package record

import (
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/truto/terraform-provider-truto/internal/normalize"
)

// The vocabulary of kind declarations: one constructor per field kind, and options.

// fieldOption adjusts an optional field.
type fieldOption func(*optional)

// InputDoc replaces the shared description in the resource, where the attribute is an input.
func InputDoc(doc string) fieldOption { return func(f *optional) { f.inputDoc = doc } }

// Validate adds plan-time validators of the field's type (validator.String for text ...).
func Validate(vs ...any) fieldOption {
	return func(f *optional) { f.validators = append(f.validators, vs...) }
}

// Required makes the field a required input.
func Required() fieldOption { return func(f *optional) { f.required = true } }

// Replaces makes a change of the field replace the resource.
func Replaces() fieldOption { return func(f *optional) { f.replace = true } }

// AlsoInQuery sends the field as a query parameter of these methods too ("update", "delete"), for
// CRMs that address a record through it (an engagement's type).
func AlsoInQuery(methods ...string) fieldOption {
	return func(f *optional) { f.query = append(f.query, methods...) }
}

// ListedApart says CRMs may list records apart by the field and require it as a list filter (an
// engagement's type): a read from list pages asks the list with the record's value, and an
// imported record, whose value is not known before its first read, is looked for under each value
// the integration's list meta allows for the filter, or else under values.
func ListedApart(values ...string) fieldOption {
	return func(f *optional) {
		f.query = append(f.query, "list")
		f.listedApart = values
	}
}

// DerivedFrom plans the field, when the configuration leaves it unset, as unknown whenever one of
// these attributes changes: the CRM derives it from them (a task's completed_at from its status).
func DerivedFrom(attrs ...string) fieldOption { return func(f *optional) { f.derivedFrom = attrs } }

// ValidWebAddress requires a text field to be a URL or website that can be one (a host, no spaces).
func ValidWebAddress() fieldOption { return Validate(webAddressValidator{}) }

// IgnoreCase compares a text field case-insensitively (CRMs lowercase emails).
func IgnoreCase() fieldOption { return func(f *optional) { f.v = textScalar{fold: true} } }

func newOptional(name, doc string, v scalar, opts []fieldOption) *optional {
	f := &optional{base: base{name}, docs: docs{doc: doc}, v: v}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Text is a string attribute; "" clears it.
func Text(name, doc string, opts ...fieldOption) Field {
	return newOptional(name, doc, textScalar{}, opts)
}

// Integer is a whole-number attribute.
func Integer(name, doc string, opts ...fieldOption) Field {
	return newOptional(name, doc, intScalar{}, opts)
}

// Number is a decimal attribute, kept exactly.
func Number(name, doc string, opts ...fieldOption) Field {
	return newOptional(name, doc, numberScalar{}, opts)
}

// Boolean is a true/false attribute.
func Boolean(name, doc string) Field {
	return newOptional(name, doc, boolScalar{}, nil)
}

// TimeOf is an RFC 3339 time the configuration may set (an engagement's start).
func TimeOf(name, doc string, opts ...fieldOption) Field {
	return newOptional(name, doc, rfc3339, opts)
}

// Date is a day or an RFC 3339 time; a CRM that keeps only the date never causes a diff.
func Date(name, doc string, opts ...fieldOption) Field {
	return newOptional(name, doc, dateScalar{}, opts)
}

// Reference is a link to another record, Truto's {id} object; idDoc describes the id.
func Reference(name, doc, idDoc string, opts ...fieldOption) Field {
	return newOptional(name, doc, refScalar{idDoc: idDoc}, opts)
}

// Timestamp is a CRM-maintained RFC 3339 time planned per rule on update.
func Timestamp(name, doc string, on updateRule) Field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: rfc3339, on: on}
}

// ComputedText is a string only the CRM sets (a contact's full name, a version tag).
func ComputedText(name, doc string, on updateRule) Field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: textScalar{}, on: on}
}

// ComputedRef is a reference only the CRM sets (the account a lead was converted to).
func ComputedRef(name, doc, idDoc string) Field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: refScalar{idDoc: idDoc}, on: KeptOnUpdate}
}

// NamedRef is a read-only reference the CRM answers with the referenced record's name.
func NamedRef(name, doc, idDoc, nameDoc string) Field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: namedRefScalar{idDoc: idDoc, nameDoc: nameDoc}, on: ChangesOnWrite}
}

// CreatedAt is a creation timestamp: write-once, settable when seeding.
func CreatedAt(doc string) Field { return &writeOnce{base: base{"created_at"}, docs: docs{doc: doc}} }

// CustomFields is the record's custom_fields.
func CustomFields() Field { return customFieldsField{base{customFieldsName}} }

// List is a nested list of items described by spec.
func List(name, doc string, spec listSpec, opts ...listOption) Field {
	f := &nestedList{base: base{name}, docs: docs{doc: doc}, spec: spec}
	for _, o := range opts {
		o(f)
	}
	return f
}

// listOption adjusts a nested list.
type listOption func(*nestedList)

// ListReplaces makes a change of the list replace the resource (a note's parents).
func ListReplaces() listOption { return func(f *nestedList) { f.replace = true } }

// ListAlsoInQuery sends the list's ids as query parameters of these methods too, as
// <name>[0][id]=... (a note's contacts, through which some CRMs address it).
func ListAlsoInQuery(methods ...string) listOption { return func(f *nestedList) { f.query = methods } }

// RefList is a list of references, Truto's [{id}] (a deal's contacts).
func RefList(name, doc, idDoc string, opts ...listOption) Field {
	return List(name, doc, NewListSpec("reference", RequiredText("id", idDoc)), opts...)
}

// Item attributes.

// CRMID is an item id the CRM assigns.
func CRMID() itemAttr { return itemAttr{name: "id", crmID: true} }

// UserID is an item id the configuration may set (to point at an existing CRM object).
func UserID(doc, inputDoc string) itemAttr {
	return itemAttr{name: "id", docs: docs{doc: doc, inputDoc: inputDoc}, userID: true}
}

// ItemText is an optional string of an item.
func ItemText(name, doc string, vs ...validator.String) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, validators: vs}
}

// Email is an item's email address, compared case-insensitively (CRMs lowercase them).
func Email(doc string) itemAttr {
	return itemAttr{name: "email", docs: docs{doc: doc}, required: true, same: sameEmail,
		validators: []validator.String{emailValidator{}}}
}

// PhoneNumber is an item's phone number, compared as a number: CRMs reformat them.
func PhoneNumber(doc string) itemAttr {
	return itemAttr{name: "number", docs: docs{doc: doc, inputDoc: doc + " A number without a country code is read in the " +
		"provider's `default_phone_region`; without one, it compares as text unless the other spelling has a country code."},
		required: true, same: samePhone}
}

func sameEmail(a, b string, _ comparing) bool { return normalize.Email(a) == normalize.Email(b) }

// samePhone reads a national number in the provider's default_phone_region.
func samePhone(a, b string, c comparing) bool { return normalize.SamePhone(a, b, c.phoneRegion) }

// WebAddress is an item's URL, which must be able to be one.
func WebAddress(name, doc string) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, required: true, validators: []validator.String{webAddressValidator{}}}
}

// RequiredText is a string the configuration must set on every item.
func RequiredText(name, doc string) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, required: true}
}

// Needing makes every item set at least one of the named attributes.
func (s listSpec) Needing(names ...string) listSpec {
	s.needsOneOf = names
	return s
}

// WithInputDoc replaces the item attribute's shared description in the resource.
func (a itemAttr) WithInputDoc(doc string) itemAttr {
	a.inputDoc = doc
	return a
}
