package template

import (
	"errors"
	"testing"
)

// TestErrorPositions pins file:line:col for YAML syntax errors (through
// YAMLError) and schema errors: the first error of each file, as a render or
// list shows it.
func TestErrorPositions(t *testing.T) {
	const head = "id: x\ncategory: c\n"
	const en = "locales:\n  en:\n    title: T\n    subjects: [S]\n    body: B\n"
	tests := []struct {
		name, src, want string
	}{
		// Syntax.
		{"tab before a key", head + "\tlocales: {}\n",
			"f.yaml:3:1: invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs"},
		{"tab in nested indentation", head + "locales:\n  en:\n\ttitle: T\n",
			"f.yaml:5:1: invalid YAML: found character that cannot start any token; indent with spaces, not tabs"},
		{"tab inside a block body", head + "locales:\n  en:\n    body: |\n      Hi\n    \tthere\n",
			"f.yaml:7:5: invalid YAML: found a tab character where an indentation space is expected; indent with spaces, not tabs"},
		{"unclosed double quote", "id: x\ncategory: \"refund\nlocales: {}\n",
			"f.yaml:2:11: invalid YAML: found unexpected end of stream; close the quote"},
		{"unclosed single quote", "id: x\ncategory: 'refund\n",
			"f.yaml:2:11: invalid YAML: found unexpected end of stream; close the quote"},
		{"unclosed quote on the last line, no newline", head + "locales:\n  en:\n    body: \"Hi",
			"f.yaml:5:11: invalid YAML: found unexpected end of stream; close the quote"},
		{"flow list not closed", head + "tags: [a, b\nlocales: {}\n",
			"f.yaml:3:1: invalid YAML: did not find expected ',' or ']'"},
		{"flow list not closed on the last line", head + "tags: [a, b",
			"f.yaml:3:1: invalid YAML: did not find expected ',' or ']'"},
		{"bracket inside a flow list", head + "locales:\n  en:\n    subjects: [About [Product]]\n",
			"f.yaml:5:5: invalid YAML: did not find expected ',' or ']'"},
		{"flow map not closed", head + en + "  bg: {title: T, subjects: [S], body: B\n",
			"f.yaml:8:3: invalid YAML: did not find expected ',' or '}'"},
		{"flow list on line 1", "[a, b", "f.yaml:1:1: invalid YAML: did not find expected ',' or ']'"},
		{"key indented under a value", head + "  locales: {}\n",
			"f.yaml:3:3: invalid YAML: mapping values are not allowed in this context"},
		{"key indented to no level", head + "locales:\n  en:\n    title: T\n   body: B\n",
			"f.yaml:6:4: invalid YAML: did not find expected key; check this line's indentation"},
		{"list item in a map", "id: x\n- a\n", "f.yaml:2:1: invalid YAML: did not find expected key"},
		{"extra closing brace", head + "locales: {en: {title: T}}}\n", "f.yaml:3:1: invalid YAML: did not find expected key"},
		{"unknown anchor", "id: x\ncategory: *refund\n", "f.yaml:2:11: invalid YAML: unknown anchor 'refund' referenced"},
		{"bad directive", head + "%TAG\n", "f.yaml:3:1: invalid YAML: did not find expected '!'"},
		// Schema.
		{"unknown key on the last line", head + en + "colour: red\n",
			`f.yaml:8:1: template: unknown key "colour" (allowed: id, category, tags, vars, locales)`},
		{"unknown locale key", head + en + "    sign: Ivan\n",
			`f.yaml:8:5: locale en: unknown key "sign" (allowed: title, subjects, body, html)`},
		{"tags not a list", head + en + "tags: {a: b}\n", "f.yaml:8:7: tags must be a list, not a map"},
		{"subjects not a list", head + "locales:\n  en: {title: T, subjects: S, body: B}\n",
			"f.yaml:4:28: locale en: subjects must be a list, not a value"},
		{"body not text", head + "locales:\n  en:\n    title: T\n    subjects: [S]\n    body: [B]\n",
			"f.yaml:7:11: locale en: body must be text, not a list"},
		{"optional not a bool", head + "vars:\n  Name: {optional: maybe}\n" + en,
			"f.yaml:4:20: variable Name: optional must be true or false"},
		{"key given twice", head + en + "    title: U\n", `f.yaml:8:5: locale en: "title" is given twice`},
		{"missing key", "id: x\n" + en, `f.yaml:1:1: template: "category" is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error %v (%T) is not an ErrorList", err, err)
			}
			if got := list[0].Error(); got != tt.want {
				t.Errorf("first error\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}
