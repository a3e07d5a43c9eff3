package record

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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"

	"github.com/truto/terraform-provider-truto/internal/testcheck"
)

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
		testcheck.NoGoTypeNames(t, "custom_fields", got)
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
