package record

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Whole-number attributes are Number attributes checked by wholeNumber, not Int64 ones: the same
// "number" on the wire, but an Int64 attribute turns 12.5 in a configuration into the framework's
// conversion error ("This is always an error in the provider ... %!s(*big.Float=12.5)") where this
// says what is wrong with the value, at validation, before any request.

// wholeNumber accepts a number without a fraction that fits 64 bits, and at least min / at most
// max where set.
type wholeNumber struct{ min, max *int64 }

// WholeNumberAtLeast is a whole number of at least min.
func WholeNumberAtLeast(min int64) wholeNumber { return wholeNumber{min: &min} }

// WholeNumberBetween is a whole number from min to max.
func WholeNumberBetween(min, max int64) wholeNumber { return wholeNumber{min: &min, max: &max} }

func (v wholeNumber) Description(context.Context) string {
	switch {
	case v.min != nil && v.max != nil:
		return fmt.Sprintf("must be a whole number from %d to %d", *v.min, *v.max)
	case v.min != nil:
		return fmt.Sprintf("must be a whole number of at least %d", *v.min)
	}
	return "must be a whole number"
}

func (v wholeNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v wholeNumber) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	n, accuracy := f.Int64()
	if !f.IsInt() || accuracy != big.Exact || (v.min != nil && n < *v.min) || (v.max != nil && n > *v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid whole number",
			fmt.Sprintf("%s %s, got %s.", req.Path, v.Description(ctx), f.Text('f', -1)))
	}
}

// wholeNumberValue is n as the value of a whole-number attribute.
func wholeNumberValue(n int64) types.Number { return types.NumberValue(new(big.Float).SetInt64(n)) }

// WholeNumberOr is a whole-number attribute's value, or def when it is null or unknown (validation
// has ruled out fractions).
func WholeNumberOr(v types.Number, def int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	n, _ := v.ValueBigFloat().Int64()
	return n
}
