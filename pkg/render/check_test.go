package render

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
	"github.com/templ-mail/templ/templates"
)

// hostile are values that make a render fail or change its shape: line
// breaks (a subject must be one line), blanks, non-numbers and numbers for
// plural placeholders, placeholders and mbox's From_ in a value.
var hostile = []string{"Ivan", "3", "1", "1.5", "0", "-2", "abc", "a\nb", "a\r", "\n", "", " ", "[Name]", "From x", "Иван"}

// checkInputs are the templates Check must agree with Render on: the
// built-in catalogue, the benchmark email and this package's test template.
func checkInputs(t *testing.T) []*template.Template {
	var out []*template.Template
	ids := make([]string, 0, len(templates.Compiled))
	for id := range templates.Compiled {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		out = append(out, templates.Compiled[id]())
	}
	src, err := os.ReadFile("../../bench/testdata/bench-email.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, mustParse(t, string(src)))
	if len(out) < 27 {
		t.Fatalf("only %d templates to check", len(out))
	}
	return append(out, mustParse(t, testTemplate), mustParse(t, htmlTemplate))
}

// valueSets are the values each prepared text is checked with: none;
// every variable given one hostile value; every variable given but one
// (left out, or hostile); and each subset of the variables given.
func valueSets(p *Prepared) []*vars.Values {
	names := make([]string, len(p.slots))
	for i, sl := range p.slots {
		names[i] = sl.name
	}
	with := func(f func(i int) (string, bool)) *vars.Values {
		v := &vars.Values{}
		for i, n := range names {
			if val, ok := f(i); ok {
				v.Set(n, val)
			}
		}
		return v
	}
	sets := []*vars.Values{nil, {}}
	for _, h := range hostile {
		sets = append(sets, with(func(int) (string, bool) { return h, true }))
		for j := range names {
			sets = append(sets, with(func(i int) (string, bool) {
				if i == j {
					return h, h != "Ivan"
				}
				return "2", true
			}))
		}
	}
	for mask := 0; mask < 1<<min(len(names), 10); mask++ {
		sets = append(sets, with(func(i int) (string, bool) { return "5", mask&(1<<i) != 0 }))
	}
	return sets
}

// goldenContexts are the contexts the golden files are rendered with,
// which fill every built-in email.
func goldenContexts(t *testing.T) []*vars.Values {
	var out []*vars.Values
	for _, name := range []string{"customer.yaml", "customer.bg.yaml"} {
		src, err := os.ReadFile(filepath.Join("../../testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		v, err := vars.ParseContext(name, src)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func TestCheckAgreesWithRender(t *testing.T) {
	cases := 0
	contexts := goldenContexts(t)
	for _, tpl := range checkInputs(t) {
		for _, lang := range tpl.Langs() {
			p, err := Prepare(tpl, lang)
			if err != nil {
				continue // a FormsError: nothing to render
			}
			for _, vals := range append(valueSets(p), contexts...) {
				for subject := -1; subject <= len(p.subjects)+1; subject++ {
					for _, keep := range []bool{false, true} {
						agree(t, p, vals, Options{Subject: subject, KeepMissing: keep})
						cases++
					}
				}
			}
		}
	}
	t.Logf("%d cases", cases)
}

// agree fails t unless Check gives what Render gives, but for the body.
func agree(t *testing.T, p *Prepared, vals *vars.Values, opts Options) {
	t.Helper()
	want, wantErr := p.Render(vals, opts)
	got, gotErr := p.Check(vals, opts)
	all := []vars.Value(nil)
	if vals != nil {
		all = vals.All()
	}
	if !reflect.DeepEqual(gotErr, wantErr) {
		t.Fatalf("%s (%s) %+v %v: Check's error %v, Render's %v", p.t.ID, p.lang, opts, all, gotErr, wantErr)
	}
	if want != nil {
		want.Body, want.HTML = "", ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s (%s) %+v %v: Check gives\n%+v\nRender\n%+v", p.t.ID, p.lang, opts, all, got, want)
	}
}

func FuzzCheckAgreesWithRender(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, "x", "", "7", h, 0, false)
	}
	f.Add("Ivan", "a\nb", "r", "1.5", "", 1, false)
	f.Add("", "", "", "", "", 3, true)
	tpl, err := template.Parse("t.yaml", []byte(testTemplate+pluralLocale))
	if err != nil {
		f.Fatal(err)
	}
	prepared := map[string]*Prepared{}
	for _, lang := range tpl.Langs() {
		if prepared[lang], err = Prepare(tpl, lang); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, name, product, reason, days, agent string, subject int, keep bool) {
		vals := &vars.Values{}
		for _, kv := range [][2]string{{"Name", name}, {"product", product}, {"Reason", reason}, {"DAYS", days}, {"agent", agent}, {"Extra", name}} {
			vals.Set(kv[0], kv[1])
		}
		for _, lang := range tpl.Langs() {
			agree(t, prepared[lang], vals, Options{Subject: subject % 5, KeepMissing: keep})
		}
	})
}

// pluralLocale adds a language whose subject and body count Days, and an
// undeclared placeholder, to testTemplate.
const pluralLocale = `  ru:
    title: Тест
    subjects:
      - "[Days|день|дня|дней|дня]: [Extra]"
      - "[Reason]"
    body: |
      [Name], [Days] [Days|день|дня|дней|дня].

      [Reason]
      [Agent] [Extra]
`
