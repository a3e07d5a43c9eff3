package provider

import (
	"bytes"
	"context"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's protocol 6 server: the framework's, with two shortcuts for the
// calls Terraform makes for every resource on every run (see fastPaths).
func NewServer(version string) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(New(version)())
	return func() tfprotov6.ProviderServer { return fastPaths{framework()} }
}

// fastPaths serves two calls without the framework's generic, path-by-path machinery, whose cost
// grows with the number of attributes and dominated no-op plans (see docs/guides/benchmarks.md).
// Both produce exactly what the framework would; anything unusual goes to the framework.
type fastPaths struct {
	tfprotov6.ProviderServer
}

// PlanResourceChange answers a plan that changes nothing without the framework's per-attribute plan
// machinery. When Terraform's proposed new state is the prior state itself (the configuration agrees
// with state, attribute for attribute) and no default would replace a value the configuration left
// unset, every plan modifier of this resource keeps the state value, so the framework's answer would
// be the prior state too; it just costs as much as the rest of a no-op plan together (a ValueAtPath
// and a SetAttribute per attribute, per resource). Anything else, including creates, destroys and
// every real change, goes to the framework.
func (s fastPaths) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if isNoOpPlan(req) {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedPrivate: req.PriorPrivate}, nil
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// isNoOpPlan reports whether the proposed new state of a truto_crm_account is byte for byte the
// prior state, which exists, and no schema default applies. Terraform encodes both with the same
// schema and a deterministic msgpack encoding, so equal bytes mean equal values; any doubt (JSON
// encoding, different bytes) goes the long way.
func isNoOpPlan(req *tfprotov6.PlanResourceChangeRequest) bool {
	prior, proposed := req.PriorState, req.ProposedNewState
	if req.TypeName != crmAccountTypeName || prior == nil || proposed == nil || len(prior.MsgPack) == 0 ||
		len(prior.JSON) > 0 || len(proposed.JSON) > 0 {
		return false
	}
	// A msgpack nil (0xc0) is a null object: a create, not a no-op.
	if len(prior.MsgPack) == 1 && prior.MsgPack[0] == 0xc0 {
		return false
	}
	return bytes.Equal(prior.MsgPack, proposed.MsgPack) && defaultsHold(prior, req.Config)
}

// defaultsHold reports whether the framework's defaults would leave the prior state as it is. The
// only default is deletion_policy = "delete": Terraform proposes the prior value for an unset
// Optional+Computed attribute, so after `deletion_policy = "abandon"` is removed from the
// configuration the proposal still says "abandon" and only the default turns it back into "delete".
func defaultsHold(prior, config *tfprotov6.DynamicValue) bool {
	if !bytes.Contains(prior.MsgPack, []byte(deletionPolicyAbandon)) {
		return true // the policy is validated to be "delete" or "abandon": no need to decode
	}
	typ := accountSchema().objType
	if deletionPolicyOf(prior, typ) == deletionPolicyDelete {
		return true
	}
	if config == nil {
		return false
	}
	cfg, err := config.Unmarshal(typ)
	if err != nil {
		return false
	}
	var attrs map[string]tftypes.Value
	return cfg.As(&attrs) == nil && !attrs["deletion_policy"].IsNull()
}

func deletionPolicyOf(dv *tfprotov6.DynamicValue, typ tftypes.Type) string {
	v, err := dv.Unmarshal(typ)
	if err != nil {
		return ""
	}
	var attrs map[string]tftypes.Value
	var policy string
	if v.As(&attrs) != nil || attrs["deletion_policy"].As(&policy) != nil {
		return ""
	}
	return policy
}

// UpgradeResourceState re-encodes a stored state of the current schema version, which is all the
// framework does in that case too (its "passthrough"): parse the JSON state with the schema's type,
// ignoring attributes no longer in the schema, and encode it as msgpack. Other versions, other
// resource types and flatmap states go to the framework.
func (s fastPaths) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req.TypeName == crmAccountTypeName && req.RawState != nil && len(req.RawState.JSON) > 0 {
		if info := accountSchema(); req.Version == info.version {
			typ := info.objType
			opts := tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}}
			if v, err := req.RawState.UnmarshalWithOpts(typ, opts); err == nil {
				if dv, err := tfprotov6.NewDynamicValue(typ, v); err == nil {
					return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
				}
			}
		}
	}
	return s.ProviderServer.UpgradeResourceState(ctx, req)
}

const crmAccountTypeName = "truto_crm_account"
