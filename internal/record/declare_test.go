package record

import (
	"context"
	"fmt"
	"strings"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// mustPanic runs declare and returns the panic's message ("" when it did not panic).
func mustPanic(declare func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	declare()
	return ""
}

func TestDeclareRejectsNamesThatAreNotFields(t *testing.T) {
	fields := func() []Field { return []Field{Text("name", "Name."), Text("status", "Status.")} }
	for what, spec := range map[string]Spec{
		"filter":     {Filters: []Filter{Exact("nme")}},
		"ref filter": {Filters: []Filter{ByRef("ownr", "owned by")}},
		"time range": {Filters: []Filter{TimeRange("created", "created", "created")}},
		"createRule": {CreateRule: []string{"name", "titel"}},
		"summaryOf":  {SummaryOf: []string{"nam"}},
		"keyedBy":    {KeyedBy: "names"},
		"onlyWith":   {OnlyWith: []OnlyWith{OnlyWhen("name", "stauts", "x")}},
		"derivedFrom": {Fields: []Field{
			Text("name", "Name."), TimeOf("done_at", "Done.", DerivedFrom("stat")),
		}},
	} {
		spec.Noun, spec.Plural = "thing", "things"
		if spec.Fields == nil {
			spec.Fields = fields()
		}
		if msg := mustPanic(func() { Declare(spec) }); !strings.Contains(msg, "is not a field") {
			t.Errorf("%s: a typo declared without panicking (%q)", what, msg)
		}
	}
	ok := Spec{Noun: "thing", Plural: "things", Fields: fields(), CreateRule: []string{"name"},
		Filters: []Filter{Exact("name"), SortBy("name")}, OnlyWith: []OnlyWith{OnlyWhen("status", "name", "x")}}
	if msg := mustPanic(func() { Declare(ok) }); msg != "" {
		t.Errorf("a correct declaration panicked: %s", msg)
	}
}

// Every scalar honours Required and Replaces; an option its type cannot take fails at declaration.
func TestOptionsApplyToEveryScalar(t *testing.T) {
	ctx := context.Background()
	for name, field := range map[string]func(...fieldOption) Field{
		"text":      func(o ...fieldOption) Field { return Text("f", "F.", o...) },
		"integer":   func(o ...fieldOption) Field { return Integer("f", "F.", o...) },
		"number":    func(o ...fieldOption) Field { return Number("f", "F.", o...) },
		"time":      func(o ...fieldOption) Field { return TimeOf("f", "F.", o...) },
		"date":      func(o ...fieldOption) Field { return Date("f", "F.", o...) },
		"reference": func(o ...fieldOption) Field { return Reference("f", "F.", "Id.", o...) },
	} {
		a := field(Replaces()).resourceAttribute(nil)
		if !requiresReplace(ctx, a) {
			t.Errorf("%s: Replaces() does not replace", name)
		}
		if a := field(Required()).resourceAttribute(nil); !a.IsRequired() || a.IsOptional() || a.IsComputed() || requiresReplace(ctx, a) {
			t.Errorf("%s: Required() gives required %v, optional %v, computed %v", name, a.IsRequired(), a.IsOptional(), a.IsComputed())
		}
		if a := field().resourceAttribute(nil); a.IsRequired() || !a.IsOptional() || requiresReplace(ctx, a) {
			t.Errorf("%s: without options, not an optional attribute", name)
		}
	}
	for what, declare := range map[string]func(){
		"DerivedFrom on an integer":    func() { Integer("f", "F.", DerivedFrom("g")).resourceAttribute(nil) },
		"Validate on a reference":      func() { Reference("f", "F.", "Id.", Validate(WholeNumberAtLeast(0))).resourceAttribute(nil) },
		"a number validator on text":   func() { Text("f", "F.", Validate(WholeNumberAtLeast(0))).resourceAttribute(nil) },
		"a string validator on number": func() { Integer("f", "F.", Validate(emailValidator{})).resourceAttribute(nil) },
	} {
		if mustPanic(declare) == "" {
			t.Errorf("%s: accepted", what)
		}
	}
}

// requiresReplace reports whether one of a resource attribute's plan modifiers is RequiresReplace.
func requiresReplace(ctx context.Context, a rschema.Attribute) bool {
	var descs []string
	switch a := a.(type) {
	case rschema.StringAttribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	case rschema.NumberAttribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	case rschema.SingleNestedAttribute:
		for _, m := range a.PlanModifiers {
			descs = append(descs, m.Description(ctx))
		}
	}
	return strings.Contains(strings.Join(descs, "\n"), "destroy and recreate")
}

// Declare adds what every writable kind has; a kind's own declaration of one of those fields wins.
func TestDeclareAddsTheCommonFields(t *testing.T) {
	k := Declare(Spec{Noun: "thing", Plural: "things", SortBy: []string{"name"},
		Fields: []Field{Text("name", "Name."), Timestamp("created_at", "Own.", KeptOnUpdate)}})
	for _, name := range []string{customFieldsName, "created_at", "updated_at"} {
		if k.field(name) == nil {
			t.Errorf("no %s", name)
		}
	}
	if _, own := k.field("created_at").(*computed); !own {
		t.Errorf("the declared created_at was replaced by %T", k.field("created_at"))
	}
	args := map[string]bool{}
	for _, f := range k.filters {
		for name := range f.attributes(k) {
			args[name] = true
		}
	}
	for _, name := range []string{"sort_by", "created_after", "created_before", "updated_after", "updated_before"} {
		if !args[name] {
			t.Errorf("no %s filter", name)
		}
	}
	if got := strings.Join(k.summaryFields, ","); got != "created_at,updated_at,"+customFieldsName {
		t.Errorf("summary fields %s", got)
	}
	if user := Declare(Spec{Noun: "user", Plural: "users", ReadOnly: true, Fields: []Field{Text("name", "Name.")}}); len(user.fields) != 3 {
		t.Errorf("a read-only kind got common fields: %v", user.FieldNames())
	}
}
