// Package emailtext holds the benchmark email's copy, so that the Go floors
// and the derived envsubst, Jinja2 and mustache templates all render exactly
// what bench/testdata/bench-email.yaml renders. Its test keeps the two equal.
package emailtext

import (
	_ "embed"
	"strings"
)

var (
	//go:embed subject.txt
	subjectLine string
	//go:embed body.txt
	body string
)

// Subject is the subject line with [Name] placeholders, without a newline.
var Subject = strings.TrimSuffix(subjectLine, "\n")

// Body is the body with [Name] placeholders; it ends with a newline, as a
// YAML block scalar does.
var Body = body

// ID and Lang are what templ's json and jsonl formats report for the email.
const (
	ID   = "bench-email"
	Lang = "en"
)

// Vars lists the email's variables in the order the template declares them,
// which is also the column order of the generated CSV files.
var Vars = []string{"Name", "Product", "Brand", "Order"}

// Cold holds the values of the cold-start workload, in the order of Vars;
// the harness passes the same values to every contender.
var Cold = []string{"Ivan", "Acme Cloud", "Acme", "A-1042"}

// Text is the email in templ's default text format: a Subject line, a blank
// line, then the body.
func Text(subject, body string) string {
	return "Subject: " + subject + "\n\n" + body
}

// Replacer fills the [Name] placeholders with values given in the order of
// Vars. The copy holds no escapes and no optional lines, so a plain
// replacement renders it exactly as templ does.
func Replacer(values []string) *strings.Replacer {
	pairs := make([]string, 0, 2*len(Vars))
	for i, name := range Vars {
		pairs = append(pairs, "["+name+"]", values[i])
	}
	return strings.NewReplacer(pairs...)
}

// Convert rewrites every [Name] placeholder of text with syntax(name), to
// derive another engine's template from the same copy.
func Convert(text string, syntax func(name string) string) string {
	values := make([]string, len(Vars))
	for i, name := range Vars {
		values[i] = syntax(name)
	}
	return Replacer(values).Replace(text)
}
