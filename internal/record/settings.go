package record

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// The attributes every record kind has besides its CRM fields: its id, where it lives, and the
// Terraform-side settings.

const (
	idName                = "id"
	integratedAccountName = "integrated_account_id"
	deletionPolicyName    = "deletion_policy"
	timeoutsName          = "timeouts"
	deletionPolicyDelete  = "delete"
	deletionPolicyAbandon = "abandon"
)

// idField is the record's id in the CRM, assigned on create and then kept whatever the CRM answers.
type idField struct{ base }

func (idField) resourceAttribute(k *Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: "The " + k.noun + "'s id in the CRM, assigned on create.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func (idField) applied(plan attr.Value, resp *truto.Record) attr.Value {
	if !known(plan) {
		return types.StringValue(resp.ID)
	}
	return plan
}

// integratedAccountField is the Truto integrated account (the connected CRM) holding the record.
type integratedAccountField struct{ base }

func (integratedAccountField) replacedBy(plan, state attr.Value) bool { return !plan.Equal(state) }

func (integratedAccountField) resourceAttribute(k *Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: "Truto integrated account (the connected CRM) that holds the " + k.noun + ". Defaults to the " +
			"provider's `integrated_account_id`. Changing it replaces the resource. " + capitalize(article(k.noun)) + " " +
			k.noun + " created with the provider's default stays in that integrated account when the default changes later " +
			"(its record lives there); set this attribute to move it.",
		Optional: true,
		Computed: true,
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(), // must run before RequiresReplace
			stringplanmodifier.RequiresReplace(),
		},
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// deletionPolicyField says what destroy does.
type deletionPolicyField struct{ base }

func (deletionPolicyField) resourceAttribute(k *Kind) rschema.Attribute {
	return rschema.StringAttribute{
		MarkdownDescription: "What `terraform destroy` does: `delete` (default) deletes the " + k.noun + " in the CRM; " +
			"`abandon` only forgets it, for integrations that cannot delete " + k.plural + " or records that must outlive " +
			"the configuration.",
		Optional:   true,
		Computed:   true,
		Default:    stringdefault.StaticString(deletionPolicyDelete),
		Validators: []validator.String{stringvalidator.OneOf(deletionPolicyDelete, deletionPolicyAbandon)},
	}
}

func (deletionPolicyField) defaultValue() (string, []string) {
	return deletionPolicyDelete, []string{deletionPolicyAbandon}
}

// timeoutsField bounds each operation, retries and rate-limit waits included.
type timeoutsField struct{ base }

func (timeoutsField) resourceAttribute(*Kind) rschema.Attribute {
	return timeoutsAttribute(context.Background())
}

// timeoutsAttribute is the timeouts library's attribute with descriptions and a validator that
// names the attribute in its error.
func timeoutsAttribute(ctx context.Context) rschema.Attribute {
	a := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true})
	nested, ok := a.(rschema.SingleNestedAttribute)
	if !ok {
		return a
	}
	nested.MarkdownDescription = "How long each operation may take, retries and rate-limit waits included, as durations " +
		"such as `\"30s\"` or `\"15m\"`. Each defaults to `\"" + defaultTimeout.String() + "\"`."
	for name, inner := range nested.Attributes {
		if s, ok := inner.(rschema.StringAttribute); ok {
			s.MarkdownDescription = "Timeout of " + name + "."
			s.Validators = append(s.Validators, DurationValidator{})
			nested.Attributes[name] = s
		}
	}
	return nested
}
