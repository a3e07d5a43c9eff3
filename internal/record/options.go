package record

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// withOptions applies a field's declaration options (Required, Replaces, DerivedFrom, Validate) to
// the attribute its scalar built, once for every scalar. An option a scalar's attribute cannot take
// panics when the kinds are declared, so no option is ever dropped silently.
func (f *optional) withOptions(a rschema.Attribute) rschema.Attribute {
	switch a := a.(type) {
	case rschema.StringAttribute:
		a.Validators = withValidators(a.Validators, f.validators)
		if f.required {
			a.Required, a.Optional, a.Computed = true, false, false
			a.Validators = append([]validator.String{stringvalidator.LengthAtLeast(1)}, a.Validators...)
		}
		a.PlanModifiers = optionModifiers[planmodifier.String](f, a.PlanModifiers, stringplanmodifier.RequiresReplace(),
			unknownWhenChanged{attrs: f.derivedFrom})
		return a
	case rschema.NumberAttribute:
		a.Validators = withValidators(a.Validators, f.validators)
		a.Required, a.Optional, a.Computed = f.required, !f.required, !f.required
		a.PlanModifiers = optionModifiers(f, a.PlanModifiers, numberplanmodifier.RequiresReplace(), nil)
		return a
	case rschema.BoolAttribute:
		f.rejectValidators(a)
		a.Required, a.Optional, a.Computed = f.required, !f.required, !f.required
		a.PlanModifiers = optionModifiers(f, a.PlanModifiers, boolplanmodifier.RequiresReplace(), nil)
		return a
	case rschema.SingleNestedAttribute:
		f.rejectValidators(a)
		a.Required, a.Optional, a.Computed = f.required, !f.required, !f.required
		a.PlanModifiers = optionModifiers(f, a.PlanModifiers, objectplanmodifier.RequiresReplace(), nil)
		return a
	}
	panic(fmt.Sprintf("field %s: options cannot be applied to a %T", f.n, a))
}

// optionModifiers are a scalar's plan modifiers with the options applied: a required attribute is
// always configured, so it drops keepStateWhenUnset; derived (nil where the type has none) plans
// the field unknown when the attributes it derives from change; replace comes last.
func optionModifiers[T any](f *optional, mods []T, replace T, derived T) []T {
	var out []T
	for _, m := range mods {
		if _, keep := any(m).(keepStateWhenUnset); !keep || !f.required {
			out = append(out, m)
		}
	}
	if len(f.derivedFrom) > 0 {
		if any(derived) == nil {
			panic(fmt.Sprintf("field %s: DerivedFrom is not supported for its type", f.n))
		}
		out = append(out, derived)
	}
	if f.replace {
		out = append(out, replace)
	}
	return out
}

// withValidators appends the declared validators to a scalar's own, in place of an own one of the
// same type (a bounded wholeNumber replaces the bare one every integer has). A declared validator of
// another attribute type panics (typedValidators).
func withValidators[T any](own []T, declared []any) []T {
	typed := typedValidators[T](declared)
	var out []T
	for _, v := range own {
		if !slices.ContainsFunc(typed, func(d T) bool { return reflect.TypeOf(d) == reflect.TypeOf(v) }) {
			out = append(out, v)
		}
	}
	return append(out, typed...)
}

// rejectValidators panics on validators declared for an attribute type that takes none here.
func (f *optional) rejectValidators(a rschema.Attribute) {
	if len(f.validators) > 0 {
		panic(fmt.Sprintf("field %s: Validate is not supported for a %T", f.n, a))
	}
}
