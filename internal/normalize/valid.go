package normalize

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// IsEmail reports whether s, trimmed, can be an email address: local@domain, one "@", no white
// space, and a domain that neither starts nor ends with a dot.
func IsEmail(s string) bool {
	s = strings.TrimSpace(s)
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(domain, "@") &&
		!strings.ContainsFunc(s, unicode.IsSpace) && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// IsWebAddress reports whether s, trimmed, can be a web address: no white space, and a host, with
// or without a scheme ("acme.example" is one, as for Website).
func IsWebAddress(s string) bool {
	u, ok := webURL(s)
	return ok && !strings.ContainsFunc(strings.TrimSpace(s), unicode.IsSpace) && u.Hostname() != ""
}

// webURL parses a web address, reading one without a scheme as http:// (false when it is none).
func webURL(s string) (*url.URL, bool) {
	raw := strings.TrimSpace(s)
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	return u, err == nil && u.Host != ""
}

// IsRegion reports whether s, trimmed and in any letter case, is an ISO 3166-1 alpha-2 region code
// whose national phone numbers can be read ("US", "GB"): the regions libphonenumber knows.
func IsRegion(s string) bool {
	return phonenumbers.GetSupportedRegions()[strings.ToUpper(strings.TrimSpace(s))]
}
