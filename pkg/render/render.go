// Package render fills a template's language with variable values. It is
// pure: (template, language, values) in, email or error out; no I/O.
package render

import (
	"fmt"
	"strings"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// Options change how a render treats its template.
type Options struct {
	// Subject picks the Nth subject (1-based); 0 takes the first usable one.
	Subject int
	// KeepMissing leaves missing required placeholders in place instead of failing.
	KeepMissing bool
}

// Email is a rendered email.
type Email struct {
	ID      string
	Lang    string
	Subject string
	Body    string
	// Vars are the variables the email used, with the values it used.
	Vars []vars.Value
}

// Missing is one variable that must be given.
type Missing struct {
	Name string // as the template declares it, or as the placeholder is written
}

// MissingError lists every required variable without a value.
type MissingError struct {
	ID, Lang string
	Missing  []Missing
}

func (e *MissingError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = m.Name + " (" + FlagFor(m.Name) + ")"
	}
	noun := "variable"
	if len(parts) > 1 {
		noun = fmt.Sprintf("%d variables", len(parts))
	}
	return fmt.Sprintf("%s (%s) is missing %s: %s", e.ID, e.Lang, noun, strings.Join(parts, ", "))
}

// Flags that set a variable directly; every other one goes through --var.
var directFlags = map[string]string{"name": "--name", "product": "--product", "brand": "--brand"}

// FlagFor tells the user how to set a variable on the command line.
func FlagFor(name string) string {
	if f, ok := directFlags[placeholder.Key(name)]; ok {
		return f
	}
	if strings.ContainsRune(name, ' ') {
		return fmt.Sprintf("--var %q", name+"=…")
	}
	return "--var " + name + "=…"
}

// SubjectError means no subject line could be used.
type SubjectError struct{ Msg string }

func (e *SubjectError) Error() string { return e.Msg }

// LangError is a language the template does not have.
type LangError struct {
	ID, Lang string
	Have     []string
}

func (e *LangError) Error() string {
	return fmt.Sprintf("template %q has no language %q; it has %s (pick one with --lang)", e.ID, e.Lang, strings.Join(e.Have, ", "))
}

// HeaderError is a line break in the subject: it would add a mail header.
type HeaderError struct{ Var string }

func (e *HeaderError) Error() string {
	return fmt.Sprintf("the value of %s holds a line break, and the subject must be one line; remove the line break", e.Var)
}

// state is what a render knows about each placeholder key.
type state uint8

const (
	set     state = iota // has a value, given or default
	unset                // optional with no value: its line drops
	missing              // required with no value
)

type resolver struct {
	t      *template.Template
	lang   string
	values *vars.Values
	opts   Options

	cache   map[string]resolved
	missing []Missing
	seen    map[string]bool // missing keys already listed
	used    []vars.Value
	usedKey map[string]bool
}

type resolved struct {
	state state
	value string
	name  string
}

func (r *resolver) resolve(name string) resolved {
	key := placeholder.Key(name)
	if res, ok := r.cache[key]; ok {
		return res
	}
	res := resolved{name: name}
	v := r.t.Var(name)
	if v != nil {
		res.name = v.Name
	}
	if val, ok := r.values.GetKey(key); ok {
		res.state, res.value = set, val
	} else if v != nil {
		if d, ok := v.Default(r.lang); ok {
			res.state, res.value = set, d
		} else if v.Optional {
			res.state = unset
		} else {
			res.state = missing
		}
	} else {
		res.state = missing // an undeclared placeholder acts as required
	}
	r.cache[key] = res
	return res
}

func (r *resolver) noteMissing(res resolved) {
	key := placeholder.Key(res.name)
	if !r.seen[key] {
		r.seen[key] = true
		r.missing = append(r.missing, Missing{Name: res.name})
	}
}

func (r *resolver) noteUsed(res resolved) {
	key := placeholder.Key(res.name)
	if res.state == set && !r.usedKey[key] {
		r.usedKey[key] = true
		r.used = append(r.used, vars.Value{Name: res.name, Value: res.value})
	}
}

// Prepared is a language of a template lexed once, to render many times
// (a batch renders the same text for every record).
type Prepared struct {
	t        *template.Template
	lang     string
	subjects [][]placeholder.Token
	body     []placeholder.Token
}

// Prepare lexes lang of t.
func Prepare(t *template.Template, lang string) (*Prepared, error) {
	loc := t.Locale(lang)
	if loc == nil {
		return nil, &LangError{ID: t.ID, Lang: lang, Have: t.Langs()}
	}
	p := &Prepared{t: t, lang: lang, body: placeholder.Lex(loc.Body.Src)}
	for _, s := range loc.Subjects {
		p.subjects = append(p.subjects, placeholder.Lex(s.Src))
	}
	return p, nil
}

// Render fills lang of t with values.
func Render(t *template.Template, lang string, values *vars.Values, opts Options) (*Email, error) {
	p, err := Prepare(t, lang)
	if err != nil {
		return nil, err
	}
	return p.Render(values, opts)
}

// Render fills the prepared text with values.
func (p *Prepared) Render(values *vars.Values, opts Options) (*Email, error) {
	t, lang := p.t, p.lang
	if values == nil {
		values = &vars.Values{}
	}
	r := &resolver{t: t, lang: lang, values: values, opts: opts,
		cache: map[string]resolved{}, seen: map[string]bool{}, usedKey: map[string]bool{}}

	// Every declared required variable must be given, whether or not the
	// chosen subject uses it; then undeclared placeholders, in text order.
	for _, v := range t.Vars {
		if res := r.resolve(v.Name); res.state == missing {
			r.noteMissing(res)
		}
	}
	for _, toks := range append(p.subjects[:len(p.subjects):len(p.subjects)], p.body) {
		for _, tok := range toks {
			if tok.Kind == placeholder.Placeholder {
				if res := r.resolve(tok.Value); res.state == missing {
					r.noteMissing(res)
				}
			}
		}
	}
	if len(r.missing) > 0 && !opts.KeepMissing {
		return nil, &MissingError{ID: t.ID, Lang: lang, Missing: r.missing}
	}

	subject, err := r.subject(p.subjects)
	if err != nil {
		return nil, err
	}
	body := r.body(p.body)
	return &Email{ID: t.ID, Lang: lang, Subject: subject, Body: body, Vars: r.usedInOrder()}, nil
}

// usedInOrder lists the used variables as the template declares them, then
// undeclared ones in the order the text uses them.
func (r *resolver) usedInOrder() []vars.Value {
	out := make([]vars.Value, 0, len(r.used))
	for _, v := range r.t.Vars {
		for _, u := range r.used {
			if placeholder.Key(u.Name) == v.Key {
				out = append(out, u)
			}
		}
	}
	for _, u := range r.used {
		if r.t.Var(u.Name) == nil {
			out = append(out, u)
		}
	}
	return out
}

func (r *resolver) subject(subjects [][]placeholder.Token) (string, error) {
	if r.opts.Subject != 0 {
		n := r.opts.Subject
		if n < 1 || n > len(subjects) {
			return "", &SubjectError{Msg: fmt.Sprintf("--subject %d: %s (%s) has %d subject lines; pick 1 to %d (see 'templ show %s')", n, r.t.ID, r.lang, len(subjects), len(subjects), r.t.ID)}
		}
		if name := r.firstUnset(subjects[n-1]); name != "" {
			return "", &SubjectError{Msg: fmt.Sprintf("--subject %d of %s (%s) needs %s, which has no value; set it with %s or pick another subject", n, r.t.ID, r.lang, name, FlagFor(name))}
		}
		return r.line(subjects[n-1])
	}
	for _, toks := range subjects {
		if r.firstUnset(toks) == "" {
			return r.line(toks)
		}
	}
	var names []string
	for _, toks := range subjects {
		names = append(names, r.firstUnset(toks))
	}
	return "", &SubjectError{Msg: fmt.Sprintf("no subject of %s (%s) can be used: each needs a value (%s); set one, or pick a subject with --subject N", r.t.ID, r.lang, strings.Join(dedupe(names), ", "))}
}

func dedupe(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// firstUnset names the first optional variable without a value in toks.
func (r *resolver) firstUnset(toks []placeholder.Token) string {
	for _, tok := range toks {
		if tok.Kind == placeholder.Placeholder {
			if res := r.resolve(tok.Value); res.state == unset {
				return res.name
			}
		}
	}
	return ""
}

func (r *resolver) line(toks []placeholder.Token) (string, error) {
	var b strings.Builder
	for _, tok := range toks {
		if tok.Kind == placeholder.Placeholder {
			res := r.resolve(tok.Value)
			if strings.ContainsAny(res.value, "\r\n") {
				return "", &HeaderError{Var: res.name}
			}
		}
		r.write(&b, tok)
	}
	return b.String(), nil
}

func (r *resolver) write(b *strings.Builder, tok placeholder.Token) {
	if tok.Kind != placeholder.Placeholder {
		b.WriteString(tok.Value)
		return
	}
	res := r.resolve(tok.Value)
	if res.state == set {
		r.noteUsed(res)
		b.WriteString(res.value) // literally: values are never expanded again
		return
	}
	b.WriteString(tok.Raw()) // --keep-missing
}

// body renders the body line by line. A line that uses an optional variable
// without a value is dropped, and blank lines around it collapse so
// paragraphs stay well formed.
func (r *resolver) body(toks []placeholder.Token) string {
	type line struct {
		text    string
		dropped bool
	}
	var lines []line
	var b strings.Builder
	start := 0
	flush := func(end int) {
		lineToks := toks[start:end]
		if r.firstUnset(lineToks) != "" {
			lines = append(lines, line{dropped: true})
		} else {
			b.Reset()
			for _, tok := range lineToks {
				r.write(&b, tok)
			}
			lines = append(lines, line{text: b.String()})
		}
		start = end + 1
	}
	for i, tok := range toks {
		if tok.Kind == placeholder.Newline {
			flush(i)
		}
	}
	trailingNewline := start == len(toks) && len(toks) > 0
	if !trailingNewline {
		flush(len(toks))
	}

	// Collapse each run of blank and dropped lines that holds a dropped one:
	// to nothing at either end of the body, else to one blank line if the
	// run had any. Runs without a dropped line are the author's, kept as is.
	var out strings.Builder
	first := true
	emit := func(s string) {
		if !first {
			out.WriteByte('\n')
		}
		out.WriteString(s)
		first = false
	}
	for i := 0; i < len(lines); {
		if !lines[i].dropped && strings.TrimSpace(lines[i].text) != "" {
			emit(lines[i].text)
			i++
			continue
		}
		j, dropped, blank := i, false, 0
		for j < len(lines) && (lines[j].dropped || strings.TrimSpace(lines[j].text) == "") {
			if lines[j].dropped {
				dropped = true
			} else {
				blank++
			}
			j++
		}
		switch {
		case !dropped:
			for k := i; k < j; k++ {
				emit(lines[k].text)
			}
		case i == 0 || j == len(lines):
			// at an end of the body: nothing
		case blank > 0:
			emit("")
		}
		i = j
	}
	if trailingNewline && !first {
		out.WriteByte('\n')
	}
	return out.String()
}

// Fill replaces the placeholders of a one-off text, such as --to "[Name]
// <[Email]>" or --filename "[Name].eml", using lookup. Every placeholder
// without a value is named in the error.
func Fill(what, text string, lookup func(name string) (string, bool)) (string, error) {
	if !strings.ContainsRune(text, '[') && !strings.ContainsRune(text, '\\') {
		return text, nil
	}
	var b strings.Builder
	var missing []string
	for _, tok := range placeholder.Lex(text) {
		if tok.Kind != placeholder.Placeholder {
			b.WriteString(tok.Value)
			continue
		}
		val, ok := lookup(tok.Value)
		if !ok {
			missing = append(missing, tok.Value)
			continue
		}
		b.WriteString(val)
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%s uses %s, which has no value", what, strings.Join(dedupe(missing), ", "))
	}
	return b.String(), nil
}
