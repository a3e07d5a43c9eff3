package kinds

import (
	"os"
	"strings"
	"testing"
)

// The docs index (templates/index.md.tmpl) has a hand-written row per kind: tfplugindocs renders a
// template with the provider's schema only, so the rows cannot be generated from All. This test
// keeps them in step: one row per kind, in All's order, naming its resource (none for a read-only
// kind) and its data sources.
func TestEveryKindHasADocsIndexRow(t *testing.T) {
	b, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string // the kinds table's cells: record, resource, data sources
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), "|")
		// truto_crm_support's row is about the account, truto_crm_exclusive_records' about a set of
		// records: not kinds.
		if strings.HasPrefix(line, "| ") && len(cells) == 3 && strings.Contains(line, "`truto_crm_") &&
			!strings.Contains(line, "`truto_crm_support`") && !strings.Contains(line, "`truto_crm_exclusive_records`") {
			for j := range cells {
				cells[j] = strings.TrimSpace(cells[j])
			}
			rows = append(rows, cells)
		}
	}
	if len(rows) != len(All) {
		t.Errorf("the docs index has %d kind rows, All %d kinds", len(rows), len(All))
	}
	for i, k := range All {
		if i >= len(rows) {
			t.Errorf("no docs index row for %s", k.Plural())
			continue
		}
		row, code := rows[i], func(name string) string { return "`" + name + "`" }
		list := code("truto_crm_" + k.Plural())
		if !strings.Contains(row[2], list) {
			t.Errorf("row %d (%q) is not %s's: want %s among its data sources, in All's order", i+1, row[0], k.Plural(), list)
			continue
		}
		wantResource := code(k.TypeName())
		if k.ReadOnly() && k != FieldCatalog { // the catalog's definitions are truto_crm_field's (not a kind's resource)
			wantResource = ""
		}
		if row[1] != wantResource {
			t.Errorf("%s's row names resource %q, want %q", k.Plural(), row[1], wantResource)
		}
		if one := code(k.TypeName()); !k.ListOnly() && !strings.Contains(row[2], one) {
			t.Errorf("%s's row lacks its data source %s", k.Plural(), one)
		}
	}
}
