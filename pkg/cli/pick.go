package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/clipboard"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/pick"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
)

// Exit code of a pick left with Esc or Ctrl-C, as fzf and shells use.
const exitCancelled = 130

// pickOptions holds pick's flag values. The flags that set values and
// addresses are render's, bound to a renderOptions so both commands read
// them the same way.
type pickOptions struct {
	r         *renderOptions
	words     []string
	noHistory bool
}

var errPickNoTerminal = inputErrorf("pick needs a terminal to draw on; without one, render by id with 'templ render ID' (ids: 'templ list')")

func newPickCmd(g *globalOptions) *cobra.Command {
	o := &pickOptions{r: &renderOptions{globalOptions: g}}
	cmd := &cobra.Command{
		Use:   "pick [WORD...]",
		Short: "Find a template, fill it in and copy the email, on the terminal",
		Long: `Pick opens a full-screen picker on the terminal: type to filter the templates
(by id, title, category, tags, subjects and body), see the email as it would
render now, press Enter to fill in its variables, then Enter again to copy the
body to the clipboard. The help line names the other actions: copy subject and
body, print to stdout (the picker itself draws on the terminal, so
'templ pick | cmd' gets only the email), open as mailto, write an .eml file.

Values already known (config vars, --context, --name, --var, ...) are filled
in. Pick remembers the templates you used last and the last value of each
variable in $XDG_STATE_HOME/templ/history.json (~/.local/state/templ); a
remembered value is only offered (→ fills it in). --no-history neither reads
nor writes that file; delete it to forget.`,
		Example: `  templ pick
  templ pick refund --name Ivan
  templ pick --lang bg | tee reply.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.words = args
			return pickRun(o)
		},
	}
	f := cmd.Flags()
	r := o.r
	// Value names in backticks, as render's: --lang LANG, --name NAME.
	f.StringVar(&r.lang, "lang", "", "the language `LANG` to start in, such as en or bg (Tab switches; default $TEMPL_LANG, the config's lang, then en)")
	f.StringVar(&r.name, "name", "", "the customer's first `NAME` (sets Name)")
	f.StringVar(&r.product, "product", "", "the `PRODUCT` or service (sets Product)")
	f.StringVar(&r.brand, "brand", "", "the company's `BRAND` name (sets Brand)")
	stringListVarP(f, &r.vars, "var", "", "set a variable, as `KEY=VALUE` (repeatable)")
	stringListVarP(f, &r.contexts, "context", "c", "read variables from a YAML or JSON `FILE` (repeatable)")
	f.BoolVar(&o.noHistory, "no-history", false, "neither read nor write the picker's history file")
	r.addr.bind(cmd)
	return cmd
}

func pickRun(o *pickOptions) error {
	stdio := o.r.io
	if !stdio.InIsTerminal {
		return errPickNoTerminal
	}
	o.r.catchInterrupts()                   // the terminal must be restored
	if slices.Contains(o.r.contexts, "-") { // before any I/O
		return inputErrorf("--context -: the picker reads keys from the terminal; give the context as a file")
	}
	opts, comp, err := o.options()
	if err != nil {
		return err
	}
	var hist *pick.History
	histFile := pick.HistoryFile(stdio.Getenv)
	if !o.noHistory && histFile != "" {
		var herr error
		if hist, herr = pick.LoadHistory(histFile); herr != nil {
			o.r.warnf("%v", herr)
			opts.Warnings = append(opts.Warnings, herr.Error())
		}
		opts.History = hist
	}

	res, err := runPicker(o.r.ctx, stdio, opts)
	if err != nil {
		return err
	}
	if res.Interrupted || res.Action == pick.Cancel {
		return &exitError{code: exitCancelled, err: errAlreadyReported}
	}
	if err := o.carryOut(res, comp); err != nil {
		return err
	}
	if hist != nil {
		if err := pick.RecordPick(histFile, res); err != nil {
			o.r.warnf("%v", err)
		}
	}
	return nil
}

// options gathers the catalogue, the language and the known values, and
// the composer that turns the picked email into bytes as render does.
func (o *pickOptions) options() (pick.Options, *email.Composer, error) {
	r := o.r
	cfg, catalog, err := r.setup()
	if err != nil {
		return pick.Options{}, nil, err
	}
	templates, errs := catalog.All()
	var warnings []string
	for _, e := range errs {
		r.warnf("%v", e)
		warnings = append(warnings, e.Error())
	}
	choice := language(r.lang, r.io.Getenv, cfg)
	lang := choice.Lang
	if err := checkLang(templates, choice); err != nil {
		return pick.Options{}, nil, err
	}
	layers, err := r.layers(cfg.VarsFor(lang))
	if err != nil {
		return pick.Options{}, nil, err
	}
	comp := &email.Composer{
		Addresses: r.addr.addresses(cfg.From),
		Clock:     r.clock(),
	}
	opts := pick.Options{Templates: templates, Lang: lang, Known: layers.Values(), Query: strings.Join(o.words, " "),
		Unavailable: func(a pick.Action) error { return unavailable(r.io, a) }, Warnings: warnings}
	return opts, comp, nil
}

// unavailable says why the picker's action a cannot work here, before the
// picker closes: a copy with no clipboard, mailto with no desktop.
func unavailable(stdio *IO, a pick.Action) error {
	switch a {
	case pick.CopyBody, pick.CopyText:
		return clipboard.Check(stdio.Getenv)
	case pick.Mailto:
		if why := noDesktop(stdio); why != "" {
			return errors.New("no desktop to open the mailto URL in (" + why + ")")
		}
	}
	return nil
}

// checkLang refuses a language no template has, saying where it came from.
func checkLang(templates []*template.Template, choice langChoice) error {
	if len(templates) == 0 {
		return inputErrorf("no templates to pick from; check --templates and TEMPL_PATH")
	}
	var langs []string
	for _, t := range templates {
		for _, l := range t.Langs() {
			if l == choice.Lang {
				return nil
			}
			if !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	slices.Sort(langs)
	return choice.unknown(langs)
}

// runPicker draws on the controlling terminal, /dev/tty, so that stdout
// stays free for the email; without one, on stderr if that is a terminal.
// Ctrl-C in the picker is a key; SIGINT, SIGTERM or SIGHUP from outside
// cancel ctx, which ends the pick, and Main exits with the signal's code.
func runPicker(ctx context.Context, stdio *IO, opts pick.Options) (pick.Result, error) {
	term := pick.Terminal{In: stdio.In, Out: stdio.Err, Env: stdio.Environ()}
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		defer tty.Close()
		term.In, term.Out = tty, tty
	} else if !stdio.ErrIsTerminal {
		return pick.Result{}, errPickNoTerminal
	}
	res, err := pick.Run(ctx, term, opts)
	if err != nil {
		return res, workError(fmt.Errorf("pick: %v", err))
	}
	return res, nil
}

// actionFormats are the formats the picker's actions write, as render's
// -f would.
var actionFormats = map[pick.Action]email.Format{
	pick.CopyBody: email.Body,
	pick.CopyText: email.Text,
	pick.Print:    email.Text,
	pick.Mailto:   email.Mailto,
	pick.EML:      email.EML,
}

// carryOut does what the user chose in the picker. The email goes through
// the same composer as templ render's, from the values the picker ended
// with, so the bytes are those `templ render` would give.
func (o *pickOptions) carryOut(res pick.Result, comp *email.Composer) error {
	stdio := o.r.io
	prepared, err := render.Prepare(res.Template, res.Email.Lang)
	if err != nil {
		return inputError(err)
	}
	comp.Prepared, comp.Format = prepared, actionFormats[res.Action]
	var buf bytes.Buffer
	m, err := comp.Compose(res.Values, &buf)
	if err != nil {
		return renderError(err)
	}
	switch res.Action {
	case pick.CopyBody, pick.CopyText:
		err := copyToClipboard(stdio, buf.String(), comp.Format, m)
		return printInstead(stdio, err, buf.Bytes(), "the email is printed on stdout instead; copy it from there")
	case pick.Print:
		return writeEmail(stdio, buf.Bytes())
	case pick.Mailto:
		err := openURL(stdio, strings.TrimSpace(buf.String()))
		return printInstead(stdio, err, buf.Bytes(), "the mailto URL is printed on stdout instead")
	}
	name, err := writeNewFile(m.ID, buf.Bytes())
	if err != nil {
		return printInstead(stdio, workError(err), buf.Bytes(), "the eml message is printed on stdout instead")
	}
	fmt.Fprintf(stdio.Err, "templ: wrote %s (%s, %q)\n", name, m.Lang, m.Subject)
	return nil
}

// printInstead prints data when the action that was to take it failed
// (a clipboard tool, a mail client): the picker is gone, and with it what
// was typed, so the email must not be lost. err keeps its exit code.
func printInstead(stdio *IO, err error, data []byte, hint string) error {
	if err == nil || writeOut(stdio.Out, data) != nil {
		return err
	}
	return withHint(err, hint)
}

// writeNewFile writes an eml into the current directory as ID.eml, or
// ID-2.eml and so on: an agent answering several tickets with one template
// never replaces an earlier file.
func writeNewFile(id string, data []byte) (string, error) {
	for n := 1; n <= 1000; n++ {
		name := id + ".eml"
		if n > 1 {
			name = id + "-" + strconv.Itoa(n) + ".eml"
		}
		err := atomicfile.WriteFile(name, data, false)
		if !errors.Is(err, atomicfile.ErrExists) {
			return name, err
		}
	}
	return "", fmt.Errorf("%s.eml: a thousand files of that name exist here; move them away", id)
}
