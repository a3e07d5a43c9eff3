package record

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// baseURLHint explains a 404 that is not Truto's "Integrated account not found": the request went
// to a URL Truto does not serve, most often a base_url with a path.
var baseURLHint = "This 404 is not Truto's answer about the integrated account: check the provider's base_url (" + EnvBaseURL +
	"), which must be the API's root such as " + DefaultBaseURL + ", without a path like /unified."

// abandonAdvice says how to stop managing a record the CRM cannot delete without deleting it. A
// destroy plans from state, so a deletion_policy set in the configuration counts only once an apply
// has stored it.
func abandonAdvice(k *Kind) string {
	return "To remove the " + k.noun + " from Terraform and keep it in the CRM, either set deletion_policy = \"abandon\" " +
		"on the resource and run terraform apply first (a destroy plans from state, which holds the old policy), then " +
		"destroy or remove the resource; or replace the resource block with a removed block: " +
		"removed { from = <resource address>  lifecycle { destroy = false } }."
}

// unreadable is the summary of the warning that the integration can read no record of k (neither
// get nor list), given once per process for an integrated account and kind (unreadableKey): at
// the plan of a create, or at a refresh, which then keeps the state.
func unreadable(integration string, k *Kind) string {
	return integration + " cannot read " + k.plural
}

func unreadableKey(k *Kind, ia string) string { return "unreadable " + ia + " " + k.plural }

func unreadableDetail(integration string, k *Kind, ia string) string {
	return fmt.Sprintf("%s cannot read %s: drift is not detected; state keeps what the last apply wrote. %s supports "+
		"neither get nor list on %s (integrated account %q), so a change made to %s %s in the CRM, or its deletion, "+
		"does not show in plans.", integration, k.plural, integration, k.plural, ia, article(k.noun), k.noun)
}

// hintContext is what a hint may name: the kind, the failed action, the integrated account and the
// record's id ("" on create and list).
type hintContext struct {
	k              *Kind
	action, ia, id string
}

// failureHints is the one table of what a user can do about each failure the client reports
// (truto.Classify), worded with the kind's noun; the client's own text says only what Truto said.
var failureHints = map[truto.Failure]func(h hintContext) string{
	truto.TokenRejected: func(hintContext) string {
		return "Check the provider's api_token (" + EnvAPIToken + "): Truto rejected it."
	},
	truto.CRMCredentialsRejected: func(h hintContext) string {
		return "The CRM rejected the integrated account's credentials; reconnect integrated account " + h.ia + " in Truto."
	},
	truto.Forbidden: func(hintContext) string {
		return "The token or the integrated account lacks the scopes for this operation."
	},
	truto.AccountNotFound: func(h hintContext) string {
		return "Truto cannot see integrated account " + h.ia + " with this token (wrong integrated_account_id, or a " +
			"token of another environment). State is left untouched."
	},
	truto.NotTrutosAnswer: func(hintContext) string { return baseURLHint + " State is left untouched." },
	truto.TrutoNotFound:   func(hintContext) string { return baseURLHint + " State is left untouched." },
	truto.CRMNotFound: func(h hintContext) string {
		if h.id == "" {
			return "" // a list or a create: no record of ours to name
		}
		return "The CRM does not know " + h.k.noun + " " + h.id + "."
	},
	truto.NotAllowed: func(h hintContext) string {
		if h.action == "delete" {
			return "Integrated account " + h.ia + " cannot delete " + h.k.plural + " (a read-only sandbox, or an " +
				"integration without delete). " + abandonAdvice(h.k)
		}
		return "Integrated account " + h.ia + " is read-only (a sandbox) or its integration does not support this operation."
	},
	truto.Conflict: func(hintContext) string {
		return "The CRM reports a conflict with an existing record (a uniqueness rule); import that record instead."
	},
	truto.RateLimited: func(hintContext) string {
		return "Rate limited: retries exhausted."
	},
	truto.AccountBlocked: func(h hintContext) string {
		return "Integrated account " + h.ia + " is blocked in Truto; reconnect it, then apply again."
	},
}

// failureHint is the table's hint for f, or "" where there is nothing to add.
func failureHint(f truto.Failure, h hintContext) string {
	if hint := failureHints[f]; hint != nil {
		return hint(h)
	}
	return ""
}

// addAPIError turns a client error into diagnostics a user can act on, with the hint table's advice.
func addAPIError(diags *diag.Diagnostics, k *Kind, action, ia, id string, err error) {
	summary := "Failed to " + action + " CRM " + k.noun
	if action == "list" {
		summary = "Failed to list CRM " + k.plural
	}
	var unknown *truto.OutcomeUnknownError
	if errors.As(err, &unknown) {
		diags.AddError("CRM "+k.noun+" may have been created",
			err.Error()+"\n\nTerraform did not record the "+k.noun+". Before applying again, look for it in the CRM "+
				"(for example with the "+k.listTypeName+" data source "+k.findHint()+") and, if it exists, import it: "+
				"terraform import <resource address> "+ia+"/<"+k.noun+"_id>"+k.adoptHint())
		return
	}
	var notProcessed *truto.NotProcessedError
	if errors.As(err, &notProcessed) {
		diags.AddError(summary, err.Error()+"\n\nTruto did not act on it: apply again to "+action+" the "+k.noun+".")
		return
	}
	var apiErr *truto.APIError
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, err.Error())
		return
	}
	detail := err.Error()
	if hint := failureHint(truto.Classify(err), hintContext{k, action, ia, id}); hint != "" {
		detail = apiErr.Error() + "\n\n" + hint
	}
	if apiErr.Insight != nil && len(apiErr.Insight.MissingRequiredBodyFields) > 0 {
		for _, f := range apiErr.Insight.MissingRequiredBodyFields {
			summary, detail := "Missing required attribute "+f,
				fmt.Sprintf("The CRM requires %s to %s this %s: set it in the configuration.\n\n%s", f, action, k.noun, detail)
			if attr, ok := schemaAttribute(k, f); ok {
				diags.AddAttributeError(path.Root(attr), summary, detail)
			} else {
				diags.AddError(summary, detail+"\n\nIt is not a unified field: pass it with remote_data.")
			}
		}
		return
	}
	diags.AddError(summary, detail)
}

// schemaAttribute maps a Truto field name such as "owner.id" or "addresses[0].city" to the top-level
// attribute of the kind that holds it, if there is one.
func schemaAttribute(k *Kind, field string) (string, bool) {
	if i := strings.IndexAny(field, ".["); i > 0 {
		field = field[:i]
	}
	return field, k.sentAttribute(field)
}

// createRuleValidator enforces a kind's create rule at plan time, e.g. Truto's "either name or
// website is required" for accounts. An empty string does not count: it clears the field.
type createRuleValidator struct{ k *Kind }

func (v createRuleValidator) Description(context.Context) string {
	if len(v.k.createRule) == 2 {
		return "either " + JoinOr(v.k.createRule) + " must be set to a non-empty value"
	}
	return "at least one of " + JoinOr(v.k.createRule) + " must be set to a non-empty value"
}

func (v createRuleValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v createRuleValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg map[string]tftypes.Value
	if req.Config.Raw.As(&cfg) != nil {
		return // a malformed configuration is reported by the framework
	}
	names := v.k.createRule
	for _, name := range names {
		c, ok := v.k.field(name).(setChecker)
		if !ok {
			continue
		}
		val, err := v.k.attrTypes[v.k.index[name]].ValueFromTerraform(ctx, cfg[name])
		if err != nil {
			return
		}
		if set, unknown := c.isSet(val); set || unknown {
			return
		}
	}
	detail := "Truto requires either " + JoinOr(names) + " on a CRM " + v.k.noun + ": set " + strings.Join(names, ", ") +
		", or both to a non-empty value."
	if len(names) > 2 {
		detail = "Truto requires at least one of " + JoinOr(names) + " on a CRM " + v.k.noun + ": set one or more of " +
			"them to a non-empty value."
	}
	resp.Diagnostics.AddAttributeError(path.Root(names[0]), "Missing "+JoinOr(names), detail)
}

// OnlyWith allows an attribute only when another has a given value (an engagement's direction only
// with engagement_type = "call").
type OnlyWith struct{ field, other, value string }

func (v OnlyWith) Description(context.Context) string {
	return v.field + " may be set only when " + v.other + " is \"" + v.value + "\""
}

func (v OnlyWith) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v OnlyWith) ValidateResource(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg map[string]tftypes.Value
	if req.Config.Raw.As(&cfg) != nil {
		return
	}
	field, other := cfg[v.field], cfg[v.other]
	if field.IsNull() || !other.IsKnown() || other.IsNull() {
		return // unset, or the other not known until apply
	}
	var got string
	if other.As(&got) == nil && got != v.value {
		resp.Diagnostics.AddAttributeError(path.Root(v.field), "Invalid "+v.field,
			fmt.Sprintf("%s is only for %s = %q; this one is %q: remove %s.", v.field, v.other, v.value, got, v.field))
	}
}

// OnlyWhen allows field only when other is set to value.
func OnlyWhen(field, other, value string) OnlyWith {
	return OnlyWith{field: field, other: other, value: value}
}
