// Package normalize holds the provider's comparison rules for values a CRM may spell differently:
// emails, names, websites and phone numbers. Each rule is written once here and used wherever the
// provider compares such values: drift, natural-key matching (adopt_by) and provider functions.
// It has no Terraform imports.
package normalize

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Email is an email address as compared: trimmed and lowercased (CRMs lowercase emails).
func Email(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Text is a name, subject or title as compared: trimmed, runs of white space collapsed to one
// space, lowercased.
func Text(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Website is a web address as compared: its host and path, ignoring the scheme, a leading
// "www.", the letter case of the host, a trailing slash, the query and the fragment.
// "https://www.Acme.example/" and "acme.example" are equal. A value that is no URL compares as
// trimmed, lowercased text.
func Website(s string) string {
	u, ok := webURL(s)
	if !ok {
		return strings.ToLower(strings.TrimSpace(s))
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443")
	return host + strings.TrimRight(u.EscapedPath(), "/")
}

// Phone is a phone number in E.164 form ("+15550100"). A number without a leading "+" is read as
// a national number of region (an ISO 3166 code such as "US", "GB"; "" when none is known).
// The error names the input when it is no phone number, or a national one without a region.
func Phone(number, region string) (string, error) {
	s := strings.TrimSpace(number)
	if s == "" {
		return "", fmt.Errorf("%q is not a phone number", number)
	}
	if region == "" && !strings.HasPrefix(s, "+") {
		return "", fmt.Errorf("%q has no country code (start it with +) and no region was given to read it in", number)
	}
	if region != "" && !IsRegion(region) {
		return "", fmt.Errorf("%q cannot be read: region %q is no ISO 3166-1 alpha-2 code such as US or GB", number, region)
	}
	n, err := phonenumbers.Parse(s, strings.ToUpper(strings.TrimSpace(region)))
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", fmt.Errorf("%q is not a phone number", number)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// PhoneKey is a phone number as compared: its E.164 form, or, when it cannot be read as one, the
// trimmed text (so an unusual value still equals itself and differs from every other).
func PhoneKey(number, region string) string {
	if e, err := Phone(number, region); err == nil {
		return e
	}
	return strings.TrimSpace(number)
}

// RecordKey is a stable key built from natural-key values, for for_each maps built from rows:
// each value trimmed, its runs of white space collapsed and lowercased (the rule names, subjects
// and emails compare by), joined with "|" ("\" and "|" inside a value are escaped with "\").
func RecordKey(values ...string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strings.NewReplacer(`\`, `\\`, `|`, `\|`).Replace(Text(v))
	}
	return strings.Join(parts, "|")
}

// SamePhone reports whether two spellings are one phone number: equal E.164 forms (a national
// number read in region), or, when only one of them carries a country code and the other cannot
// be read in region (none given, or not a number there), the other read as a national number of
// that country ("+1 415 555 0100" and "(415) 555-0100"). Numbers that cannot be read compare as
// trimmed text.
func SamePhone(a, b, region string) bool {
	if PhoneKey(a, region) == PhoneKey(b, region) {
		return true
	}
	for _, p := range [][2]string{{a, b}, {b, a}} {
		n, err := phonenumbers.Parse(strings.TrimSpace(p[0]), "")
		if err != nil || !strings.HasPrefix(strings.TrimSpace(p[0]), "+") {
			continue
		}
		if _, err := Phone(p[1], region); err == nil {
			continue // a number of region, already compared as one
		}
		if r := phonenumbers.GetRegionCodeForNumber(n); r != "" {
			if e, err := Phone(p[1], r); err == nil && e == phonenumbers.Format(n, phonenumbers.E164) {
				return true
			}
		}
	}
	return false
}
