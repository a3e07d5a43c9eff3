package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/testcheck"
)

// Configure words what it refuses with the provider's settings (base_url, api_token), not the
// client's Go fields.
func TestConfigureErrorsNameTheSettings(t *testing.T) {
	for _, tc := range []struct {
		name             string
		attrs            map[string]string
		wantAttr, wantIn string
	}{
		{"unparseable base_url", map[string]string{"api_token": "t", "base_url": "https://exa mple.com"},
			"base_url", `base_url "https://exa mple.com" (from the provider block or TRUTO_BASE_URL) is not a valid URL`},
		{"relative base_url", map[string]string{"api_token": "t", "base_url": "api.truto.one"},
			"base_url", "must be an absolute URL"},
		{"base_url with credentials", map[string]string{"api_token": "t", "base_url": "https://u:hunter2@api.truto.one"},
			"base_url", "must not contain credentials"},
		{"token with a newline", map[string]string{"api_token": "abc\ndef", "base_url": "https://api.truto.one"},
			"api_token", "api_token (from the provider block or TRUTO_API_TOKEN) contains whitespace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := New("test")()
			var schemaResp provider.SchemaResponse
			p.Schema(context.Background(), provider.SchemaRequest{}, &schemaResp)
			typ, _ := schemaResp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
			vals := map[string]tftypes.Value{}
			for name, at := range typ.AttributeTypes {
				if s, ok := tc.attrs[name]; ok {
					vals[name] = tftypes.NewValue(tftypes.String, s)
				} else {
					vals[name] = tftypes.NewValue(at, nil)
				}
			}
			var resp provider.ConfigureResponse
			p.Configure(context.Background(), provider.ConfigureRequest{Config: tfsdk.Config{
				Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, vals)}}, &resp)
			if len(resp.Diagnostics) != 1 {
				t.Fatalf("diagnostics %v, want one", resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if !strings.Contains(d.Summary(), tc.wantAttr) || !strings.Contains(d.Detail(), tc.wantIn) {
				t.Errorf("got %q: %q, want %s and %q", d.Summary(), d.Detail(), tc.wantAttr, tc.wantIn)
			}
			testcheck.NoGoTypeNames(t, tc.name, d.Detail())
			if strings.Contains(d.Detail(), "hunter2") || strings.Contains(d.Detail(), "abc") {
				t.Errorf("a secret leaked: %q", d.Detail())
			}
		})
	}
}
