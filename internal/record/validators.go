package record

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/truto/terraform-provider-truto/internal/normalize"
)

// DurationValidator accepts a positive Go duration string such as "30s" or "2m".
type DurationValidator struct{}

func (DurationValidator) Description(context.Context) string {
	return `must be a positive duration such as "30s" or "2m"`
}

func (v DurationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v DurationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			req.Path.String()+" "+v.Description(ctx)+", got "+req.ConfigValue.String()+".")
	}
}

// customFieldsValidator requires custom_fields to be an object or a map with non-empty keys.
type customFieldsValidator struct{}

func (customFieldsValidator) Description(context.Context) string {
	return `must be an object of custom field names to values, such as { tier = "gold", seats = 10 }`
}

func (v customFieldsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v customFieldsValidator) ValidateDynamic(ctx context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.IsUnderlyingValueUnknown() {
		return
	}
	entries, err := customFieldEntries(req.ConfigValue)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid custom_fields", "custom_fields "+err.Error()+".")
		return
	}
	for k := range entries {
		if k == "" {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid custom_fields",
				"custom_fields has an empty key; keys are the custom fields' names in the CRM.")
		}
	}
}

// jsonObjectValidator requires a JSON object (remote_data merges vendor fields into the record, so
// an array or a scalar cannot be meant). Malformed JSON is already rejected by jsontypes.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "must be a JSON object, e.g. jsonencode({ vendor_field = \"value\" })"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v jsonObjectValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), req.Path.String()+" "+v.Description(ctx)+".")
	}
}

// writeOnceRequiresReplace replaces the resource when a write-once timestamp (created_at) is set to
// a different instant than the state's: a creation date can only be set by creating. A different
// spelling of the same instant is not a change.
func writeOnceRequiresReplace(name string) planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() {
			return
		}
		resp.RequiresReplace = !sameInstant(req.ConfigValue.ValueString(), req.StateValue.ValueString())
	}, "Replaces the resource when "+name+" names another instant.", "Replaces the resource when `"+name+"` names another instant.")
}

// objectNeedsOneOf requires at least one of the named attributes of a nested object to be set.
// (objectvalidator.AtLeastOneOf does not do this: it passes whenever the object itself is set.)
type objectNeedsOneOf []string

func (v objectNeedsOneOf) Description(context.Context) string {
	return "at least one of " + strings.Join(v, ", ") + " must be set"
}

func (v objectNeedsOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v objectNeedsOneOf) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, name := range v {
		if a, ok := req.ConfigValue.Attributes()[name]; ok && !a.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Incomplete "+req.Path.String(), req.Path.String()+": "+v.Description(ctx)+".")
}

func sameInstant(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Equal(tb)
}

// dateOrTimeValidator accepts a date (2026-03-31) or an RFC 3339 time.
type dateOrTimeValidator struct{}

func (dateOrTimeValidator) Description(context.Context) string {
	return "must be a date such as 2026-03-31 or an RFC 3339 time such as 2026-03-31T17:00:00Z"
}

func (v dateOrTimeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v dateOrTimeValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, _, _, ok := parseDay(req.ConfigValue.ValueString()); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			req.Path.String()+" "+v.Description(ctx)+", got "+req.ConfigValue.String()+".")
	}
}

// emailValidator requires an email address to be local@domain (normalize.IsEmail), so that a
// typo fails the plan, naming the attribute, instead of reaching the CRM.
type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "must be an email address such as `sam@acme.example`"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if known(req.ConfigValue) && req.ConfigValue.ValueString() != "" && !normalize.IsEmail(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address",
			fmt.Sprintf("%s must be an email address (local@domain, such as sam@acme.example), got %q.", req.Path,
				req.ConfigValue.ValueString()))
	}
}

// webAddressValidator requires a URL or website that can be one: a host and no white space, the
// scheme optional (acme.example is a website); "" passes (it clears the field).
type webAddressValidator struct{}

func (webAddressValidator) Description(context.Context) string {
	return "must be a web address such as `https://acme.example` or `acme.example`"
}

func (v webAddressValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v webAddressValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if known(req.ConfigValue) && req.ConfigValue.ValueString() != "" && !normalize.IsWebAddress(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid web address",
			fmt.Sprintf("%s must be a web address with a host and no spaces (such as https://acme.example or acme.example), "+
				"got %q.", req.Path, req.ConfigValue.ValueString()))
	}
}

// PhoneRegionValidator requires an ISO 3166-1 alpha-2 region code whose phone numbers can be read
// (normalize.IsRegion), in any letter case.
type PhoneRegionValidator struct{}

func (PhoneRegionValidator) Description(context.Context) string {
	return "must be an ISO 3166-1 alpha-2 region code such as `US` or `GB`"
}

func (v PhoneRegionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v PhoneRegionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if known(req.ConfigValue) && !normalize.IsRegion(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone region",
			fmt.Sprintf("%s must be an ISO 3166-1 alpha-2 region code (two letters, such as US, GB or DE) in which national "+
				"phone numbers are read, got %q.", req.Path, req.ConfigValue.ValueString()))
	}
}
