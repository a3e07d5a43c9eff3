package provider

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/kinds"
	"github.com/truto/terraform-provider-truto/internal/record"
)

// NewServer returns the provider's protocol 6 server: the framework's, with two shortcuts for the
// calls Terraform makes for every resource on every run (see fastPaths).
func NewServer(version string) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(New(version)())
	return func() tfprotov6.ProviderServer {
		srv := framework()
		if withLists, ok := srv.(listingServer); ok {
			return fastPaths{withLists}
		}
		panic(fmt.Sprintf("the framework's server (%T) does not serve list resources", srv))
	}
}

// fastPaths serves two calls without the framework's generic, path-by-path machinery, whose cost
// grows with the number of attributes and dominated no-op plans (see docs/guides/benchmarks.md).
// Both produce exactly what the framework would; anything unusual goes to the framework.
type fastPaths struct {
	listingServer // the framework's
}

// listingServer serves list resources (terraform query) too.
type listingServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
}

// PlanResourceChange answers a plan that changes nothing without the framework's per-attribute plan
// machinery. When Terraform's proposed new state is the prior state itself (the configuration agrees
// with state, attribute for attribute) and no default would replace a value the configuration left
// unset, every plan modifier of a record kind keeps the state value, so the framework's answer would
// be the prior state too; it just costs as much as the rest of a no-op plan together (a ValueAtPath
// and a SetAttribute per attribute, per resource). Anything else, including creates, destroys and
// every real change, goes to the framework.
func (s fastPaths) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if isNoOpPlan(req) {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedPrivate: req.PriorPrivate,
			PlannedIdentity: plannedIdentity(req.PriorIdentity)}, nil
	}
	return s.listingServer.PlanResourceChange(ctx, req)
}

// plannedIdentity is the identity the framework plans for a no-op: the prior one, or a null
// identity when Terraform sent none (before Terraform 1.12, or a state written before identities).
func plannedIdentity(prior *tfprotov6.ResourceIdentityData) *tfprotov6.ResourceIdentityData {
	if prior != nil {
		return prior
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &nullIdentity}
}

var nullIdentity = func() tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(record.IdentityType, tftypes.NewValue(record.IdentityType, nil))
	if err != nil {
		panic(err)
	}
	return dv
}()

// isNoOpPlan reports whether the proposed new state of a record is byte for byte the prior state,
// which exists, and no schema default applies. Terraform encodes both with the same schema and a
// deterministic msgpack encoding, so equal bytes mean equal values; any doubt (JSON encoding,
// different bytes, a type that is not a record kind) goes the long way.
func isNoOpPlan(req *tfprotov6.PlanResourceChangeRequest) bool {
	prior, proposed := req.PriorState, req.ProposedNewState
	if prior == nil || proposed == nil || len(prior.MsgPack) == 0 || len(prior.JSON) > 0 || len(proposed.JSON) > 0 {
		return false
	}
	// A msgpack nil (0xc0) is a null object: a create, not a no-op.
	if len(prior.MsgPack) == 1 && prior.MsgPack[0] == 0xc0 {
		return false
	}
	k := resourceKinds[req.TypeName]
	return k != nil && bytes.Equal(prior.MsgPack, proposed.MsgPack) && defaultsHold(k, prior, req.Config)
}

// defaultsHold reports whether the framework's defaults would leave the prior state as it is.
// Terraform proposes the prior value for an unset Optional+Computed attribute, so after
// `deletion_policy = "abandon"` is removed from the configuration the proposal still says "abandon"
// and only the default turns it back into "delete". A default holds when the prior value is the
// default, or the configuration sets the attribute.
func defaultsHold(k *record.Kind, prior, config *tfprotov6.DynamicValue) bool {
	var priorAttrs, configAttrs map[string]tftypes.Value
	for _, d := range k.Defaults() {
		if !mayHold(prior.MsgPack, d.Others) {
			continue // the value can only be the default: no need to decode
		}
		if priorAttrs == nil && !unmarshalAttrs(prior, k.ObjectType(), &priorAttrs) {
			return false
		}
		var v string
		if priorAttrs[d.Name].As(&v) == nil && v == d.Value {
			continue
		}
		if config == nil || (configAttrs == nil && !unmarshalAttrs(config, k.ObjectType(), &configAttrs)) {
			return false
		}
		if configAttrs[d.Name].IsNull() {
			return false
		}
	}
	return true
}

// mayHold reports whether any of values appears in the encoded state. Attribute values are
// validated to one of a few strings, so when none of the others appears the value is the default.
func mayHold(msgpack []byte, others []string) bool {
	for _, o := range others {
		if bytes.Contains(msgpack, []byte(o)) {
			return true
		}
	}
	return false
}

func unmarshalAttrs(dv *tfprotov6.DynamicValue, typ tftypes.Type, out *map[string]tftypes.Value) bool {
	v, err := dv.Unmarshal(typ)
	return err == nil && v.As(out) == nil
}

// resourceKinds are the kinds with a resource, by resource type name.
var resourceKinds = func() map[string]*record.Kind {
	m := map[string]*record.Kind{}
	for _, k := range kinds.Writable() {
		m[k.TypeName()] = k
	}
	return m
}()

// UpgradeResourceState re-encodes a stored state of the current schema version, which is all the
// framework does in that case too (its "passthrough"): parse the JSON state with the schema's type,
// ignoring attributes no longer in the schema, and encode it as msgpack. Other versions, other
// resource types and flatmap states go to the framework.
func (s fastPaths) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if k := resourceKinds[req.TypeName]; k != nil && req.RawState != nil && len(req.RawState.JSON) > 0 && req.Version == k.SchemaVersion() {
		opts := tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}}
		if v, err := req.RawState.UnmarshalWithOpts(k.ObjectType(), opts); err == nil {
			if dv, err := tfprotov6.NewDynamicValue(k.ObjectType(), v); err == nil {
				return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
			}
		}
	}
	return s.listingServer.UpgradeResourceState(ctx, req)
}
