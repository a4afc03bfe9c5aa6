package template

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const good = `id: refund-reject
category: refund
tags: [refund]
vars:
  Name: {description: Customer's first name}
  Reason: {description: Why, optional: true}
  Days: {description: Days left, default: {en: "14", bg: "14"}}
  Brand: {default: Acme}
locales:
  en:
    title: Refund request rejected
    subjects:
      - About your [Days] refund
      - "About your refund"
    body: |
      Hi [Name],

      [Reason] and [Brand].
  bg:
    title: Отхвърляне
    subjects: [Относно]
    body: "Здравейте, [Name]"
`

func TestParse(t *testing.T) {
	tpl, err := Parse("refund-reject.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := &Template{
		ID: "refund-reject", Category: "refund", Tags: []string{"refund"}, Path: "refund-reject.yaml",
		IDPos: Pos{1, 5},
		Vars: []*Var{
			{Name: "Name", Key: "name", Description: "Customer's first name", Pos: Pos{5, 3}},
			{Name: "Reason", Key: "reason", Description: "Why", Optional: true, Pos: Pos{6, 3}},
			{Name: "Days", Key: "days", Description: "Days left", Defaults: map[string]string{"en": "14", "bg": "14"}, Pos: Pos{7, 3}},
			{Name: "Brand", Key: "brand", Defaults: map[string]string{"": "Acme"}, Pos: Pos{8, 3}},
		},
		Locales: []*Locale{
			{Lang: "en", Title: "Refund request rejected", Pos: Pos{10, 3},
				Subjects: []Text{{Src: "About your [Days] refund", Pos: Pos{13, 9}}, {Src: "About your refund", Pos: Pos{14, 10}}},
				Body:     Text{Src: "Hi [Name],\n\n[Reason] and [Brand].\n", Pos: Pos{15, 11}, Block: true, Indent: 6}},
			{Lang: "bg", Title: "Отхвърляне", Pos: Pos{19, 3},
				Subjects: []Text{{Src: "Относно", Pos: Pos{21, 16}}},
				Body:     Text{Src: "Здравейте, [Name]", Pos: Pos{22, 12}}},
		},
	}
	if diff := cmp.Diff(want, tpl, cmpopts.IgnoreUnexported(Template{})); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
	// A body position maps back to the file: [Reason] is on body line 3, col 1.
	if got, want := tpl.Locales[0].Body.FilePos(3, 1), (Pos{18, 7}); got != want {
		t.Errorf("FilePos = %v, want %v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"syntax", "id: x\n  bad: [\n", []string{"f.yaml:2:3: invalid YAML: mapping values are not allowed in this context"}},
		{"parser error: yaml.v3 counts from 0", "id: x\nlocales:\n  en:\n    subjects: [About [Product]]\n", []string{"f.yaml:4:5: invalid YAML: did not find expected ',' or ']'"}},
		{"parser error on line 1", "[a, b", []string{"f.yaml:1:1: invalid YAML: did not find expected ',' or ']'"}},
		{"not utf-8", "id: x\ncategory: \xff\n", []string{"f.yaml:2:1: not UTF-8 text; save the file as UTF-8"}},
		{"empty", "  \n", []string{"f.yaml: empty file; a template needs id, category, vars and locales (see 'templ new')"}},
		{"not a map", "- a\n", []string{"f.yaml:1:1: template must be a map, not a list"}},
		{"unknown key and missing keys", "id: x\nname: y\n", []string{
			`f.yaml:1:1: template: "category" is missing`,
			`f.yaml:1:1: template: "locales" is missing`,
			`f.yaml:2:1: template: unknown key "name" (allowed: id, category, tags, vars, locales)`,
		}},
		{"wrong types", "id: [x]\ncategory: c\nvars:\n  N: {optional: yes please, default: [1], colour: red}\nlocales:\n  en: {title: T, subjects: S, body: B}\n", []string{
			"f.yaml:1:5: id must be text, not a list",
			"f.yaml:4:17: variable N: optional must be true or false",
			"f.yaml:4:38: variable N: default must be text or a map from language to text, not a list",
			`f.yaml:4:43: variable N: unknown key "colour" (allowed: description, default, optional)`,
			"f.yaml:6:28: locale en: subjects must be a list, not a value",
		}},
		{"bad names and duplicates", "id: Bad_ID!\ncategory: c\nvars:\n  1st: {}\n  Policy URL: {}\n  policy_url: {}\nlocales:\n  english: {title: T, subjects: [S], body: B}\n  en: {title: T, subjects: []}\n", []string{
			`f.yaml:1:5: id "Bad_ID!": use lowercase letters, digits and '-' (like refund-reject)`,
			`f.yaml:4:3: variable "1st": a name starts with a letter and holds letters, digits, spaces, '_', '-' or '.'`,
			`f.yaml:6:3: variable "policy_url" is the same as "Policy URL" (names ignore case, spaces, '_' and '-')`,
			`f.yaml:8:3: locales: "english" is not a language code (like en or bg)`,
			`f.yaml:9:3: locale en: "body" is missing`,
			"f.yaml:9:28: locale en: subjects is empty; give at least one",
		}},
		{"duplicate key", "id: a\nid: b\n", []string{`f.yaml:1:1: template: "category" is missing`, `f.yaml:1:1: template: "locales" is missing`, `f.yaml:2:1: template: "id" is given twice`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("error %v (%T) is not an ErrorList", err, err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCatalog(t *testing.T) {
	tpl := func(id, title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("id: " + id + "\ncategory: c\nlocales:\n  en: {title: " + title + ", subjects: [S], body: B}\n")}
	}
	builtin := fstest.MapFS{"refund-reject.yaml": tpl("refund-reject", "Built-in"), "refund-accept.yaml": tpl("refund-accept", "Accept"), "README.md": {}}
	user := fstest.MapFS{"refund-reject.yml": tpl("refund-reject", "User"), "mine.yaml": tpl("other", "Mismatch")}
	c := &Catalog{Sources: []Source{{Name: "built-in", Dir: "templates", FS: builtin}, {Name: "user", Dir: "/u", FS: user}}}

	got, err := c.Load("refund-reject")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "user" || got.Locales[0].Title != "User" || got.Path != "/u/refund-reject.yml" {
		t.Errorf("Load: later source should win; got %s %q %s", got.Source, got.Locales[0].Title, got.Path)
	}

	_, err = c.Load("refund-rejct")
	if want := `unknown template "refund-rejct"; did you mean "refund-reject"?`; err == nil || err.Error() != want {
		t.Errorf("unknown id: got %v, want %s", err, want)
	}
	_, err = c.Load("mine")
	if want := `/u/mine.yaml:1:5: id "other" does not match the file name; rename the file to other.yaml or the id to "mine"`; err == nil || err.Error() != want {
		t.Errorf("mismatched id: got %v, want %s", err, want)
	}

	ids, _ := c.IDs()
	if diff := cmp.Diff([]string{"mine", "refund-accept", "refund-reject"}, ids); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	all, errs := c.All()
	if len(all) != 2 || len(errs) != 1 {
		t.Errorf("All: got %d templates and %d errors, want 2 and 1", len(all), len(errs))
	}
}

func TestNearest(t *testing.T) {
	ids := []string{"refund-reject", "refund-accept", "cancel-basic", "churn-survey", "churn-survey-2"}
	for in, want := range map[string][]string{
		"refund-rejects": {"refund-reject"},
		"reject":         {"refund-reject"},
		"churn-survy":    {"churn-survey", "churn-survey-2"},
		"zzz":            nil,
	} {
		if diff := cmp.Diff(want, Nearest(in, ids)); diff != "" {
			t.Errorf("Nearest(%q) (-want +got):\n%s", in, diff)
		}
	}
}

// FuzzParse checks the loader never panics and reports errors as one line
// with a position inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("id: x\n  bad: [\n"))
	f.Add([]byte("id: &a x\ncategory: *a\nvars: {N: *a}\nlocales: {en: *a}\n"))
	f.Add([]byte("- [a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse("f.yaml", data)
		if err == nil {
			return
		}
		for _, e := range err.(ErrorList) {
			msg := e.Error()
			for _, r := range msg {
				if r == '\n' {
					t.Fatalf("error is not one line: %q", msg)
				}
			}
		}
	})
}
