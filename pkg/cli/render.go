package cli

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/output"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// renderOptions holds render's flag values.
type renderOptions struct {
	*globalOptions
	id          string
	lang        string
	format      string
	name        string
	product     string
	brand       string
	vars        []string
	contexts    []string
	subject     int
	out         string
	force       bool
	copy        bool
	keepMissing bool
	interactive bool
	attach      []string
	open        bool
	addr        addressFlags
	batch       batchOptions

	outFormat output.Format
	stdinUsed bool // --context - or --data - has read stdin
}

func newRenderCmd(g *globalOptions) *cobra.Command {
	o := &renderOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "render ID [flags]",
		Short: "Fill in a template and output the email",
		Long: `Render fills in template ID with the customer's details and prints the email,
writes it to a file (--out), or puts it on the clipboard (--copy).

Variables come from, later winning: the template's defaults, the config file's
vars, each --context file in order, then --name, --product, --brand and --var.`,
		Example: `  templ render refund-reject --name Ivan
  templ render refund-reject --name Ivan --lang bg --copy
  templ render refund-accept -c order.yaml -f eml --to ivan@example.com | sendmail -t`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			return renderRun(o, cmd)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "lang", "", "language of the email, such as `en` or bg (default $TEMPL_LANG, the config's lang, then en)")
	f.StringVarP(&o.format, "format", "f", "text", "output `format`: text, body, subject, eml, json, mailto, mbox, jsonl")
	f.StringVar(&o.name, "name", "", "the customer's first name (sets Name)")
	f.StringVar(&o.product, "product", "", "the product or service (sets Product)")
	f.StringVar(&o.brand, "brand", "", "the company name (sets Brand)")
	stringListVarP(f, &o.vars, "var", "", "set a variable, as `KEY=VALUE` (repeatable)")
	stringListVarP(f, &o.contexts, "context", "c", "read variables from a YAML or JSON `FILE` (repeatable; - reads stdin)")
	f.IntVar(&o.subject, "subject", 0, "use the `N`th subject line instead of the first usable one")
	f.StringVarP(&o.out, "out", "o", "", "write to `FILE` (atomically) instead of stdout")
	f.BoolVar(&o.force, "force", false, "let --out replace an existing file")
	f.BoolVar(&o.copy, "copy", false, "put the email on the clipboard instead of printing it")
	f.BoolVar(&o.keepMissing, "keep-missing", false, "leave missing placeholders in place instead of failing")
	f.BoolVarP(&o.interactive, "interactive", "i", false, "ask on the terminal for each variable without a value")
	stringListVarP(f, &o.attach, "attach", "", "attach `FILE` to an eml message (repeatable)")
	f.BoolVar(&o.open, "open", false, "with -f mailto, open the URL in the desktop's mail client")
	o.addr.bind(cmd)
	o.batch.bind(cmd)
	return cmd
}

// baseValues gathers the variables below a batch record: the config's
// vars, then each context file in order.
func (o *renderOptions) baseValues(cfgVars *vars.Values) (*vars.Values, error) {
	vals := &vars.Values{}
	vals.SetAll(cfgVars)
	for _, path := range o.contexts {
		if path == "-" {
			if o.stdinUsed {
				return nil, inputErrorf("--context -: %v", errStdinTwice)
			}
			o.stdinUsed = true
		}
		data, err := o.readInput("--context", path)
		if err != nil {
			return nil, err
		}
		name := path
		if path == "-" {
			name = "<stdin>"
		}
		ctx, err := vars.ParseContext(name, data)
		if err != nil {
			return nil, inputError(err)
		}
		vals.SetAll(ctx)
	}
	return vals, nil
}

// flagValues are the variables set by flags; they win over everything.
func (o *renderOptions) flagValues() (*vars.Values, error) {
	vals := &vars.Values{}
	for _, f := range []struct{ flag, name, value string }{
		{"--name", "Name", o.name}, {"--product", "Product", o.product}, {"--brand", "Brand", o.brand},
	} {
		if !utf8.ValidString(f.value) {
			return nil, inputErrorf("%s: not UTF-8 text", f.flag)
		}
		vals.Set(f.name, f.value)
	}
	for _, kv := range o.vars {
		if !utf8.ValidString(kv) {
			return nil, inputErrorf("--var: not UTF-8 text")
		}
		key, value, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(key) == "" {
			return nil, inputErrorf("--var %q: write it as KEY=VALUE, such as --var \"Policy URL=https://example.com/refunds\"", kv)
		}
		vals.Set(strings.TrimSpace(key), value)
	}
	return vals, nil
}

// checkFlags refuses flag combinations before any I/O.
func (o *renderOptions) checkFlags(cmd *cobra.Command) error {
	if o.batch.data != "" {
		o.batch.resolveFormat(o, cmd.Flags().Changed("format"))
	}
	format, err := output.Parse(o.format)
	if err != nil {
		return inputErrorf("--format: %v", err)
	}
	o.outFormat = format
	switch {
	case countTrue(o.copy, o.out != "", o.open) > 1:
		return inputErrorf("--copy, --out and --open each say where the email goes; use one")
	case o.force && o.out == "" && o.batch.outDir == "":
		return inputErrorf("--force only applies with --out FILE or --out-dir DIR")
	case o.subject < 0:
		return inputErrorf("--subject %d: subject lines count from 1", o.subject)
	case !format.NeedsMessage() && o.addr.any():
		return inputErrorf("--to, --cc, --bcc, --from and --reply-to apply only to -f eml, mbox and mailto, not %s", format)
	case len(o.attach) > 0 && format != output.EML:
		return inputErrorf("--attach applies only to -f eml, not %s", format)
	case o.open && format != output.Mailto:
		return inputErrorf("--open applies only to -f mailto")
	}
	if o.batch.data == "" {
		return o.batch.refuseWithoutData()
	}
	return o.batch.validate(o)
}

func countTrue(conds ...bool) int {
	n := 0
	for _, c := range conds {
		if c {
			n++
		}
	}
	return n
}

// encoder turns one set of values into the output bytes. Single renders
// and every record of a batch go through it.
type encoder struct {
	o        *renderOptions
	prepared *render.Prepared
	cfgFrom  string
	attach   []email.Attachment
}

func (enc *encoder) encode(vals *vars.Values, buf *bytes.Buffer) (*render.Email, error) {
	o := enc.o
	e, err := enc.prepared.Render(vals, render.Options{Subject: o.subject, KeepMissing: o.keepMissing})
	if err != nil {
		return nil, renderError(err)
	}
	var msg *email.Message
	if o.outFormat.NeedsMessage() {
		if msg, err = o.addr.message(e, vals, enc.cfgFrom); err != nil {
			return nil, err
		}
		msg.Attachments = enc.attach
	}
	if err := output.Encode(buf, o.outFormat, e, msg); err != nil {
		return nil, workError(err)
	}
	return e, nil
}

func renderRun(o *renderOptions, cmd *cobra.Command) error {
	if err := o.checkFlags(cmd); err != nil {
		return err
	}
	if o.interactive && !o.io.InIsTerminal { // before any I/O
		return errNoTerminal
	}
	attach, err := loadAttachments(o.attach)
	if err != nil {
		return err
	}
	cfg, catalog, err := o.setup()
	if err != nil {
		return err
	}
	t, err := loadTemplate(catalog, o.id)
	if err != nil {
		return err
	}
	lang := language(o.lang, cfg)
	prepared, err := render.Prepare(t, lang)
	if err != nil {
		return inputError(err)
	}
	base, err := o.baseValues(cfg.Vars)
	if err != nil {
		return err
	}
	flags, err := o.flagValues()
	if err != nil {
		return err
	}
	enc := &encoder{o: o, prepared: prepared, cfgFrom: cfg.From, attach: attach}
	if o.batch.data != "" {
		return batchRun(o, enc, base, flags)
	}

	vals := base
	vals.SetAll(flags)
	if o.interactive {
		if err := promptMissing(o.io, t, lang, vals); err != nil {
			return err
		}
	}
	// The whole email is built in memory first, so nothing reaches stdout or
	// a file unless the render succeeded.
	var buf bytes.Buffer
	e, err := enc.encode(vals, &buf)
	if err != nil {
		return err
	}
	switch {
	case o.copy:
		return copyToClipboard(o.io, buf.String(), e)
	case o.open:
		return openURL(o.io, strings.TrimSpace(buf.String()))
	case o.out != "":
		if isSpecialFile(o.out) { // -o /dev/null: write the device, never replace it
			return writeSpecialFile(o.out, buf.Bytes())
		}
		if err := atomicfile.WriteFile(o.out, buf.Bytes(), o.force); err != nil {
			return workError(err)
		}
		return nil
	}
	if _, err := o.io.Out.Write(buf.Bytes()); err != nil {
		return workError(fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// renderError maps the render package's errors to exit codes and hints.
func renderError(err error) error {
	switch e := err.(type) {
	case *render.MissingError:
		return withHint(inputError(e), "set each with the flag shown, use -i to be asked, or pass --keep-missing to leave the placeholders in place")
	case *render.LangError, *render.SubjectError, *render.HeaderError, *render.NumberError, *render.FormsError:
		return inputError(err)
	}
	return workError(err)
}
