package record

import (
	"fmt"
	"sync"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Terraform plans resources concurrently: a field planned while a record's check reads the planned
// fields must not race (go test -race caught the unguarded read this once was).
func TestPlannedFieldsConcurrently(t *testing.T) {
	c := &planChecks{}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			c.planField("ia", "account", truto.FieldDefinition{Name: fmt.Sprintf("f%d", i), Type: "string"})
		}()
		go func() {
			defer wg.Done()
			_ = c.withPlanned("ia", "account", nil)
		}()
	}
	wg.Wait()
	if got := len(c.withPlanned("ia", "account", nil)); got != 50 {
		t.Fatalf("withPlanned after 50 planned fields: %d definitions, want 50", got)
	}
}
