package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

var errNoTerminal = inputErrorf("-i needs a terminal to ask on; give the values with --name, --var or --context instead")

// promptMissing asks on the terminal for every variable that has no value
// yet, in the order the template declares them (then any undeclared
// placeholder), showing its description and default. Enter keeps a default
// or leaves an optional variable out; a required one is asked again.
func promptMissing(ctx context.Context, stdio *IO, t *template.Template, lang string, vals *vars.Values) error {
	if !stdio.InIsTerminal {
		return errNoTerminal
	}
	in := bufio.NewReader(data.ContextReader(ctx, stdio.In))
	for _, q := range questions(t, lang, vals) {
		for {
			fmt.Fprintf(stdio.Err, "%s%s: ", q.name, q.hint)
			line, err := in.ReadString('\n')
			answer := strings.TrimRight(line, "\r\n")
			if err != nil && (answer == "" || !errors.Is(err, io.EOF)) {
				fmt.Fprintln(stdio.Err)
				return inputErrorf("-i: input ended before %s was given", q.name)
			}
			if answer == "" && q.required {
				fmt.Fprintf(stdio.Err, "  %s is required.\n", q.name)
				continue
			}
			vals.Set(q.name, answer)
			break
		}
	}
	return nil
}

type question struct {
	name, hint string
	required   bool
}

func questions(t *template.Template, lang string, vals *vars.Values) []question {
	var qs []question
	asked := map[string]bool{}
	for _, v := range t.Vars {
		asked[v.Key] = true
		if _, ok := vals.GetKey(v.Key); ok {
			continue
		}
		var notes []string
		if v.Description != "" {
			notes = append(notes, v.Description)
		}
		d, hasDefault := v.Default(lang)
		switch {
		case hasDefault:
			notes = append(notes, fmt.Sprintf("Enter for %q", d))
		case v.Optional:
			notes = append(notes, "optional, Enter to leave out")
		}
		hint := ""
		if len(notes) > 0 {
			hint = " (" + strings.Join(notes, "; ") + ")"
		}
		qs = append(qs, question{name: v.Name, hint: hint, required: !hasDefault && !v.Optional})
	}
	// An undeclared placeholder acts as required, so it is asked for too.
	if loc := t.Locale(lang); loc != nil {
		texts := append([]template.Text{loc.Body}, loc.Subjects...)
		for _, txt := range texts {
			for _, tok := range placeholder.Lex(txt.Src) {
				key := placeholder.Key(tok.Value)
				if tok.Kind != placeholder.Placeholder || asked[key] {
					continue
				}
				asked[key] = true
				if _, ok := vals.GetKey(key); !ok {
					qs = append(qs, question{name: tok.Value, required: true})
				}
			}
		}
	}
	return qs
}
