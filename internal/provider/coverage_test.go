package provider

import (
	"slices"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/emulator"
	"github.com/truto/terraform-provider-truto/internal/kinds"
)

// kinds.All is the one list of kinds; these fail when a kind is added without what the tests over
// every kind need.

func TestEveryWritableKindHasALifecycleEntry(t *testing.T) {
	for _, k := range kinds.Writable() {
		if !slices.ContainsFunc(kindTests, func(tc kindTest) bool { return tc.k == k }) {
			t.Errorf("%s has no entry in kindTests (kinds_test.go): the lifecycle, drift, import and plan-time error "+
				"tests would skip it", k.TypeName())
		}
	}
}

func TestEveryKindHasAnEmulatorCollection(t *testing.T) {
	served := emulator.CollectionNames()
	for _, k := range kinds.All {
		if !slices.Contains(served, k.Plural()) && k != kinds.FieldCatalog { // the catalog is served by its own handler
			t.Errorf("%s: the emulator has no %q collection (internal/emulator/collections.go)", k.TypeName(), k.Plural())
		}
	}
}
