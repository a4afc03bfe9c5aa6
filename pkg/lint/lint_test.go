package lint

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/templates"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		files []File
		want  []string
	}{
		{"clean", []File{{"ok.yaml", []byte("id: ok\ncategory: c\nvars:\n  Name: {}\n  Reason: {optional: true}\nlocales:\n  en:\n    title: T\n    subjects: [\"[Reason] for [Name]\", \"Hi [Name]\"]\n    body: |\n      Hi [Name]\n\n      [Reason]\n")}}, nil},
		{"schema error", []File{{"a.yaml", []byte("id: a\ncategory: c\nlocale: {}\n")}}, []string{
			`a.yaml:1:1: template: "locales" is missing`,
			`a.yaml:3:1: template: unknown key "locale" (allowed: id, category, tags, vars, locales)`,
		}},
		{"yaml syntax", []File{{"a.yaml", []byte("id: a\n  x: [\n")}}, []string{
			"a.yaml:2:3: invalid YAML: mapping values are not allowed in this context",
		}},
		{"undeclared placeholder", []File{{"u.yaml", []byte("id: u\ncategory: c\nvars: {Name: {}}\nlocales:\n  en:\n    title: T\n    subjects: [Hi]\n    body: |\n      Hi [Name],\n      see [Policy URL].\n")}}, []string{
			"u.yaml:10:11: [Policy URL] is not declared; add it under vars (at render time it is required)",
		}},
		{"unused variable", []File{{"v.yaml", []byte("id: v\ncategory: c\nvars:\n  Name: {}\n  Order: {default: x}\nlocales:\n  en: {title: T, subjects: [Hi], body: \"[Name]\"}\n")}}, []string{
			"v.yaml:5:3: warning: variable Order is declared but no language uses it",
		}},
		{"languages differ", []File{{"l.yaml", []byte("id: l\ncategory: c\nvars: {Name: {}, Brand: {default: B}}\nlocales:\n  en: {title: T, subjects: [Hi], body: \"[Name] [Brand]\"}\n  bg: {title: T, subjects: [Здр], body: \"[Name] [name]\"}\n")}}, []string{
			"l.yaml:6:3: locale bg does not use Brand, which locale en does",
		}},
		{"html body", []File{{"h.yaml", []byte("id: h\ncategory: c\nvars: {Name: {}, Brand: {default: B}, Offer: {optional: true}}\nlocales:\n  en:\n    title: T\n    subjects: [Hi]\n    body: \"[Name] [Brand] [Offer]\"\n    html: \"<p>[Name] [Offer] [Extra]</p>\"\n")}}, []string{
			"h.yaml:9:12: locale en: html uses Extra, which body does not",
			"h.yaml:9:12: locale en: html does not use Brand, which body does",
			"h.yaml:9:30: [Extra] is not declared; add it under vars (at render time it is required)",
		}},
		{"file name", []File{{"dir/other.yaml", []byte("id: named\ncategory: c\nvars: {Name: {}}\nlocales:\n  en: {title: T, subjects: [Hi], body: \"[Name]\"}\n")}}, []string{
			`dir/other.yaml:1:5: id "named" does not match the file name other.yaml; a template file is named after its id`,
		}},
		{"duplicate ids", []File{
			{"a/x.yaml", []byte("id: x\ncategory: c\nlocales:\n  en: {title: T, subjects: [Hi], body: B}\n")},
			{"b/x.yaml", []byte("id: x\ncategory: c\nlocales:\n  en: {title: T, subjects: [Hi], body: B}\n")},
		}, []string{`b/x.yaml:1:5: duplicate id "x": a/x.yaml:1:5 has it too`}},
		{"subjects", []File{{"s.yaml", []byte("id: s\ncategory: c\nvars: {R: {optional: true}, P: {optional: true, default: d}}\nlocales:\n  en:\n    title: T\n    subjects: [\"[R]\", \"[R] again\"]\n    body: \"[R] [P]\"\n  bg:\n    title: T\n    subjects: [\"Здр [P]\", \"[R]\"]\n    body: \"[R] [P]\"\n")}}, []string{
			"s.yaml:3:29: warning: variable P is optional and has a default; the default always fills it, so its lines never drop",
			"s.yaml:7:17: locale en: every subject needs an optional variable, so a render without them fails; add a subject that needs none",
			"s.yaml:11:28: warning: locale bg: subject 2 uses optional R but subject 1 before it always works, so it is chosen only with --subject 2; put the richer subject first",
		}},
		{"plural forms fit each language", []File{{"p.yaml", []byte("id: p\ncategory: c\nvars:\n  Days: {default: {en: \"14\", bg: две седмици}}\n  N: {}\nlocales:\n  en:\n    title: T\n    subjects: [\"[Days] [Days|day]\"]\n    body: |\n      [N] [N|item|items] in [Days] [Days|day|days]\n  bg:\n    title: T\n    subjects: [\"[Days] [Days|ден|дни]\"]\n    body: |\n      [N] [N|артикул|артикула|артикули], до [Days] [Days|работен ден|работни дни]\n  ru:\n    title: T\n    subjects: [\"[Days] [Days|день|дня|дней|дня]\"]\n    body: |\n      [N] [N|товар|товара|товаров|товара], [Days] [Days|день|дня]\n")}}, []string{
			"p.yaml:9:24: [Days|day] has 1 plural form, but en needs 2 (one, other); write one per category, in that order",
			"p.yaml:16:11: [N|артикул|артикула|артикули] has 3 plural forms, but bg needs 2 (one, other); write one per category, in that order",
			"p.yaml:16:52: locale bg: the default of Days is \"две седмици\", which is not a number, but [Days|…] picks its plural form by it; make the default a number such as 14",
			"p.yaml:21:51: [Days|день|дня] has 2 plural forms, but ru needs 4 (one, few, many, other); write one per category, in that order",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Check(tt.files) {
				got = append(got, f.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBuiltinCatalogueIsClean keeps the shipped templates free of errors
// and warnings alike.
func TestBuiltinCatalogueIsClean(t *testing.T) {
	names, err := fs.Glob(templates.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in templates: %v", err)
	}
	var files []File
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: "templates/" + name, Data: data})
	}
	for _, f := range Check(files) {
		t.Error(f)
	}
}
