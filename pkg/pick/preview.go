package pick

import (
	"errors"
	"strings"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// Marks around a missing placeholder in a preview. They are private-use
// runes, which no template or value is expected to hold; the view turns
// them into a style.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// preview is the email as it would render now.
type preview struct {
	// subject and body are for the screen: missing required variables show
	// as marked [Name], control characters as visible does.
	subject, body string
	// missing names every required variable without a value, as render
	// reports them: the declared ones in order, then undeclared placeholders.
	missing []string
	err     error         // a render error other than a missing variable
	email   *render.Email // the finished email, when nothing is missing
}

// renderPreview renders p with vals. When required variables are missing,
// it renders again with each filled by its own marked placeholder, so the
// preview shows exactly where the value will go.
func renderPreview(p *render.Prepared, vals *vars.Values) preview {
	e, err := p.Render(vals, render.Options{})
	if err == nil {
		return preview{subject: line(e.Subject), body: visible(e.Body, true), email: e}
	}
	var me *render.MissingError
	if !errors.As(err, &me) {
		return preview{err: err}
	}
	pv := preview{}
	marked := &vars.Values{}
	marked.SetAll(vals)
	for _, m := range me.Missing {
		pv.missing = append(pv.missing, m.Name)
		marked.Set(m.Name, markOpen+"["+m.Name+"]"+markClose)
	}
	e, err = p.Render(marked, render.Options{})
	if err != nil {
		// A rule that refuses the mark itself (a plural form wants a
		// number): show the placeholders as written, unmarked.
		if e, err = p.Render(vals, render.Options{KeepMissing: true}); err != nil {
			pv.err = err
			return pv
		}
	}
	pv.subject, pv.body = line(e.Subject), visible(e.Body, true)
	return pv
}

// unmark removes the marks, for a plain-text view of a preview.
func unmark(s string) string {
	if !strings.Contains(s, markOpen) {
		return s
	}
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}
