package render

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

const testTemplate = `id: t
category: refund
vars:
  Name: {description: first name}
  Product: {description: product, default: {en: "your order", bg: "поръчката Ви"}}
  Reason: {description: why, optional: true}
  Agent: {description: signer, optional: true}
  Days: {default: "14"}
locales:
  en:
    title: Test
    subjects:
      - "[Reason]: about [Product]"
      - About [Product]
    body: |
      Hi [Name],

      We got your request about [Product].

      The reason: [Reason]

      You have [Days] days. \[Name] stays literal, and so does [1].

      Best regards,
      [Agent]
      The team
  bg:
    title: Тест
    subjects: ["Относно [Product]"]
    body: |
      Здравейте, [Name],

      [Product] за [Days] дни. [Reason] [Agent]
`

func mustParse(t *testing.T, src string) *template.Template {
	t.Helper()
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func values(kv ...string) *vars.Values {
	v := &vars.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestRender(t *testing.T) {
	tpl := mustParse(t, testTemplate)
	tests := []struct {
		name string
		lang string
		vals *vars.Values
		opts Options
		want *Email
	}{
		{
			name: "defaults fill in, optional lines drop, blank lines collapse",
			lang: "en", vals: values("name", "Ivan"),
			want: &Email{ID: "t", Lang: "en", Subject: "About your order",
				Body: "Hi Ivan,\n\nWe got your request about your order.\n\nYou have 14 days. [Name] stays literal, and so does [1].\n\nBest regards,\nThe team\n",
				Vars: []vars.Value{{Name: "Name", Value: "Ivan"}, {Name: "Product", Value: "your order"}, {Name: "Days", Value: "14"}}},
		},
		{
			name: "every value given; loose names; values not expanded",
			lang: "en", vals: values("NAME", "[Brand]", "product", "Acme Cloud", "reason", "Past 30 days", "agent", "Maria"),
			want: &Email{ID: "t", Lang: "en", Subject: "Past 30 days: about Acme Cloud",
				Body: "Hi [Brand],\n\nWe got your request about Acme Cloud.\n\nThe reason: Past 30 days\n\nYou have 14 days. [Name] stays literal, and so does [1].\n\nBest regards,\nMaria\nThe team\n",
				Vars: []vars.Value{{Name: "Name", Value: "[Brand]"}, {Name: "Product", Value: "Acme Cloud"}, {Name: "Reason", Value: "Past 30 days"}, {Name: "Agent", Value: "Maria"}, {Name: "Days", Value: "14"}}},
		},
		{
			name: "--subject 2 picks the second line",
			lang: "en", vals: values("name", "Ivan", "reason", "x"), opts: Options{Subject: 2},
			want: &Email{ID: "t", Lang: "en", Subject: "About your order",
				Body: "Hi Ivan,\n\nWe got your request about your order.\n\nThe reason: x\n\nYou have 14 days. [Name] stays literal, and so does [1].\n\nBest regards,\nThe team\n",
				Vars: []vars.Value{{Name: "Name", Value: "Ivan"}, {Name: "Product", Value: "your order"}, {Name: "Reason", Value: "x"}, {Name: "Days", Value: "14"}}},
		},
		{
			name: "per-language default; a line with an unset optional drops",
			lang: "bg", vals: values("Name", "Иван"),
			want: &Email{ID: "t", Lang: "bg", Subject: "Относно поръчката Ви",
				Body: "Здравейте, Иван,\n",
				Vars: []vars.Value{{Name: "Name", Value: "Иван"}, {Name: "Product", Value: "поръчката Ви"}}},
		},
		{
			name: "keep-missing leaves the placeholder",
			lang: "en", vals: values(), opts: Options{KeepMissing: true},
			want: &Email{ID: "t", Lang: "en", Subject: "About your order",
				Body: "Hi [Name],\n\nWe got your request about your order.\n\nYou have 14 days. [Name] stays literal, and so does [1].\n\nBest regards,\nThe team\n",
				Vars: []vars.Value{{Name: "Product", Value: "your order"}, {Name: "Days", Value: "14"}},
				Left: []string{"Name"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tpl, tt.lang, tt.vals, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Render mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tpl := mustParse(t, testTemplate)
	undeclared := mustParse(t, "id: u\ncategory: x\nvars: {Name: {}}\nlocales:\n  en: {title: T, subjects: [Hi], body: \"[Name] [Order] [Policy URL]\\n\"}\n")
	tests := []struct {
		name    string
		tpl     *template.Template
		lang    string
		vals    *vars.Values
		opts    Options
		wantMsg string
	}{
		{"missing required", tpl, "en", values(), Options{}, "t (en) is missing variable: Name (--name)"},
		{"empty value counts as not given", tpl, "en", values("name", ""), Options{}, "t (en) is missing variable: Name (--name)"},
		{"undeclared placeholders act as required, all listed", undeclared, "en", values(), Options{},
			`u (en) is missing 3 variables: Name (--name), Order (--var Order=…), Policy URL (--var "Policy URL=…")`},
		{"unknown language", tpl, "de", values("name", "x"), Options{}, `template "t" has no language "de"; it has en, bg (pick one with --lang)`},
		{"subject out of range", tpl, "en", values("name", "x"), Options{Subject: 3}, "--subject 3: t (en) has 2 subject lines; pick 1 to 2 (see 'templ show t')"},
		{"subject needs an optional", tpl, "en", values("name", "x"), Options{Subject: 1}, "--subject 1 of t (en) needs Reason, which has no value; set it with --var Reason=… or pick another subject"},
		{"line break in a subject value", tpl, "en", values("name", "x", "product", "a\nBcc: evil@example.com"), Options{}, "the value of Product holds a line break, and the subject must be one line; remove the line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.tpl, tt.lang, tt.vals, tt.opts)
			if err == nil {
				t.Fatal("Render succeeded, want an error")
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("error:\n got %s\nwant %s", err, tt.wantMsg)
			}
		})
	}
	_, err := Render(tpl, "en", values(), Options{})
	var me *MissingError
	if !errors.As(err, &me) {
		t.Fatalf("error %T is not a *MissingError", err)
	}
}

func TestBodyCollapse(t *testing.T) {
	src := func(body string) string {
		return "id: c\ncategory: x\nvars: {O: {optional: true}, Name: {}}\nlocales:\n  en: {title: T, subjects: [S], body: " + quote(body) + "}\n"
	}
	tests := []struct{ body, want string }{
		{"[O]\n\nA [Name]\n", "A n\n"},                  // leading drop: no blank line left at the top
		{"A [Name]\n\n[O]\n", "A n\n"},                  // trailing drop
		{"A [Name]\n\n[O]\n\n[O]\n\nB\n", "A n\n\nB\n"}, // several drops collapse to one blank
		{"A [Name]\n[O]\nB\n", "A n\nB\n"},              // inside a block: no blank added
		{"A [Name]\n\n\nB\n", "A n\n\n\nB\n"},           // the author's own blank lines stay
		{"A [Name]", "A n"},                             // no final newline stays so
	}
	for _, tt := range tests {
		e, err := Render(mustParse(t, src(tt.body)), "en", values("name", "n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if e.Body != tt.want {
			t.Errorf("body %q: got %q, want %q", tt.body, e.Body, tt.want)
		}
	}
}

func quote(s string) string {
	out := `"`
	for _, r := range s {
		switch r {
		case '\n':
			out += `\n`
		case '"':
			out += `\"`
		case '\\':
			out += `\\`
		default:
			out += string(r)
		}
	}
	return out + `"`
}
