package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/truto/terraform-provider-truto/internal/normalize"
)

// Provider functions give configurations the normalisations the provider itself compares with
// (internal/normalize), so keys built from CSV rows match what the CRM holds. Terraform 1.8+ and
// OpenTofu 1.7+ call them as provider::truto::<name>(...).

var _ provider.ProviderWithFunctions = (*trutoProvider)(nil)

// Functions are the string functions below.
func (p *trutoProvider) Functions(context.Context) []func() function.Function {
	out := make([]func() function.Function, len(stringFunctions))
	for i := range stringFunctions {
		f := stringFunctions[i]
		out[i] = func() function.Function { return f }
	}
	return out
}

// stringParam is one string argument: its name and description.
type stringParam struct{ name, doc string }

// stringFunction is a function of strings that returns a string; variadic, when set, takes any
// number of further arguments.
type stringFunction struct {
	name, summary, doc string
	params             []stringParam
	variadic           *stringParam
	// run gets the arguments in order (variadic ones last); an error names the argument (0-based)
	// it is about.
	run func(args []string) (string, *function.FuncError)
}

var stringFunctions = []*stringFunction{
	{
		name:    "normalize_email",
		summary: "An email address as the provider compares it",
		doc:     "Returns the email address trimmed and lowercased: the form in which the provider compares emails (CRMs lowercase them).",
		params:  []stringParam{{"email", "The email address."}},
		run:     func(a []string) (string, *function.FuncError) { return normalize.Email(a[0]), nil },
	},
	{
		name:    "normalize_phone",
		summary: "A phone number in E.164 form",
		doc: "Returns the phone number in E.164 form (`+14155550100`), the form in which the provider compares phone " +
			"numbers. A number without a leading `+` is read as a national number of `region`. Fails, naming the input, " +
			"when the value is no phone number.",
		params: []stringParam{
			{"number", "The phone number, in any common format."},
			{"region", "ISO 3166 region code (`US`, `GB` ...) to read a national number in; `\"\"` when every number starts with `+`."},
		},
		run: func(a []string) (string, *function.FuncError) {
			e164, err := normalize.Phone(a[0], a[1])
			if err != nil {
				return "", function.NewArgumentFuncError(0, err.Error())
			}
			return e164, nil
		},
	},
	{
		name:    "normalize_website",
		summary: "A website as the provider compares it",
		doc: "Returns the website's host and path, without the scheme, a leading `www.`, a trailing slash, the query or " +
			"the fragment: `https://www.Acme.example/` gives `acme.example`. This is how the provider compares websites.",
		params: []stringParam{{"website", "The website or URL."}},
		run:    func(a []string) (string, *function.FuncError) { return normalize.Website(a[0]), nil },
	},
	{
		name:    "record_key",
		summary: "A stable key from natural-key values",
		doc: "Returns one key for the given values, each trimmed, its runs of white space collapsed and lowercased, " +
			"joined with `|` (a `|` or `\\` inside a value is escaped with `\\`). Rows that differ only in letter case " +
			"or spacing get the same key, for `for_each` maps built from CSV rows.",
		variadic: &stringParam{"values", "The natural-key values (an email, a name ...)."},
		run:      func(a []string) (string, *function.FuncError) { return normalize.RecordKey(a...), nil },
	},
}

func (f *stringFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *stringFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             f.summary,
		MarkdownDescription: f.doc,
		Return:              function.StringReturn{},
	}
	for _, p := range f.params {
		resp.Definition.Parameters = append(resp.Definition.Parameters,
			function.StringParameter{Name: p.name, MarkdownDescription: p.doc})
	}
	if f.variadic != nil {
		resp.Definition.VariadicParameter = function.StringParameter{Name: f.variadic.name, MarkdownDescription: f.variadic.doc}
	}
}

func (f *stringFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	args := make([]string, len(f.params))
	targets := make([]any, 0, len(f.params)+1)
	for i := range args {
		targets = append(targets, &args[i])
	}
	var rest []string
	if f.variadic != nil {
		targets = append(targets, &rest)
	}
	if resp.Error = req.Arguments.Get(ctx, targets...); resp.Error != nil {
		return
	}
	out, err := f.run(append(args, rest...))
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = resp.Result.Set(ctx, out)
}
