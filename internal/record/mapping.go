package record

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The pure functions between a record's Terraform value and the API, each a loop over the kind's
// fields: every rule lives in a field kind.

// createRequest builds the body of a create from the plan: every known, non-null attribute.
func createRequest(plan model) (*truto.Record, error) {
	body := &truto.Record{}
	for i, f := range plan.k.fields {
		if err := f.create(plan.v[i], body); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name(), err)
		}
	}
	return body, nil
}

// updateRequest builds a PATCH body holding only what differs between plan and state. It returns
// nil when nothing the API stores has changed (only deletion_policy, timeouts or remote_query, say).
func updateRequest(plan, state model, adopted map[string]bool) (*truto.Record, error) {
	body := &truto.Record{}
	c := &changeContext{adopted: adopted}
	for i, f := range plan.k.fields {
		if err := f.update(plan.v[i], state.v[i], body, c); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name(), err)
		}
	}
	if body.Len() == 0 {
		return nil, nil
	}
	return body, nil
}

// sendsNothing reports whether an update would send nothing to the CRM. Unknown planned values of
// attributes the CRM stores count as changes.
func sendsNothing(plan, state model, adopted map[string]bool) bool {
	for i, f := range plan.k.fields {
		if s, ok := f.(sentField); ok && s.sent() && plan.v[i].IsUnknown() {
			return false
		}
	}
	body, err := updateRequest(plan, state, adopted)
	return err == nil && body == nil
}

// stateAfterApply builds the state after a create or update: the plan, with every unknown value
// (the id, timestamps, attributes the configuration leaves unset, CRM ids in lists) filled from the
// API's response. Known planned values are kept as they are: Terraform requires it, and the response
// of some integrations is partial. Drift the CRM introduced shows up at the next read.
func stateAfterApply(plan model, resp *truto.Record) model {
	s := plan.with()
	for i, f := range s.k.fields {
		s.v[i] = f.applied(plan.v[i], resp)
	}
	return s
}

// stateAfterRead builds the state from a read of the record. The CRM's values replace the prior
// ones, so changes made outside Terraform show up as drift, except where that would be noise (each
// field kind says where). The id stays the one Terraform tracks, whatever the CRM answers with.
func stateAfterRead(prior model, resp *truto.Record, adoptAll bool) model {
	s := prior.with()
	for i, f := range s.k.fields {
		s.v[i] = f.read(prior.v[i], resp, adoptAll)
	}
	return s
}

// replaced reports whether the plan replaces the record rather than updating it.
func replaced(plan, state model) bool {
	for i, f := range plan.k.fields {
		if r, ok := f.(replacingField); ok && r.replacedBy(plan.v[i], state.v[i]) {
			return true
		}
	}
	return false
}

// requestOptions are the query options of a write of m (method "create", "update", "delete").
func requestOptions(m model, method string) truto.RequestOptions {
	opts := truto.RequestOptions{IntegratedAccountID: m.integratedAccount().ValueString(), IgnoreRemoteData: true}
	for i, f := range m.k.fields {
		if o, ok := f.(requestOptionField); ok && method != "delete" {
			o.requestOptions(m.v[i], &opts)
		}
	}
	opts.Params = queryParams(m, method)
	return opts
}

// queryParams are the query parameters m's fields add to a request of method ("list": the filters
// a read from list pages carries, truto.ReadHow.Scope).
func queryParams(m model, method string) []truto.Param {
	var out []truto.Param
	for i, f := range m.k.fields {
		if q, ok := f.(queryField); ok {
			out = append(out, q.queryParams(m.v[i], method)...)
		}
	}
	return out
}

// complete returns the check a record from a list page must pass to stand for a read of the
// record whose state is prior (see truto.Client.Read); fields in never (which the integration never
// returns) do not count.
func complete(prior model, never map[string]bool) func(*truto.Record) bool {
	return func(rec *truto.Record) bool {
		for i, f := range prior.k.fields {
			if c, ok := f.(completeChecker); ok && !never[f.name()] && !c.completeIn(prior.v[i], rec) {
				return false
			}
		}
		return true
	}
}

// heldIn reports whether a record answers a field the state holds a value for: an empty string or
// list in state stands for a cleared field, which a CRM may leave out.
func heldIn(name string, prior attr.Value, rec *truto.Record) bool {
	if !known(prior) || isEmptyString(prior) {
		return true
	}
	if l, ok := prior.(types.List); ok && len(l.Elements()) == 0 {
		return true
	}
	_, ok := rec.Raw(name)
	return ok
}
