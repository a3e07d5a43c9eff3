package kinds

import (
	"slices"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// The catalog entities come from the kinds' declarations, and the emulator serves a catalog of
// each: the provider and the emulator (which share no code) cannot disagree on them.
func TestCatalogEntitiesAreTheKindsAndTheEmulatorServesThem(t *testing.T) {
	for _, k := range All {
		if k.Catalog() != "" && !slices.Contains(catalogEntities, k.Catalog()) {
			t.Errorf("%s's catalog entity %q is not in catalogEntities %v", k.Noun(), k.Catalog(), catalogEntities)
		}
	}
	for _, entity := range catalogEntities {
		p := emulator.Profile{Fields: map[string][]emulator.FieldDef{entity: {{Name: "x", Type: "string"}}}}
		if err := p.Validate(); err != nil {
			t.Errorf("the emulator refuses a catalog of %q: %v", entity, err)
		}
	}
}
