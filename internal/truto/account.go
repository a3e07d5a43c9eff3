package truto

import "encoding/json"

// Account is Truto's unified CRM account. Top-level fields are Fields so that a request can leave a
// field out, clear it with null, or set it; a decoded response marks which fields the integration
// returned at all (fields come back only when the integration maps them).
type Account struct {
	ID                string               `json:"id,omitempty"`
	Name              Field[string]        `json:"name,omitzero"`
	Website           Field[string]        `json:"website,omitzero"`
	Description       Field[string]        `json:"description,omitzero"`
	Industry          Field[string]        `json:"industry,omitzero"`
	NumberOfEmployees Field[int64]         `json:"number_of_employees,omitzero"`
	Owner             Field[Owner]         `json:"owner,omitzero"`
	Addresses         Field[[]Address]     `json:"addresses,omitzero"`
	PhoneNumbers      Field[[]PhoneNumber] `json:"phone_numbers,omitzero"`
	URLs              Field[[]URL]         `json:"urls,omitzero"`
	Tags              Field[[]Tag]         `json:"tags,omitzero"`
	// CustomFields keeps every value as raw JSON so its type (string, number, bool, object ...)
	// survives untouched. A key mapped to the JSON literal null clears that custom field.
	CustomFields map[string]json.RawMessage `json:"custom_fields,omitempty"`
	// RemoteData: on a request, vendor fields passed to the CRM untransformed; on a response, the
	// vendor's raw record (absent when truto_ignore_remote_data=true).
	RemoteData     json.RawMessage `json:"remote_data,omitempty"`
	CreatedAt      Field[string]   `json:"created_at,omitzero"`
	UpdatedAt      Field[string]   `json:"updated_at,omitzero"`
	LastActivityAt Field[string]   `json:"last_activity_at,omitzero"`
}

// Owner is the CRM user that owns an account.
type Owner struct {
	ID string `json:"id"`
}

// Address is a postal address; ID is assigned by the CRM. Nil pointers are left out of requests.
type Address struct {
	ID         *string `json:"id,omitempty"`
	Type       *string `json:"type,omitempty"`
	Street1    *string `json:"street_1,omitempty"`
	Street2    *string `json:"street_2,omitempty"`
	City       *string `json:"city,omitempty"`
	State      *string `json:"state,omitempty"`
	PostalCode *string `json:"postal_code,omitempty"`
	Country    *string `json:"country,omitempty"`
}

// PhoneNumber is a phone number; Type is one of work, mobile, fax. ID is assigned by the CRM.
type PhoneNumber struct {
	ID        *string `json:"id,omitempty"`
	Number    *string `json:"number,omitempty"`
	Extension *string `json:"extension,omitempty"`
	Type      *string `json:"type,omitempty"`
}

// URL is a web address of the account.
type URL struct {
	URL  *string `json:"url,omitempty"`
	Type *string `json:"type,omitempty"`
}

// Tag labels an account.
type Tag struct {
	ID   *string `json:"id,omitempty"`
	Name *string `json:"name,omitempty"`
}
