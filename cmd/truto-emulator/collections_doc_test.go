package main

import (
	"os"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// The -h text and the emulator guide name the emulated collections by hand (prose reads better
// than a generated list); every collection the emulator serves must be named in both, so a new
// one cannot be left out. (The emulator's collections cover the provider's kinds:
// TestEveryKindHasAnEmulatorCollection.)
func TestUsageAndGuideNameEveryCollection(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/emulator.md")
	if err != nil {
		t.Fatal(err)
	}
	intro, _, _ := strings.Cut(usageText, "\n\n") // the paragraph that lists them
	usage := strings.Join(strings.Fields(intro), " ")
	_, tuned, _ := strings.Cut(strings.Join(strings.Fields(string(guide)), " "), "`collections` tunes the others (")
	tuned, _, _ = strings.Cut(tuned, ")")
	for _, name := range emulator.CollectionNames() {
		if !strings.Contains(usage, name) {
			t.Errorf("the -h text (usageText) does not name the %s collection", name)
		}
		// The guide lists the collections a profile's `collections` key tunes: every one but accounts,
		// which the profile's top-level keys describe.
		if name != "accounts" && !strings.Contains(tuned, "`"+name+"`") {
			t.Errorf("templates/guides/emulator.md does not list `%s` among the collections a profile tunes", name)
		}
	}
}
