package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/truto/terraform-provider-truto/internal/normalize"
)

// The vocabulary of kind declarations: one constructor per field kind, and options.

// fieldOption adjusts an optional field.
type fieldOption func(*optional)

// inputDoc replaces the shared description in the resource, where the attribute is an input.
func inputDoc(doc string) fieldOption { return func(f *optional) { f.inputDoc = doc } }

// validate adds plan-time validators of the field's type (validator.String for text ...).
func validate(vs ...any) fieldOption {
	return func(f *optional) { f.validators = append(f.validators, vs...) }
}

// required makes the field a required input.
func required() fieldOption { return func(f *optional) { f.required = true } }

// replaces makes a change of the field replace the resource.
func replaces() fieldOption { return func(f *optional) { f.replace = true } }

// alsoInQuery sends the field as a query parameter of these methods too ("update", "delete"), for
// CRMs that address a record through it (an engagement's type).
func alsoInQuery(methods ...string) fieldOption { return func(f *optional) { f.query = methods } }

// derivedFrom plans the field, when the configuration leaves it unset, as unknown whenever one of
// these attributes changes: the CRM derives it from them (a task's completed_at from its status).
func derivedFrom(attrs ...string) fieldOption { return func(f *optional) { f.derivedFrom = attrs } }

// ignoreCase compares a text field case-insensitively (CRMs lowercase emails).
func ignoreCase() fieldOption { return func(f *optional) { f.v = textScalar{fold: true} } }

func newOptional(name, doc string, v scalar, opts []fieldOption) *optional {
	f := &optional{base: base{name}, docs: docs{doc: doc}, v: v}
	for _, o := range opts {
		o(f)
	}
	return f
}

// text is a string attribute; "" clears it.
func text(name, doc string, opts ...fieldOption) field {
	return newOptional(name, doc, textScalar{}, opts)
}

// integer is a whole-number attribute.
func integer(name, doc string, opts ...fieldOption) field {
	return newOptional(name, doc, intScalar{}, opts)
}

// number is a decimal attribute, kept exactly.
func number(name, doc string, opts ...fieldOption) field {
	return newOptional(name, doc, numberScalar{}, opts)
}

// boolean is a true/false attribute.
func boolean(name, doc string) field {
	return newOptional(name, doc, boolScalar{}, nil)
}

// timeOf is an RFC 3339 time the configuration may set (an engagement's start).
func timeOf(name, doc string, opts ...fieldOption) field {
	return newOptional(name, doc, rfc3339, opts)
}

// date is a day or an RFC 3339 time; a CRM that keeps only the date never causes a diff.
func date(name, doc string, opts ...fieldOption) field {
	return newOptional(name, doc, dateScalar{}, opts)
}

// reference is a link to another record, Truto's {id} object; idDoc describes the id.
func reference(name, doc, idDoc string, opts ...fieldOption) field {
	return newOptional(name, doc, refScalar{idDoc: idDoc}, opts)
}

// timestamp is a CRM-maintained RFC 3339 time planned per rule on update.
func timestamp(name, doc string, on updateRule) field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: rfc3339, on: on}
}

// computedText is a string only the CRM sets (a contact's full name, a version tag).
func computedText(name, doc string, on updateRule) field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: textScalar{}, on: on}
}

// computedRef is a reference only the CRM sets (the account a lead was converted to).
func computedRef(name, doc, idDoc string) field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: refScalar{idDoc: idDoc}, on: keptOnUpdate}
}

// namedRef is a read-only reference the CRM answers with the referenced record's name.
func namedRef(name, doc, idDoc, nameDoc string) field {
	return &computed{base: base{name}, docs: docs{doc: doc}, v: namedRefScalar{idDoc: idDoc, nameDoc: nameDoc}, on: changesOnWrite}
}

// createdAt is a creation timestamp: write-once, settable when seeding.
func createdAt(doc string) field { return &writeOnce{base: base{"created_at"}, docs: docs{doc: doc}} }

// customFields is the record's custom_fields.
func customFields() field { return customFieldsField{base{customFieldsName}} }

// list is a nested list of items described by spec.
func list(name, doc string, spec listSpec, opts ...listOption) field {
	f := &nestedList{base: base{name}, docs: docs{doc: doc}, spec: spec}
	for _, o := range opts {
		o(f)
	}
	return f
}

// listOption adjusts a nested list.
type listOption func(*nestedList)

// listReplaces makes a change of the list replace the resource (a note's parents).
func listReplaces() listOption { return func(f *nestedList) { f.replace = true } }

// listAlsoInQuery sends the list's ids as query parameters of these methods too, as
// <name>[0][id]=... (a note's contacts, through which some CRMs address it).
func listAlsoInQuery(methods ...string) listOption { return func(f *nestedList) { f.query = methods } }

// refList is a list of references, Truto's [{id}] (a deal's contacts).
func refList(name, doc, idDoc string, opts ...listOption) field {
	return list(name, doc, newListSpec("reference", requiredText("id", idDoc)), opts...)
}

// Item attributes.

// crmID is an item id the CRM assigns.
func crmID() itemAttr { return itemAttr{name: "id", crmID: true} }

// userID is an item id the configuration may set (to point at an existing CRM object).
func userID(doc, inputDoc string) itemAttr {
	return itemAttr{name: "id", docs: docs{doc: doc, inputDoc: inputDoc}, userID: true}
}

// attr is an optional string of an item.
func itemText(name, doc string, vs ...validator.String) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, validators: vs}
}

// email is an item's email address, compared case-insensitively (CRMs lowercase them).
func email(doc string) itemAttr {
	return itemAttr{name: "email", docs: docs{doc: doc}, required: true, same: sameEmail,
		validators: []validator.String{emailValidator{}}}
}

// phoneNumber is an item's phone number, compared as a number: CRMs reformat them.
func phoneNumber(doc string) itemAttr {
	return itemAttr{name: "number", docs: docs{doc: doc}, required: true, same: samePhone}
}

func sameEmail(a, b string) bool { return normalize.Email(a) == normalize.Email(b) }
func samePhone(a, b string) bool { return normalize.SamePhone(a, b, "") }

// webAddress is an item's URL, which must be able to be one.
func webAddress(name, doc string) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, required: true, validators: []validator.String{webAddressValidator{}}}
}

// requiredText is a string the configuration must set on every item.
func requiredText(name, doc string) itemAttr {
	return itemAttr{name: name, docs: docs{doc: doc}, required: true}
}

// needing makes every item set at least one of the named attributes.
func (s listSpec) needing(names ...string) listSpec {
	s.needsOneOf = names
	return s
}
