// Package kinds declares the record kinds this provider serves, as data: each a record.Spec built
// from the record package's vocabulary. All is the one list every other registration derives from
// (the provider's resources and data sources, the catalog's entities, the coverage tests).
package kinds

import "github.com/truto/terraform-provider-truto/internal/record"

// All are the record kinds this provider serves, in the order of the docs index.
var All = []*record.Kind{Account, Contact, Opportunity, Lead, Note, Task, Engagement, User, Stage, FieldCatalog}

// Writable are the kinds with a resource, in declaration order.
func Writable() []*record.Kind {
	var out []*record.Kind
	for _, k := range All {
		if !k.ReadOnly() {
			out = append(out, k)
		}
	}
	return out
}
