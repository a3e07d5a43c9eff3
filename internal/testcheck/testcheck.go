// Package testcheck holds assertions the tests of several packages share.
package testcheck

import (
	"strings"
	"testing"
)

// goTypeNames match what leaks when a message prints a Go type: a package-qualified name.
var goTypeNames = []string{"basetypes.", "types.", "Config.", "*big.", "tftypes."}

// NoGoTypeNames fails the test when a user-facing message shows a Go name.
func NoGoTypeNames(t testing.TB, what, msg string) {
	t.Helper()
	for _, leak := range goTypeNames {
		if strings.Contains(msg, leak) {
			t.Errorf("%s: %q shows a Go name (%s)", what, msg, leak)
		}
	}
}
