// Package lint checks template files beyond what the loader refuses: names,
// duplicate ids, undeclared and unused variables, languages that disagree,
// subject lists that cannot work, and plural forms that do not fit their
// language. It is pure: files in, findings out.
package lint

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/template"
)

// File is one template file to check.
type File struct {
	Path string
	Data []byte
}

// Finding is one problem; warnings do not fail a lint.
type Finding struct {
	File    string
	Pos     template.Pos
	Warning bool
	Msg     string
}

func (f Finding) String() string {
	kind := ""
	if f.Warning {
		kind = "warning: "
	}
	if f.Pos.Line == 0 {
		return fmt.Sprintf("%s: %s%s", f.File, kind, f.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", f.File, f.Pos.Line, f.Pos.Col, kind, f.Msg)
}

// Check lints files together, so that duplicate ids across them are found.
// A file with schema errors is still checked as far as it decoded, so an
// unknown key does not hide an undeclared variable. Findings are sorted by
// file, unknown keys first (a typo such as bodyy explains the "body is
// missing" after it), then by position.
func Check(files []File) []Finding {
	var out []Finding
	firstByID := map[string]*template.Template{}
	for _, f := range files {
		t, err := template.Parse(f.Path, f.Data)
		if err != nil {
			for _, e := range err.(template.ErrorList) {
				out = append(out, Finding{File: e.File, Pos: e.Pos, Msg: e.Msg + quoteHint(f.Data, e.Pos)})
			}
			if t == nil {
				continue
			}
		}
		for _, found := range checkTemplate(t) {
			// With schema errors, a warning (an unused variable, say) is
			// most likely their echo.
			if err == nil || !found.Warning {
				out = append(out, found)
			}
		}
		if t.ID == "" {
			continue
		}
		if first, dup := firstByID[t.ID]; dup {
			out = append(out, Finding{File: t.Path, Pos: t.IDPos,
				Msg: fmt.Sprintf("duplicate id %q: %s:%d:%d has it too", t.ID, first.Path, first.IDPos.Line, first.IDPos.Col)})
		} else {
			firstByID[t.ID] = t
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if ua, ub := unknownKey(a), unknownKey(b); ua != ub {
			return ua
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Pos.Col < b.Pos.Col
	})
	return out
}

// bracketInList is a list item that starts with "[", or a flow list "[...["
// whose text holds a "[" before any quote or "]"; compiled on first use,
// not at every start of templ.
var bracketInList = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*-\s*\[|:\s*\[[^\]"']*\[`)
})

func unknownKey(f Finding) bool { return strings.Contains(f.Msg, ": unknown key ") }

// quoteHint explains the YAML error people make most in a template: a text
// that starts with a placeholder, or holds one inside a [flow list], reads
// as a list to YAML. It looks at the line of the error.
func quoteHint(data []byte, pos template.Pos) string {
	lines := strings.Split(string(data), "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return ""
	}
	if bracketInList().MatchString(lines[pos.Line-1]) {
		return `; quote a text that starts with [ or holds [brackets] inside [ ], like subjects: ["[Name], your refund"]`
	}
	return ""
}

// use is one placeholder in a locale, with its place in the file.
type use struct {
	name string
	pos  template.Pos
	tok  placeholder.Token
}

func placeholders(txt template.Text) []use {
	var out []use
	for _, tok := range placeholder.Lex(txt.Src) {
		if tok.Kind == placeholder.Placeholder {
			out = append(out, use{tok.Value, txt.FilePos(tok.Line, tok.Col), tok})
		}
	}
	return out
}

func checkTemplate(t *template.Template) []Finding {
	var out []Finding
	add := func(pos template.Pos, warning bool, format string, args ...any) {
		out = append(out, Finding{File: t.Path, Pos: pos, Warning: warning, Msg: fmt.Sprintf(format, args...)})
	}
	base := path.Base(strings.ReplaceAll(t.Path, "\\", "/"))
	if name := strings.TrimSuffix(base, path.Ext(base)); t.ID != "" && name != t.ID {
		add(t.IDPos, false, "id %q does not match the file name %s; a template file is named after its id", t.ID, base)
	}

	usedAnywhere := map[string]bool{}
	keysByLang := map[string]map[string]string{} // lang -> key -> name as written
	for _, loc := range t.Locales {
		keys := map[string]string{}
		keysByLang[loc.Lang] = keys
		var subjectUses [][]use
		for _, s := range loc.Subjects {
			subjectUses = append(subjectUses, placeholders(s))
		}
		all := append([][]use{placeholders(loc.Body)}, subjectUses...)
		if loc.HTML.Src != "" {
			htmlUses := placeholders(loc.HTML)
			all = append(all, htmlUses)
			out = append(out, checkHTML(t, loc, all[0], htmlUses)...)
		}
		for _, uses := range all {
			for _, u := range uses {
				key := placeholder.Key(u.name)
				if _, seen := keys[key]; !seen {
					keys[key] = u.name
				}
				usedAnywhere[key] = true
				if t.Var(u.name) == nil {
					add(u.pos, false, "[%s] is not declared; add it under vars (at render time it is required)", u.name)
				}
			}
		}
		out = append(out, checkSubjects(t, loc, subjectUses)...)
		out = append(out, checkPlurals(t, loc, all)...)
		out = append(out, checkControls(t, loc)...)
	}
	for _, v := range t.Vars {
		if !usedAnywhere[v.Key] {
			add(v.Pos, true, "variable %s is declared but no language uses it", v.Name)
		}
		if v.Optional && len(v.Defaults) > 0 {
			add(v.Pos, true, "variable %s is optional and has a default; the default always fills it, so its lines never drop", v.Name)
		}
	}
	// Every language must use the same variables, so one context file fills
	// any of them.
	for i, loc := range t.Locales {
		if i == 0 {
			continue
		}
		first := t.Locales[0]
		if extra := missingFrom(keysByLang[loc.Lang], keysByLang[first.Lang]); len(extra) > 0 {
			add(loc.Pos, false, "locale %s uses %s, which locale %s does not", loc.Lang, strings.Join(extra, ", "), first.Lang)
		}
		if lacking := missingFrom(keysByLang[first.Lang], keysByLang[loc.Lang]); len(lacking) > 0 {
			add(loc.Pos, false, "locale %s does not use %s, which locale %s does", loc.Lang, strings.Join(lacking, ", "), first.Lang)
		}
	}
	return out
}

// checkHTML finds a locale's html body using other variables than its
// text body: the two are one email, and a value the html lacks would be
// missing from what most readers show.
func checkHTML(t *template.Template, loc *template.Locale, body, html []use) []Finding {
	keys := func(us []use) map[string]string {
		m := map[string]string{}
		for _, u := range us {
			if _, ok := m[placeholder.Key(u.name)]; !ok {
				m[placeholder.Key(u.name)] = u.name
			}
		}
		return m
	}
	b, h := keys(body), keys(html)
	pos := loc.HTML.Pos
	var out []Finding
	if extra := missingFrom(h, b); len(extra) > 0 {
		out = append(out, Finding{File: t.Path, Pos: pos, Msg: fmt.Sprintf("locale %s: html uses %s, which body does not", loc.Lang, strings.Join(extra, ", "))})
	}
	if lacking := missingFrom(b, h); len(lacking) > 0 {
		out = append(out, Finding{File: t.Path, Pos: pos, Msg: fmt.Sprintf("locale %s: html does not use %s, which body does", loc.Lang, strings.Join(lacking, ", "))})
	}
	return out
}

// missingFrom lists the names in a whose keys b lacks, sorted.
func missingFrom(a, b map[string]string) []string {
	var out []string
	for key, name := range a {
		if _, ok := b[key]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// checkSubjects finds subject lists that fail a render or hide a subject.
func checkSubjects(t *template.Template, loc *template.Locale, uses [][]use) []Finding {
	var out []Finding
	optionalIn := func(us []use) string {
		for _, u := range us {
			if v := t.Var(u.name); v != nil && v.Optional {
				if _, hasDefault := v.Default(loc.Lang); !hasDefault {
					return v.Name
				}
			}
		}
		return ""
	}
	alwaysUsable := 0 // 1-based number of the first subject that needs no optional variable
	for i, us := range uses {
		name := optionalIn(us)
		if name == "" && alwaysUsable == 0 {
			alwaysUsable = i + 1
			continue
		}
		if name != "" && alwaysUsable != 0 {
			out = append(out, Finding{File: t.Path, Pos: loc.Subjects[i].Pos, Warning: true,
				Msg: fmt.Sprintf("locale %s: subject %d uses optional %s but subject %d before it always works, so it is chosen only with --subject %d; put the richer subject first", loc.Lang, i+1, name, alwaysUsable, i+1)})
		}
	}
	if alwaysUsable == 0 && len(uses) > 0 {
		out = append(out, Finding{File: t.Path, Pos: loc.Subjects[0].Pos,
			Msg: fmt.Sprintf("locale %s: every subject needs an optional variable, so a render without them fails; add a subject that needs none", loc.Lang)})
	}
	return out
}

// checkPlurals finds plural placeholders whose forms do not fit the
// locale's language (one per CLDR category), and whose variable's default
// in that language is not a number, which every render would refuse.
func checkPlurals(t *template.Template, loc *template.Locale, all [][]use) []Finding {
	var out []Finding
	badDefault := map[string]bool{} // reported once per variable
	for _, uses := range all {
		for _, u := range uses {
			if u.tok.Forms == nil {
				continue
			}
			if cats := plural.Categories(loc.Lang); len(u.tok.Forms) != len(cats) {
				out = append(out, Finding{File: t.Path, Pos: u.pos,
					Msg: fmt.Sprintf("%s has %s, but %s needs %d (%s); write one per category, in that order",
						u.tok.Raw(), plural.Count(len(u.tok.Forms), "plural form"), loc.Lang, len(cats), strings.Join(cats, ", "))})
			}
			v := t.Var(u.name)
			if v == nil || badDefault[v.Key] {
				continue
			}
			if def, ok := v.Default(loc.Lang); ok {
				if _, isNumber := plural.Parse(def); !isNumber {
					badDefault[v.Key] = true
					out = append(out, Finding{File: t.Path, Pos: u.pos,
						Msg: fmt.Sprintf("locale %s: the default of %s is %q, which is not a number, but [%s|…] picks its plural form by it; make the default a number such as 14", loc.Lang, v.Name, def, u.name)})
				}
			}
		}
	}
	return out
}

// checkControls finds control characters in a locale's text (YAML's "\e",
// "\a", "\r" write them): they would go into every email, and an escape
// sequence in a title or subject is what drives a terminal. Tabs and line
// feeds are text.
func checkControls(t *template.Template, loc *template.Locale) []Finding {
	var out []Finding
	check := func(what, text string, pos template.Pos) {
		for _, r := range text {
			if r == '\t' || r == '\n' || !(r < 0x20 || r >= 0x7f && r <= 0x9f) {
				continue
			}
			out = append(out, Finding{File: t.Path, Pos: pos,
				Msg: fmt.Sprintf("locale %s: %s holds the control character %U; it would go into every email, so remove it", loc.Lang, what, r)})
			return
		}
	}
	check("the title", loc.Title, loc.Pos)
	for i, s := range loc.Subjects {
		check(fmt.Sprintf("subject %d", i+1), s.Src, s.Pos)
	}
	check("the body", loc.Body.Src, loc.Body.Pos)
	check("html", loc.HTML.Src, loc.HTML.Pos)
	return out
}
