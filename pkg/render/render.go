// Package render fills a template's language with variable values. It is
// pure: (template, language, values) in, email or error out; no I/O.
package render

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/plural"
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
	// HTML is the locale's own html body rendered, values HTML-escaped; ""
	// when the locale has none.
	HTML string
	// Vars are the variables the email used, with the values it used.
	Vars []vars.Value
	// Left names the placeholders --keep-missing left unfilled.
	Left []string
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

func (e *MissingError) Error() string { return e.Describe(FlagFor) }

// Describe lists the missing variables, each with how to set it.
func (e *MissingError) Describe(how func(name string) string) string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = m.Name + " (" + how(m.Name) + ")"
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

// NumberError is a value that a plural placeholder cannot count: it picks
// its form by the value's plural category, so the value must be a number.
type NumberError struct {
	ID, Lang string
	Var      string // as the template declares it, or as the placeholder is written
	Value    string
}

func (e *NumberError) Error() string { return e.Describe(FlagFor) }

// Describe is the error with how to set the variable, as MissingError's.
func (e *NumberError) Describe(how func(name string) string) string {
	return fmt.Sprintf("%s (%s): %s is %q, which is not a number, and [%s|…] picks its plural form by it; give a number such as 5 or 1.5 (%s)",
		e.ID, e.Lang, e.Var, e.Value, e.Var, how(e.Var))
}

// FormsError is a plural placeholder whose count of forms does not fit its
// language: one form per CLDR plural category, in CLDR order.
type FormsError struct {
	ID, Lang   string
	File       string
	Pos        template.Pos // in File
	Raw        string       // the placeholder as written back
	Forms      int
	Categories []string // of Lang, in CLDR order
}

func (e *FormsError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s (%s): %s has %s, but %s needs %d (%s); write one per category, in that order",
		e.File, e.Pos.Line, e.Pos.Col, e.ID, e.Lang, e.Raw, plural.Count(e.Forms, "plural form"), e.Lang, len(e.Categories), strings.Join(e.Categories, ", "))
}

// checkForms reports a plural placeholder whose count of forms does not
// fit lang (File and ID left for the caller), or nil.
func checkForms(lang string, txt template.Text, tk placeholder.Token) *FormsError {
	if tk.Forms == nil {
		return nil
	}
	if cats := plural.Categories(lang); len(tk.Forms) != len(cats) {
		return &FormsError{Lang: lang, Pos: txt.FilePos(tk.Line, tk.Col), Raw: tk.Raw(), Forms: len(tk.Forms), Categories: cats}
	}
	return nil
}

// state is what a render knows about each variable.
type state uint8

const (
	set     state = iota // has a value, given or default
	unset                // optional with no value: its line drops
	missing              // required with no value
)

// slot is one variable a prepared text can use: a declared one, or an
// undeclared placeholder. Names are folded to keys once, here, so that a
// batch pays only map lookups per record.
type slot struct {
	name     string // as declared, or as the placeholder is written
	key      string
	declared bool
	optional bool
	def      string // the default in this language, if hasDef
	hasDef   bool
	plural   bool // a plural placeholder uses it, so its value must be a number
	inBody   bool // the body uses it
	used     bool // the body or a subject uses it
}

// tok is a lexed token with the slot its placeholder fills (-1 for text).
type tok struct {
	placeholder.Token
	slot int
}

// Prepared is a language of a template lexed once, to render many times
// (a batch renders the same text for every record).
type Prepared struct {
	t        *template.Template
	lang     string
	slots    []slot // declared variables in order, then undeclared ones in text order
	subjects [][]tok
	body     []tok
	html     []tok // the locale's html body; nil without one
}

// Prepare lexes lang of t and resolves every placeholder to its slot. A
// plural placeholder whose forms do not fit the language is a *FormsError.
func Prepare(t *template.Template, lang string) (*Prepared, error) {
	loc := t.Locale(lang)
	if loc == nil {
		return nil, &LangError{ID: t.ID, Lang: lang, Have: t.Langs()}
	}
	p := &Prepared{t: t, lang: lang}
	index := map[string]int{}
	for _, v := range t.Vars {
		def, hasDef := v.Default(lang)
		index[v.Key] = len(p.slots)
		p.slots = append(p.slots, slot{name: v.Name, key: v.Key, declared: true, optional: v.Optional, def: def, hasDef: hasDef})
	}
	var formsErr *FormsError
	prepare := func(txt template.Text) []tok {
		lexed := placeholder.Lex(txt.Src)
		out := make([]tok, len(lexed))
		for i, tk := range lexed {
			out[i] = tok{Token: tk, slot: -1}
			if tk.Kind != placeholder.Placeholder {
				continue
			}
			key := placeholder.Key(tk.Value)
			n, ok := index[key]
			if !ok {
				n = len(p.slots)
				index[key] = n
				p.slots = append(p.slots, slot{name: tk.Value, key: key})
			}
			out[i].slot = n
			p.slots[n].used = true
			if tk.Forms != nil {
				p.slots[n].plural = true
				if e := checkForms(lang, txt, tk); e != nil && formsErr == nil {
					e.ID, e.File = t.ID, t.Path
					formsErr = e
				}
			}
		}
		return out
	}
	for _, s := range loc.Subjects {
		p.subjects = append(p.subjects, prepare(s))
	}
	p.body = prepare(loc.Body)
	for _, t := range p.body {
		if t.slot >= 0 {
			p.slots[t.slot].inBody = true
		}
	}
	if loc.HTML.Src != "" {
		p.html = prepare(loc.HTML)
	}
	if formsErr != nil {
		return nil, formsErr
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

// resolver is one render's view of the slots.
type resolver struct {
	p     *Prepared
	opts  Options
	state []state
	value []string
	used  []bool
	form  []int // for a plural slot that is set, the index of its form
	// escape HTML-escapes values (not the template's own text, nor a
	// plural form, which the template wrote), for the html body.
	escape bool

	missing []Missing // required and without a value (left with KeepMissing)
}

// Render fills the prepared text with values.
func (p *Prepared) Render(values *vars.Values, opts Options) (*Email, error) {
	r, subject, err := p.resolve(values, opts)
	if err != nil {
		return nil, err
	}
	body := r.body(p.body)
	var htmlBody string
	if p.html != nil {
		r.escape = true
		htmlBody = r.body(p.html)
		r.escape = false
	}
	return r.email(subject, body, htmlBody), nil
}

// email is the rendered email with what the resolver knows.
func (r *resolver) email(subject, body, html string) *Email {
	e := &Email{ID: r.p.t.ID, Lang: r.p.lang, Subject: subject, Body: body, HTML: html, Vars: r.usedValues()}
	for _, m := range r.missing {
		e.Left = append(e.Left, m.Name)
	}
	return e
}

// resolve gives each slot its value or state, chooses the subject, picks
// the plural forms and renders the subject: the part of a render that
// Render and Check share.
func (p *Prepared) resolve(values *vars.Values, opts Options) (*resolver, string, error) {
	if values == nil {
		values = &vars.Values{}
	}
	n := len(p.slots)
	r := &resolver{p: p, opts: opts, state: make([]state, n), value: make([]string, n), used: make([]bool, n)}
	for i, sl := range p.slots {
		switch val, ok := values.GetKey(sl.key); {
		case ok:
			r.value[i] = val
		case sl.hasDef:
			r.value[i] = sl.def
		case sl.optional:
			r.state[i] = unset
		default:
			r.state[i] = missing
		}
	}
	chosen, err := r.chooseSubject()
	if err != nil {
		return nil, "", err
	}
	// What the body and the chosen subject use must be given: a required
	// variable this language, or this subject, never uses is not demanded.
	for i, sl := range p.slots {
		if r.state[i] == missing && (sl.inBody || usesSlot(p.subjects[chosen], i)) {
			r.missing = append(r.missing, Missing{Name: sl.name})
		}
	}
	if len(r.missing) > 0 && !opts.KeepMissing {
		return nil, "", &MissingError{ID: p.t.ID, Lang: p.lang, Missing: r.missing}
	}
	if err := r.pluralForms(); err != nil {
		return nil, "", err
	}
	subject, err := r.line(p.subjects[chosen])
	if err != nil {
		return nil, "", err
	}
	return r, subject, nil
}

// pluralForms picks the form of each plural slot with a value, by the CLDR
// plural category of that value in the language.
func (r *resolver) pluralForms() error {
	for i, sl := range r.p.slots {
		if !sl.plural || r.state[i] != set {
			continue
		}
		o, ok := plural.Parse(r.value[i])
		if !ok {
			return &NumberError{ID: r.p.t.ID, Lang: r.p.lang, Var: sl.name, Value: r.value[i]}
		}
		if r.form == nil {
			r.form = make([]int, len(r.p.slots))
		}
		r.form[i] = plural.Index(r.p.lang, o)
	}
	return nil
}

// usedValues lists the variables the email used, declared ones first in
// their order, then undeclared ones in text order.
func (r *resolver) usedValues() []vars.Value {
	out := make([]vars.Value, 0, len(r.used))
	for i, used := range r.used {
		if used {
			out = append(out, vars.Value{Name: r.p.slots[i].name, Value: r.value[i]})
		}
	}
	return out
}

// chooseSubject picks the subject: the Nth with --subject N, else the first
// whose optional variables all have values.
func (r *resolver) chooseSubject() (int, error) {
	p := r.p
	subjects := p.subjects
	if r.opts.Subject != 0 {
		n := r.opts.Subject
		if n < 1 || n > len(subjects) {
			return 0, &SubjectError{Msg: fmt.Sprintf("--subject %d: %s (%s) has %d subject lines; pick 1 to %d (see 'templ show %s')", n, p.t.ID, p.lang, len(subjects), len(subjects), p.t.ID)}
		}
		if name := r.firstUnset(subjects[n-1]); name != "" {
			return 0, &SubjectError{Msg: fmt.Sprintf("--subject %d of %s (%s) needs %s, which has no value; set it with %s or pick another subject", n, p.t.ID, p.lang, name, FlagFor(name))}
		}
		return n - 1, nil
	}
	for i, toks := range subjects {
		if r.firstUnset(toks) == "" {
			return i, nil
		}
	}
	var names []string
	for _, toks := range subjects {
		names = append(names, r.firstUnset(toks))
	}
	return 0, &SubjectError{Msg: fmt.Sprintf("no subject of %s (%s) can be used: each needs a value (%s); set one, or pick a subject with --subject N", p.t.ID, p.lang, strings.Join(dedupe(names), ", "))}
}

func usesSlot(toks []tok, slot int) bool {
	for _, t := range toks {
		if t.slot == slot {
			return true
		}
	}
	return false
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
func (r *resolver) firstUnset(toks []tok) string {
	for _, t := range toks {
		if t.slot >= 0 && r.state[t.slot] == unset {
			return r.p.slots[t.slot].name
		}
	}
	return ""
}

func (r *resolver) line(toks []tok) (string, error) {
	var b strings.Builder
	for _, t := range toks {
		if t.slot >= 0 && strings.ContainsAny(r.value[t.slot], "\r\n") {
			return "", &HeaderError{Var: r.p.slots[t.slot].name}
		}
		r.write(&b, t)
	}
	return b.String(), nil
}

func (r *resolver) write(b *strings.Builder, t tok) {
	b.WriteString(r.piece(t))
}

// piece is what t renders as.
func (r *resolver) piece(t tok) string {
	if t.slot < 0 {
		return t.Value
	}
	if r.state[t.slot] == set {
		r.used[t.slot] = true
		if t.Forms != nil {
			return t.Forms[r.form[t.slot]]
		}
		if r.escape {
			return html.EscapeString(r.value[t.slot])
		}
		return r.value[t.slot] // literally: values are never expanded again
	}
	return t.Raw() // --keep-missing
}

// pieceLen is len(r.piece(t)), without marking anything used.
func (r *resolver) pieceLen(t tok) int {
	switch {
	case t.slot < 0:
		return len(t.Value)
	case r.state[t.slot] == set && t.Forms != nil:
		return len(t.Forms[r.form[t.slot]])
	case r.state[t.slot] == set:
		return len(r.value[t.slot])
	case t.Forms != nil:
		return len(t.Raw())
	}
	return len(t.Value) + 2 // [Name]
}

// body renders the body line by line. A line that uses an optional variable
// without a value is dropped, and blank lines around it collapse so
// paragraphs stay well formed.
func (r *resolver) body(toks []tok) string {
	return collapse(r.lines(toks))
}

// bodyLine is one line of a body: its bytes in the buffer, or dropped.
type bodyLine struct {
	start, end int // in buf
	dropped    bool
}

// lines fills every kept line into one buffer and says which were dropped.
func (r *resolver) lines(toks []tok) (buf []byte, lines []bodyLine, trailingNewline bool) {
	// Every kept line goes into one buffer, sized once. Growing a builder per
	// line would allocate through many size classes, and on a cold start
	// each new size class costs a fresh page of memory.
	size, newlines := 0, 0
	for _, t := range toks {
		size += r.pieceLen(t)
		if t.Kind == placeholder.Newline {
			newlines++
		}
	}
	buf = make([]byte, 0, size)
	lines = make([]bodyLine, 0, newlines+1)
	start := 0
	flush := func(end int) {
		lineToks := toks[start:end]
		if r.firstUnset(lineToks) != "" {
			lines = append(lines, bodyLine{dropped: true})
		} else {
			from := len(buf)
			for _, t := range lineToks {
				buf = append(buf, r.piece(t)...)
			}
			lines = append(lines, bodyLine{start: from, end: len(buf)})
		}
		start = end + 1
	}
	for i, t := range toks {
		if t.Kind == placeholder.Newline {
			flush(i)
		}
	}
	trailingNewline = start == len(toks) && len(toks) > 0
	if !trailingNewline {
		flush(len(toks))
	}
	return buf, lines, trailingNewline
}

// collapse joins the lines, collapsing each run of blank and dropped lines
// that holds a dropped one: to nothing at either end of the body, else to
// one blank line if the run had any. Runs without a dropped line are the
// author's, kept as is.
func collapse(buf []byte, lines []bodyLine, trailingNewline bool) string {
	text := func(l bodyLine) []byte { return buf[l.start:l.end] }
	blank := func(l bodyLine) bool { return len(bytes.TrimSpace(text(l))) == 0 }
	var out strings.Builder
	out.Grow(len(buf) + len(lines))
	first := true
	emit := func(s []byte) {
		if !first {
			out.WriteByte('\n')
		}
		out.Write(s)
		first = false
	}
	for i := 0; i < len(lines); {
		if !lines[i].dropped && !blank(lines[i]) {
			emit(text(lines[i]))
			i++
			continue
		}
		j, dropped, blanks := i, false, 0
		for j < len(lines) && (lines[j].dropped || blank(lines[j])) {
			if lines[j].dropped {
				dropped = true
			} else {
				blanks++
			}
			j++
		}
		switch {
		case !dropped:
			for k := i; k < j; k++ {
				emit(text(lines[k]))
			}
		case i == 0 || j == len(lines):
			// at an end of the body: nothing
		case blanks > 0:
			emit(nil)
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
// without a value is named in the error. Plural forms are refused: such a
// text has no language to pick them by.
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
		if tok.Forms != nil {
			return "", fmt.Errorf("%s uses %s, but plural forms work only in a template's subject or body; write [%s]", what, tok.Raw(), tok.Value)
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
