package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

var errNoTerminal = inputErrorf("-i needs a terminal to ask on; give the values with --name, --var or --context instead")

// promptMissing asks on the terminal for every variable that has no value
// yet: the required ones first, then those with a default or that are
// optional, each group in the order the template declares them, showing its
// description and default. Enter keeps a default or skips an optional
// variable; a required one is asked again.
//
// The terminal is put in raw mode and read through x/term's line editor, so
// arrows, Home/End, Ctrl-U and history edit the line as the user sees it,
// instead of landing in the email as escape codes.
func promptMissing(ctx context.Context, stdio *IO, p *render.Prepared, vals *vars.Values) error {
	if !stdio.InIsTerminal {
		return errNoTerminal
	}
	qs := questions(p, vals)
	if len(qs) == 0 {
		return nil
	}
	f, ok := stdio.In.(*os.File)
	if !ok {
		return errNoTerminal
	}
	fd := int(f.Fd())
	saved, err := term.MakeRaw(fd)
	if err != nil {
		return workError(fmt.Errorf("-i: setting up the terminal: %v", err))
	}
	in := &ctrlCWatch{r: data.ContextReader(ctx, f)}
	// In raw mode the line editor echoes what is typed; with stderr
	// redirected, it echoes on the terminal it reads from.
	var echo io.Writer = stdio.Err
	if !stdio.ErrIsTerminal {
		echo = f
	}
	tm := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, echo}, "")
	if w, h, err := term.GetSize(fd); err == nil && w > 0 && h > 0 { // a pty may report 0x0
		tm.SetSize(w, h)
	}
	unanswered, err := ask(tm, qs, vals)
	if rerr := term.Restore(fd, saved); rerr != nil && err == nil {
		err = rerr
	}
	switch {
	case in.seen:
		fmt.Fprintln(stdio.Err)
		return &exitError{code: 130, err: errors.New("-i: interrupted; nothing was written")}
	case errors.Is(err, io.EOF):
		fmt.Fprintln(stdio.Err)
		return inputErrorf("-i: input ended before %s was given", unanswered)
	case err != nil:
		return workError(fmt.Errorf("-i: reading the terminal: %v", err))
	}
	return nil
}

// ask puts each question to tm; on an error it returns the name it was
// asking for.
func ask(tm *term.Terminal, qs []question, vals *vars.Values) (string, error) {
	for _, q := range qs {
		tm.SetPrompt(q.name + q.hint + ": ")
		for {
			answer, err := tm.ReadLine()
			if err != nil {
				return q.name, err
			}
			if answer == "" && q.required {
				fmt.Fprintf(tm, "  %s is required.\n", q.name)
				continue
			}
			vals.Set(q.name, answer)
			break
		}
	}
	return "", nil
}

// ctrlCWatch notes a Ctrl-C typed in raw mode, where it raises no SIGINT
// and the line editor reports it as the end of input.
type ctrlCWatch struct {
	r    io.Reader
	seen bool
}

// Read passes on what came before a Ctrl-C, then reports the end of input.
func (w *ctrlCWatch) Read(p []byte) (int, error) {
	if w.seen {
		return 0, io.EOF
	}
	n, err := w.r.Read(p)
	if i := bytes.IndexByte(p[:n], 3); i >= 0 {
		w.seen = true
		if i == 0 {
			return 0, io.EOF
		}
		return i, nil
	}
	return n, err
}

type question struct {
	name, hint string
	required   bool
}

// questions lists what -i asks for: the variables this language uses and
// that have no value yet, required ones first, then the rest, each in
// declaration order (render.Prepared.Vars, the one answer to what a render
// needs).
func questions(p *render.Prepared, vals *vars.Values) []question {
	var required, rest []question
	for _, v := range p.Vars() {
		if !v.Used {
			continue
		}
		if _, ok := vals.Get(v.Name); ok {
			continue
		}
		var notes []string
		if v.Description != "" {
			notes = append(notes, printable.Line(v.Description))
		}
		switch v.State {
		case render.Default:
			notes = append(notes, fmt.Sprintf("Enter for %q", v.Default))
		case render.Optional:
			notes = append(notes, "optional, Enter to skip")
		}
		hint := ""
		if len(notes) > 0 {
			hint = " (" + strings.Join(notes, "; ") + ")"
		}
		q := question{name: v.Name, hint: hint, required: v.State == render.Required}
		if q.required {
			required = append(required, q)
		} else {
			rest = append(rest, q)
		}
	}
	return append(required, rest...)
}
