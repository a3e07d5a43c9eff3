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
// machinery. When Terraform's proposed new state is the prior state itself (the configuration
// agrees with state, attribute for attribute), every plan modifier of this provider keeps the state
// value, so the framework's answer would be the prior state too; it just costs as much as the rest
// of a no-op plan together (a ValueAtPath and a SetAttribute per attribute, per resource). Anything
// else, including creates, destroys and every real change, goes to the framework.
func (s fastPaths) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if isNoOpPlan(req) {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedPrivate: req.PriorPrivate}, nil
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// isNoOpPlan reports whether the proposed new state of a truto_crm_account is byte for byte the
// prior state, which exists. Terraform encodes both with the same schema and a deterministic msgpack encoding, so equal
// bytes mean equal values; any doubt (JSON encoding, different bytes) goes the long way.
func isNoOpPlan(req *tfprotov6.PlanResourceChangeRequest) bool {
	prior, proposed := req.PriorState, req.ProposedNewState
	if req.TypeName != crmAccountTypeName || prior == nil || proposed == nil || len(prior.MsgPack) == 0 || len(prior.JSON) > 0 || len(proposed.JSON) > 0 {
		return false
	}
	// A msgpack nil (0xc0) is a null object: a create, not a no-op.
	if len(prior.MsgPack) == 1 && prior.MsgPack[0] == 0xc0 {
		return false
	}
	return bytes.Equal(prior.MsgPack, proposed.MsgPack)
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
