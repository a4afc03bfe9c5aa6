package batch

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// composers gives each record the composer of its language (its Lang
// field, else the batch's) and, for a mail batch without --to, one that
// addresses it to its Email field. Each language is prepared once, when a
// record first asks for it.
type composers struct {
	base     *email.Composer
	byLang   map[string]*email.Composer
	withTo   map[*email.Composer]*email.Composer // each with RecordTo set
	recordTo bool                                // a mail format and no --to: the Email field addresses a record
	needTo   bool                                // the sink sends (--exec, --send): a record without a recipient is bad
	sawEmail bool                                // some record had an Email field
}

func newComposers(o *Options) *composers {
	c := &composers{base: o.Composer, byLang: map[string]*email.Composer{}, withTo: map[*email.Composer]*email.Composer{}}
	if o.Composer.Format.IsMail() && (o.Composer.Addresses == nil || len(o.Composer.Addresses.To) == 0) {
		c.recordTo = true
		switch o.Sink.(type) {
		case *Exec, *SMTP:
			c.needTo = true
		}
	}
	return c
}

// errNoRecipient is an --exec or --send batch with neither --to nor an
// Email column.
var errNoRecipient = errors.New("no recipient: pass --to '[Email]' or add an Email column")

// get is the composer for a record with language lang ("" for the
// batch's) that has an Email field or not.
func (c *composers) get(lang string, hasEmail bool) (*email.Composer, error) {
	c.sawEmail = c.sawEmail || hasEmail
	if c.needTo && !hasEmail {
		return nil, errNoRecipient
	}
	base := c.base
	if lang != "" && lang != base.Prepared.Lang() {
		comp, ok := c.byLang[lang]
		if !ok {
			t := base.Prepared.Template()
			p, err := render.Prepare(t, lang)
			var le *render.LangError
			if errors.As(err, &le) { // not kept: a typo must not grow the map
				return nil, fmt.Errorf("Lang is %q, but %s has only %s", lang, t.ID, strings.Join(t.Langs(), ", "))
			}
			if err != nil {
				return nil, err
			}
			copied := *base
			copied.Prepared = p
			comp = &copied
			c.byLang[lang] = comp
		}
		base = comp
	}
	if c.recordTo && hasEmail {
		withTo, ok := c.withTo[base]
		if !ok {
			copied := *base
			copied.RecordTo = true
			withTo = &copied
			c.withTo[base] = withTo
		}
		return withTo, nil
	}
	return base, nil
}

// recordLang reads a record's language field (Lang, LANG, Language): it
// picks the language and is not a template variable.
func recordLang(key, value string) (string, bool) {
	if key != "lang" && key != "language" {
		return "", false
	}
	return strings.ToLower(strings.TrimSpace(value)), true
}

// batchWide finds a mistake no record can get past, once the first pass
// has seen every column: a placeholder of --filename or an address flag,
// or a variable the template needs, that is neither a column, nor a
// variable of the template, nor given by a flag, context or the config.
// It is reported once instead of on every record, with no --skip-invalid
// advice that would skip them all. Only a check where every record failed
// is asked: if one passed, the mistake is not batch-wide.
func (o *Options) batchWide(report *Report, columns map[string]string, comps *composers) error {
	if report.Records == 0 || report.Failed < report.Records {
		return nil
	}
	if comps.needTo && !comps.sawEmail {
		return &Error{Err: errNoRecipient, Input: true}
	}
	known := map[string]bool{}
	for _, key := range columns {
		known[key] = true
	}
	for _, v := range append([]*vars.Values{o.Layers.Config, o.Layers.Flags}, o.Layers.Contexts...) {
		if v != nil {
			for _, val := range v.All() {
				known[placeholder.Key(val.Name)] = true
			}
		}
	}
	p := o.Composer.Prepared
	var problems []string
	seen := map[string]bool{}
	check := func(what, name string) {
		key := placeholder.Key(name)
		if known[key] || seen[what+"\x00"+key] {
			return
		}
		seen[what+"\x00"+key] = true
		problems = append(problems, fmt.Sprintf("%s uses %s, which is neither a column of %s nor a variable of %s; add %s or pass %s",
			what, name, o.dataName(), p.Template().ID, anColumn(name), render.FlagFor(name)))
	}
	for _, v := range p.Vars() { // an undeclared placeholder acts as required
		if v.Used && !v.Declared {
			check(fmt.Sprintf("%s (%s)", p.Template().ID, p.Lang()), v.Name)
		}
	}
	if n := o.Composer.Render.Subject; n > 0 {
		subjects := p.Template().Locale(p.Lang()).Subjects
		if n > len(subjects) {
			return &Error{Err: fmt.Errorf("--subject %d: %s (%s) has %d subject lines; pick 1 to %d (see 'templ show %s')",
				n, p.Template().ID, p.Lang(), len(subjects), len(subjects), p.Template().ID), Input: true}
		}
		for _, tok := range placeholder.Lex(subjects[n-1].Src) {
			v := p.Template().Var(tok.Value)
			if tok.Kind != placeholder.Placeholder || v == nil || known[v.Key] {
				continue // an undeclared one is checked below
			}
			if _, hasDef := v.Default(p.Lang()); !hasDef {
				known[v.Key] = true // once
				problems = append(problems, fmt.Sprintf("--subject %d uses %s, which neither a column of %s nor a flag gives; add %s or pass %s",
					n, v.Name, o.dataName(), anColumn(v.Name), render.FlagFor(v.Name)))
			}
		}
	}
	for _, pat := range o.patterns() {
		what, pattern := pat[0], pat[1]
		for _, tok := range placeholder.Lex(pattern) {
			if tok.Kind == placeholder.Placeholder && p.Template().Var(tok.Value) == nil {
				check(what, tok.Value)
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{Err: errors.New(strings.Join(problems, "; ")), Input: true}
}

// patterns are the texts with placeholders a record fills besides the
// template, as (flag, text): --filename and the address flags.
func (o *Options) patterns() [][2]string {
	var out [][2]string
	if d, ok := o.Sink.(*Dir); ok {
		out = append(out, [2]string{"--filename", d.Filename})
	}
	if a := o.Composer.Addresses; a != nil && o.Composer.Format.IsMail() {
		for _, p := range [][2]string{
			{"--to", strings.Join(a.To, ", ")}, {"--cc", strings.Join(a.Cc, ", ")}, {"--bcc", strings.Join(a.Bcc, ", ")},
			{"--reply-to", a.ReplyTo}, {a.FromWhere, a.From},
		} {
			out = append(out, p)
		}
	}
	return out
}

// anColumn is "a Name column" or "an Email column" (see withArticle).
func anColumn(name string) string {
	return withArticle(name) + " column"
}

// leftPlaceholders gathers what --keep-missing left unfilled, over the
// records checked, for one warning at the end.
type leftPlaceholders struct {
	records int
	names   []string
	seen    map[string]bool
}

func (l *leftPlaceholders) add(names []string) {
	if len(names) == 0 {
		return
	}
	l.records++
	for _, n := range names {
		if !l.seen[n] {
			if l.seen == nil {
				l.seen = map[string]bool{}
			}
			l.seen[n] = true
			l.names = append(l.names, n)
		}
	}
}

func (l *leftPlaceholders) warn(w io.Writer) {
	if l.records > 0 {
		fmt.Fprintf(w, "templ: warning: left placeholders unfilled in %s: %s\n", plural.Count(l.records, "record"), strings.Join(l.names, ", "))
	}
}
