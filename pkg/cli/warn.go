package cli

import (
	"fmt"
	"strings"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
)

// warnf prints one "templ: warning:" line on stderr; the exit code is
// unchanged.
func (g *globalOptions) warnf(format string, args ...any) {
	fmt.Fprintf(g.io.Err, "templ: warning: %s\n", printable.Line(fmt.Sprintf(format, args...)))
}

// warnUnknownVars warns about each --var KEY that matches no variable the
// template (or an address or --filename pattern) uses, naming the closest.
// Context files and data columns may hold extra keys: one context fills
// any template.
func (o *renderOptions) warnUnknownVars(p *render.Prepared) {
	known := map[string]string{} // folded key -> name as the template writes it
	var keys []string
	add := func(name string, suggest bool) {
		key := placeholder.Key(name)
		if _, ok := known[key]; ok {
			return
		}
		known[key] = name
		if suggest {
			keys = append(keys, key)
		}
	}
	for _, v := range p.Vars() {
		add(v.Name, true)
	}
	for _, v := range p.Template().Vars { // declared for another language
		add(v.Name, true)
	}
	patterns := append(append(append([]string{o.addr.from, o.addr.replyTo, o.batch.filename}, o.addr.to...), o.addr.cc...), o.addr.bcc...)
	for _, pat := range append(patterns, o.attach...) {
		for _, tok := range placeholder.Lex(pat) {
			if tok.Kind == placeholder.Placeholder {
				add(tok.Value, false)
			}
		}
	}
	for _, kv := range o.vars {
		name, _, _ := strings.Cut(kv, "=")
		name = strings.TrimSpace(name)
		if _, ok := known[placeholder.Key(name)]; ok {
			continue
		}
		id := p.Template().ID
		if near := template.Nearest(placeholder.Key(name), keys); len(near) > 0 {
			o.warnf("--var %s matches no variable of %s; did you mean %s?", name, id, known[near[0]])
		} else {
			o.warnf("--var %s matches no variable of %s; see 'templ show %s'", name, id, id)
		}
	}
}

// warnNoFrom warns once per run about an eml or mbox without From, which
// many mail programs refuse or fill in oddly; config from: silences it.
func (o *renderOptions) warnNoFrom(a *email.Addresses) {
	if o.outFormat.HasSender() && a.From == "" {
		o.warnf("no From address; set --from or from: in the config")
	}
}

// warnLeft lists the placeholders --keep-missing left in the email.
func (o *renderOptions) warnLeft(m *email.Message) {
	if n := len(m.Left); n > 0 {
		o.warnf("left %s unfilled: %s", plural.Count(n, "placeholder"), strings.Join(m.Left, ", "))
	}
}
