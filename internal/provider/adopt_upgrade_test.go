package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/kinds"
	"github.com/truto/terraform-provider-truto/internal/statesample"
)

// A state written before adopt_by existed (no adopt_by, no adopted) upgrades the same way through
// the fast path as through the framework: both attributes null, which the next read fills.
func TestUpgradeOfAStateWithoutAdoptBy(t *testing.T) {
	ctx := context.Background()
	framework := providerserver.NewProtocol6(New("test")())()
	if _, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	k := kinds.Contact
	obj, _ := k.ObjectType().(tftypes.Object)
	sample, _ := statesample.JSON(obj).(map[string]any)
	delete(sample, "adopt_by")
	delete(sample, "adopted")
	js, _ := json.Marshal(sample)
	req := func() *tfprotov6.UpgradeResourceStateRequest {
		return &tfprotov6.UpgradeResourceStateRequest{TypeName: k.TypeName(), RawState: &tfprotov6.RawState{JSON: js}}
	}
	want, err := framework.UpgradeResourceState(ctx, req())
	if err != nil || len(want.Diagnostics) > 0 {
		t.Fatalf("framework: %v %v", err, want.Diagnostics)
	}
	got, err := NewServer("test")().UpgradeResourceState(ctx, req())
	if err != nil || len(got.Diagnostics) > 0 {
		t.Fatalf("fast path: %v %v", err, got.Diagnostics)
	}
	wv, _ := want.UpgradedState.Unmarshal(k.ObjectType())
	gv, _ := got.UpgradedState.Unmarshal(k.ObjectType())
	if !gv.Equal(wv) {
		t.Errorf("fast path differs from the framework:\n got %s\nwant %s", gv, wv)
	}
	var attrs map[string]tftypes.Value
	if gv.As(&attrs) != nil || !attrs["adopt_by"].IsNull() || !attrs["adopted"].IsNull() {
		t.Errorf("upgraded state: %v", gv)
	}
}
