package render

import (
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/vars"
)

// Check is Render without the body: it returns the error Render would
// return for values and opts or, on success, the email Render would give
// but with an empty Body and HTML. Nothing that can fail lives in the body (missing
// values, plural numbers, the subject's choice and line breaks are all
// decided before it is built), so a batch's first pass checks every record
// with Check and builds each body only once, when it writes it.
// TestCheckAgreesWithRender holds the two together.
func (p *Prepared) Check(values *vars.Values, opts Options) (*Email, error) {
	r, subject, err := p.resolve(values, opts)
	if err != nil {
		return nil, err
	}
	r.markBody(p.body)
	if p.html != nil {
		r.markBody(p.html)
	}
	return r.email(subject, "", ""), nil
}

// markBody marks used what body would: every set variable on a line that
// is kept, that is a line with no optional variable left without a value.
func (r *resolver) markBody(toks []tok) {
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i].Kind != placeholder.Newline {
			continue
		}
		line := toks[start:i]
		start = i + 1
		if r.firstUnset(line) != "" {
			continue
		}
		for _, t := range line {
			if t.slot >= 0 && r.state[t.slot] == set {
				r.used[t.slot] = true
			}
		}
	}
}
