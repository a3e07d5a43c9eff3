package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The schema snapshot makes every schema change visible in review: testdata/schema.json is what
// `terraform providers schema -json` prints for this provider (keys sorted, indented), and
// TestSchemaSnapshot fails when the provider's schema no longer matches it. The snapshot is built
// from the provider's own GetProviderSchema answer, so the test needs no terraform binary;
// TestAccExamples checks that terraform itself prints the same document.

const (
	schemaSnapshotFile = "testdata/schema.json"
	updateSnapshotEnv  = "UPDATE_SCHEMA_SNAPSHOT"
)

func TestSchemaSnapshot(t *testing.T) {
	got, err := providerSchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv(updateSnapshotEnv) != "" {
		if err := os.MkdirAll(filepath.Dir(schemaSnapshotFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(schemaSnapshotFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", schemaSnapshotFile)
		return
	}
	want, err := os.ReadFile(schemaSnapshotFile)
	if err != nil {
		t.Fatalf("reading the schema snapshot: %v\n\nCreate it with: %s=1 go test ./internal/provider -run TestSchemaSnapshot",
			err, updateSnapshotEnv)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("the provider's schema differs from %s:\n%s\n\nIf the change is intended, update the snapshot and "+
			"review its diff:\n  %s=1 go test ./internal/provider -run TestSchemaSnapshot\nand regenerate the docs: make docs",
			schemaSnapshotFile, firstDifference(want, got), updateSnapshotEnv)
	}
}

func TestSchemaSnapshotIsDeterministic(t *testing.T) {
	a, err := providerSchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := providerSchemaJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two renderings of the provider schema differ")
		}
	}
}

// TestSchemaDescriptions requires a description on every block and attribute, nested ones included:
// the documentation is generated from them.
func TestSchemaDescriptions(t *testing.T) {
	resp, err := providerSchema()
	if err != nil {
		t.Fatal(err)
	}
	var checkAttrs func(where string, attrs []*tfprotov6.SchemaAttribute)
	checkAttrs = func(where string, attrs []*tfprotov6.SchemaAttribute) {
		for _, a := range attrs {
			if a.Description == "" {
				t.Errorf("%s.%s has no description", where, a.Name)
			}
			if a.DescriptionKind != tfprotov6.StringKindMarkdown {
				t.Errorf("%s.%s has a plain description; use MarkdownDescription", where, a.Name)
			}
			if a.NestedType != nil {
				checkAttrs(where+"."+a.Name, a.NestedType.Attributes)
			}
		}
	}
	check := func(where string, s *tfprotov6.Schema) {
		if s.Block.Description == "" {
			t.Errorf("%s has no description", where)
		}
		checkAttrs(where, s.Block.Attributes)
		for _, b := range s.Block.BlockTypes {
			checkAttrs(where+"."+b.TypeName, b.Block.Attributes)
		}
	}
	check("provider", resp.Provider)
	for name, s := range resp.ResourceSchemas {
		check(name, s)
	}
	for name, s := range resp.DataSourceSchemas {
		check("data."+name, s)
	}
	if len(resp.DataSourceSchemas) < 2 {
		t.Errorf("data sources: %d, want truto_crm_account and truto_crm_accounts", len(resp.DataSourceSchemas))
	}
}

// firstDifference shows the first differing line of two documents, with a little context.
func firstDifference(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Sprintf("line %d:\n  snapshot: %s\n  current:  %s", i+1, bytes.TrimSpace(w), bytes.TrimSpace(g))
		}
	}
	return "(no line differs; trailing bytes differ)"
}

// providerSchemaJSON renders the provider's schema as `terraform providers schema -json` does,
// normalised: keys sorted, two-space indentation, a final newline.
func providerSchemaJSON() ([]byte, error) {
	resp, err := providerSchema()
	if err != nil {
		return nil, err
	}
	ps := map[string]any{"provider": schemaJSON(resp.Provider)}
	if len(resp.ResourceSchemas) > 0 {
		m := map[string]any{}
		for name, s := range resp.ResourceSchemas {
			m[name] = schemaJSON(s)
		}
		ps["resource_schemas"] = m
	}
	if len(resp.DataSourceSchemas) > 0 {
		m := map[string]any{}
		for name, s := range resp.DataSourceSchemas {
			m[name] = schemaJSON(s)
		}
		ps["data_source_schemas"] = m
	}
	if len(resp.ListResourceSchemas) > 0 {
		m := map[string]any{}
		for name, s := range resp.ListResourceSchemas {
			m[name] = schemaJSON(s)
		}
		ps["list_resource_schemas"] = m
	}
	if len(resp.Functions) > 0 {
		m := map[string]any{}
		for name, f := range resp.Functions {
			m[name] = functionJSON(f)
		}
		ps["functions"] = m
	}
	identities, err := identitySchemasJSON()
	if err != nil {
		return nil, err
	}
	if len(identities) > 0 {
		ps["resource_identity_schemas"] = identities
	}
	doc := map[string]any{
		"format_version":   "1.0",
		"provider_schemas": map[string]any{Address: ps},
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return normalizeJSON(raw) // a round trip also sorts the keys inside type expressions
}

// functionJSON renders a provider function's signature as terraform's jsonfunction package does.
func functionJSON(f *tfprotov6.Function) map[string]any {
	param := func(p *tfprotov6.FunctionParameter) map[string]any {
		m := map[string]any{"name": p.Name, "type": typeJSON(p.Type)}
		if p.Description != "" {
			m["description"] = p.Description
		}
		if p.AllowNullValue {
			m["is_nullable"] = true
		}
		return m
	}
	m := map[string]any{"return_type": typeJSON(f.Return.Type)}
	if f.Description != "" {
		m["description"] = f.Description
	}
	if f.Summary != "" {
		m["summary"] = f.Summary
	}
	var params []any
	for _, p := range f.Parameters {
		params = append(params, param(p))
	}
	if len(params) > 0 {
		m["parameters"] = params
	}
	if f.VariadicParameter != nil {
		m["variadic_parameter"] = param(f.VariadicParameter)
	}
	return m
}

// newerSchemaKeys are what only newer CLIs print (Terraform 1.14: list resources; 1.12: identities).
var newerSchemaKeys = []string{"list_resource_schemas", "resource_identity_schemas"}

// identitySchemasJSON renders the resource identity schemas as `terraform providers schema -json`
// (1.12 and later) does.
func identitySchemasJSON() (map[string]any, error) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		return nil, err
	}
	resp, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for name, s := range resp.IdentitySchemas {
		attrs := map[string]any{}
		for _, a := range s.IdentityAttributes {
			m := map[string]any{"type": typeJSON(a.Type)}
			if a.Description != "" {
				m["description"] = a.Description
			}
			if a.RequiredForImport {
				m["required_for_import"] = true
			}
			if a.OptionalForImport {
				m["optional_for_import"] = true
			}
			attrs[a.Name] = m
		}
		out[name] = map[string]any{"version": s.Version, "attributes": attrs}
	}
	return out, nil
}

// providerSchema is the provider's answer to GetProviderSchema, as Terraform receives it.
func providerSchema() (*tfprotov6.GetProviderSchemaResponse, error) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		return nil, err
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, fmt.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
		}
	}
	return resp, nil
}

// normalizeJSON re-encodes a JSON document with sorted keys, two-space indentation and a final newline.
func normalizeJSON(raw []byte) ([]byte, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func schemaJSON(s *tfprotov6.Schema) map[string]any {
	return map[string]any{"version": s.Version, "block": blockJSON(s.Block)}
}

func descriptionKind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

func blockJSON(b *tfprotov6.SchemaBlock) map[string]any {
	out := map[string]any{"description_kind": descriptionKind(b.DescriptionKind)}
	if b.Description != "" {
		out["description"] = b.Description
	}
	if b.Deprecated {
		out["deprecated"] = true
	}
	if len(b.Attributes) > 0 {
		out["attributes"] = attributesJSON(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		blocks := map[string]any{}
		for _, nb := range b.BlockTypes {
			m := map[string]any{"nesting_mode": blockNesting(nb.Nesting), "block": blockJSON(nb.Block)}
			if nb.MinItems > 0 {
				m["min_items"] = nb.MinItems
			}
			if nb.MaxItems > 0 {
				m["max_items"] = nb.MaxItems
			}
			blocks[nb.TypeName] = m
		}
		out["block_types"] = blocks
	}
	return out
}

func attributesJSON(attrs []*tfprotov6.SchemaAttribute) map[string]any {
	out := make(map[string]any, len(attrs))
	for _, a := range attrs {
		m := map[string]any{"description_kind": descriptionKind(a.DescriptionKind)}
		if a.NestedType != nil {
			m["nested_type"] = map[string]any{
				"attributes":   attributesJSON(a.NestedType.Attributes),
				"nesting_mode": objectNesting(a.NestedType.Nesting),
			}
		} else if a.Type != nil {
			m["type"] = typeJSON(a.Type)
		}
		if a.Description != "" {
			m["description"] = a.Description
		}
		for k, v := range map[string]bool{"deprecated": a.Deprecated, "required": a.Required, "optional": a.Optional,
			"computed": a.Computed, "sensitive": a.Sensitive, "write_only": a.WriteOnly} {
			if v {
				m[k] = true
			}
		}
		out[a.Name] = m
	}
	return out
}

// typeJSON renders a type as Terraform's JSON type expressions: "string", ["list","string"],
// ["object",{"a":"string"}] ...
func typeJSON(t tftypes.Type) any {
	switch tt := t.(type) {
	case tftypes.List:
		return []any{"list", typeJSON(tt.ElementType)}
	case tftypes.Set:
		return []any{"set", typeJSON(tt.ElementType)}
	case tftypes.Map:
		return []any{"map", typeJSON(tt.ElementType)}
	case tftypes.Tuple:
		elems := make([]any, len(tt.ElementTypes))
		for i, e := range tt.ElementTypes {
			elems[i] = typeJSON(e)
		}
		return []any{"tuple", elems}
	case tftypes.Object:
		attrs := make(map[string]any, len(tt.AttributeTypes))
		for k, e := range tt.AttributeTypes {
			attrs[k] = typeJSON(e)
		}
		if len(tt.OptionalAttributes) == 0 {
			return []any{"object", attrs}
		}
		return []any{"object", attrs, slices.Sorted(maps.Keys(tt.OptionalAttributes))}
	}
	switch {
	case t.Is(tftypes.String):
		return "string"
	case t.Is(tftypes.Number):
		return "number"
	case t.Is(tftypes.Bool):
		return "bool"
	case t.Is(tftypes.DynamicPseudoType):
		return "dynamic"
	}
	panic(fmt.Sprintf("typeJSON: unsupported type %s", t))
}

func objectNesting(n tfprotov6.SchemaObjectNestingMode) string {
	switch n {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return "single"
	case tfprotov6.SchemaObjectNestingModeList:
		return "list"
	case tfprotov6.SchemaObjectNestingModeSet:
		return "set"
	case tfprotov6.SchemaObjectNestingModeMap:
		return "map"
	}
	return fmt.Sprintf("invalid(%d)", n)
}

func blockNesting(n tfprotov6.SchemaNestedBlockNestingMode) string {
	switch n {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return "single"
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return "list"
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return "set"
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return "map"
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return "group"
	}
	return fmt.Sprintf("invalid(%d)", n)
}
