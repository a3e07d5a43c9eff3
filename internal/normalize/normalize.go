// Package normalize holds the provider's comparison rules for values a CRM may spell differently:
// emails, names, websites and phone numbers. Each rule is written once here and used wherever the
// provider compares such values: drift, natural-key matching (adopt_by) and provider functions.
// It has no Terraform imports.
package normalize

import (
	"strings"
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
