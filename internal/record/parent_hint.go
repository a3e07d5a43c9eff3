package record

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// ByParent filters by the record every listed one belongs to (a stage's pipeline). When the list
// comes back empty because the CRM has no record in that parent at all, the data source warns,
// naming the parents it has: an empty ids_by_name would otherwise surface only as Terraform's
// "Invalid index" where a record is looked up by name.
func ByParent(field, what string) Filter { return refFilter{field: field, what: what, parent: true} }

// warnNoSuchParent runs the check of ByParent for each such filter the configuration sets.
func (k *Kind) warnNoSuchParent(ctx context.Context, client *truto.Client, opts truto.RequestOptions,
	config map[string]tftypes.Value, diags *diag.Diagnostics) {
	for _, f := range k.filters {
		if r, ok := f.(refFilter); ok && r.parent && configString(config, r.attr()) != "" {
			k.warnNoSuchParentOf(ctx, client, opts, r, configString(config, r.attr()), diags)
		}
	}
}

func (k *Kind) warnNoSuchParentOf(ctx context.Context, client *truto.Client, opts truto.RequestOptions, f refFilter,
	parentID string, diags *diag.Diagnostics) {
	var parents []string
	seen := map[string]bool{}
	for rec, err := range client.List(ctx, k.coll, opts, truto.ListParams{}) {
		if err != nil {
			return // the list itself succeeded; this is only a hint
		}
		raw, _ := rec.Value(f.field)
		obj, _ := truto.Object(raw)
		id, ok := truto.MemberString(obj, "id")
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		if id == parentID {
			return // the parent exists; other filters left nothing
		}
		if name, ok := truto.MemberString(obj, "name"); ok && name != "" {
			id = fmt.Sprintf("%q (%s)", id, name)
		} else {
			id = fmt.Sprintf("%q", id)
		}
		parents = append(parents, id)
	}
	known := "The CRM lists no " + k.noun + " in any " + f.field + "."
	if len(parents) > 0 {
		known = "Its " + f.field + "s: " + strings.Join(parents, ", ") + "."
	}
	diags.AddAttributeWarning(path.Root(f.attr()), "No "+k.plural+" in this "+f.field,
		fmt.Sprintf("The CRM behind integrated account %q has no %s in %s %q, so %s and ids_by_name are empty. %s",
			opts.IntegratedAccountID, k.noun, f.field, parentID, k.plural, known))
}
