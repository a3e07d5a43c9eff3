package emulator

import (
	"fmt"
	"strconv"
	"strings"
)

// This file makes the emulated CRM look like a CRM: the vendor raw record
// returned as remote_data and the vendor bodies of CRM errors
// (raw_response). The shapes follow the vendors' public APIs closely enough
// to look real; nothing in a client should depend on them.

// vendorRecord builds the vendor's raw record for r, with the vendor-only
// fields that requests passed in remote_data merged over it.
func vendorRecord(a *integratedAccount, c *collection, r *record) map[string]any {
	var raw map[string]any
	if c.vendor != nil {
		raw = c.vendor(a, r)
	} else {
		raw = genericRecord(r)
	}
	mergePatch(raw, r.vendor)
	return raw
}

// accountVendorRecord is an account as HubSpot (a company), Salesforce (an
// Account) or another CRM (a flat record) stores it.
func accountVendorRecord(a *integratedAccount, r *record) map[string]any {
	switch strings.ToLower(a.profile.Integration) {
	case "salesforce":
		return salesforceRecord(r)
	case "hubspot", "":
		return hubspotRecord(r)
	default:
		return genericRecord(r)
	}
}

func str(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(t)
	}
}

// firstItem returns the first object of a list field.
func firstItem(r *record, field string) map[string]any {
	items, _ := r.fields[field].([]any)
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			return m
		}
	}
	return map[string]any{}
}

func ownerID(r *record) string {
	m, _ := r.fields["owner"].(map[string]any)
	return str(m["id"])
}

// setIf sets m[k] when v is not empty.
func setIf(m map[string]any, k string, v any) {
	if s, ok := v.(string); ok && s == "" {
		return
	}
	if v != nil {
		m[k] = v
	}
}

// hubspotRecord is a HubSpot CRM v3 company object.
func hubspotRecord(r *record) map[string]any {
	p := map[string]any{
		"hs_object_id":        r.id,
		"createdate":          formatTime(r.createdAt),
		"hs_lastmodifieddate": formatTime(r.updatedAt),
	}
	setIf(p, "name", str(r.fields["name"]))
	setIf(p, "domain", str(r.fields["website"]))
	setIf(p, "description", str(r.fields["description"]))
	setIf(p, "industry", str(r.fields["industry"]))
	setIf(p, "numberofemployees", str(r.fields["number_of_employees"])) // HubSpot stores numbers as strings
	setIf(p, "hubspot_owner_id", ownerID(r))
	addr := firstItem(r, "addresses")
	setIf(p, "address", str(addr["street_1"]))
	setIf(p, "address2", str(addr["street_2"]))
	setIf(p, "city", str(addr["city"]))
	setIf(p, "state", str(addr["state"]))
	setIf(p, "zip", str(addr["postal_code"]))
	setIf(p, "country", str(addr["country"]))
	setIf(p, "phone", str(firstItem(r, "phone_numbers")["number"]))
	if cf, ok := r.fields["custom_fields"].(map[string]any); ok {
		for k, v := range cf {
			if v != nil {
				p[k] = deepCopy(v)
			}
		}
	}
	return map[string]any{
		"id":         r.id,
		"properties": p,
		"createdAt":  formatTime(r.createdAt),
		"updatedAt":  formatTime(r.updatedAt),
		"archived":   false,
	}
}

// salesforceRecord is a Salesforce Account sObject.
func salesforceRecord(r *record) map[string]any {
	m := map[string]any{
		"attributes":       map[string]any{"type": "Account", "url": "/services/data/v59.0/sobjects/Account/" + r.id},
		"Id":               r.id,
		"CreatedDate":      formatTime(r.createdAt),
		"LastModifiedDate": formatTime(r.updatedAt),
		"IsDeleted":        false,
	}
	setIf(m, "Name", str(r.fields["name"]))
	setIf(m, "Website", str(r.fields["website"]))
	setIf(m, "Description", str(r.fields["description"]))
	setIf(m, "Industry", str(r.fields["industry"]))
	if n, ok := r.fields["number_of_employees"].(float64); ok {
		m["NumberOfEmployees"] = n
	}
	setIf(m, "OwnerId", ownerID(r))
	addr := firstItem(r, "addresses")
	setIf(m, "BillingStreet", strings.TrimSpace(str(addr["street_1"])+"\n"+str(addr["street_2"])))
	setIf(m, "BillingCity", str(addr["city"]))
	setIf(m, "BillingState", str(addr["state"]))
	setIf(m, "BillingPostalCode", str(addr["postal_code"]))
	setIf(m, "BillingCountry", str(addr["country"]))
	setIf(m, "Phone", str(firstItem(r, "phone_numbers")["number"]))
	if cf, ok := r.fields["custom_fields"].(map[string]any); ok {
		for k, v := range cf {
			if v != nil {
				m[k] = deepCopy(v)
			}
		}
	}
	return m
}

// genericRecord is a flat vendor record for any other integration.
func genericRecord(r *record) map[string]any {
	m := map[string]any{
		"id":          r.id,
		"created_at":  formatTime(r.createdAt),
		"modified_at": formatTime(r.updatedAt),
	}
	for k, v := range r.fields {
		if k == "custom_fields" {
			if cf, ok := v.(map[string]any); ok {
				for ck, cv := range cf {
					if cv != nil {
						m["custom."+ck] = deepCopy(cv)
					}
				}
			}
			continue
		}
		if !isEmpty(v) {
			m[k] = deepCopy(v)
		}
	}
	return m
}

// vendorError builds the vendor body of a CRM error (raw_response).
func vendorError(integration, category, message string) map[string]any {
	switch strings.ToLower(integration) {
	case "salesforce":
		return map[string]any{"errors": []any{map[string]any{"errorCode": salesforceCode(category), "message": message}}}
	default:
		return map[string]any{
			"status":        "error",
			"message":       message,
			"category":      category,
			"correlationId": "3f1c2b7e-0d4a-4c55-9a51-6b1f2e8d9c01",
		}
	}
}

func salesforceCode(category string) string {
	switch category {
	case "OBJECT_NOT_FOUND":
		return "NOT_FOUND"
	case "VALIDATION_ERROR":
		return "FIELD_INTEGRITY_EXCEPTION"
	case "RATE_LIMITS":
		return "REQUEST_LIMIT_EXCEEDED"
	case "INVALID_AUTHENTICATION":
		return "INVALID_SESSION_ID"
	default:
		return "UNKNOWN_EXCEPTION"
	}
}

// errRecordNotFound is the CRM's 404 for an id it does not have.
func errRecordNotFound(integration string, c *collection, id string) *response {
	return remoteError(404, "resource not found",
		vendorError(integration, "OBJECT_NOT_FOUND", fmt.Sprintf("resource not found: %s %s does not exist", c.vendorName(), id)))
}

// errCRMValidation is the CRM's 422 for a value it rejects.
func errCRMValidation(integration, message string) *response {
	return remoteError(422, message, vendorError(integration, "VALIDATION_ERROR", "Property values were not valid: "+message))
}
