package provider

import (
	"context"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// goTypeNames match what leaks when a message prints a Go type: a package-qualified name.
var goTypeNames = []string{"basetypes.", "types.", "Config.", "*big.", "tftypes."}

func assertNoGoTypeNames(t *testing.T, what, msg string) {
	t.Helper()
	for _, leak := range goTypeNames {
		if strings.Contains(msg, leak) {
			t.Errorf("%s: %q shows a Go name (%s)", what, msg, leak)
		}
	}
}

// custom_fields of the wrong type is named in Terraform's words.
func TestCustomFieldsTypeErrorInUserWords(t *testing.T) {
	for _, tc := range []struct {
		v    attr.Value
		want string
	}{
		{types.StringValue("gold"), "got a string"},
		{types.NumberValue(big.NewFloat(10)), "got a number"},
		{types.BoolValue(true), "got a bool"},
		{types.TupleValueMust([]attr.Type{types.StringType}, []attr.Value{types.StringValue("a")}), "got a list"},
	} {
		req := validator.DynamicRequest{Path: path.Root(customFieldsName), ConfigValue: types.DynamicValue(tc.v)}
		var resp validator.DynamicResponse
		customFieldsValidator{}.ValidateDynamic(context.Background(), req, &resp)
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("%v: %v, want one diagnostic", tc.v, resp.Diagnostics)
		}
		got := resp.Diagnostics[0].Detail()
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: %q, want it to say %q", tc.v, got, tc.want)
		}
		assertNoGoTypeNames(t, "custom_fields", got)
	}
}

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
			typ := schemaResp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
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
			assertNoGoTypeNames(t, tc.name, d.Detail())
			if strings.Contains(d.Detail(), "hunter2") || strings.Contains(d.Detail(), "abc") {
				t.Errorf("a secret leaked: %q", d.Detail())
			}
		})
	}
}

// Ctrl-C before a create was sent says nothing was created; one in flight keeps "may have been
// created" with the import advice.
func TestInterruptedCreateMessages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(300 * time.Millisecond)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	create := func(ctx context.Context) diag.Diagnostics {
		_, err := client.Create(ctx, accountKind.coll, truto.RequestOptions{IntegratedAccountID: testIA}, &truto.Record{})
		var diags diag.Diagnostics
		addAPIError(&diags, accountKind, "create", testIA, "", err)
		return diags
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	diags := create(ctx)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "interrupted before the request was sent: nothing was created") ||
		strings.Contains(diags[0].Detail(), "may have been created") {
		t.Errorf("interrupted before sending: %v", diags)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel) // while the request is in flight
	diags = create(ctx)
	if len(diags) != 1 || !strings.Contains(diags[0].Summary(), "may have been created") {
		t.Errorf("interrupted in flight: %v", diags)
	}
}
