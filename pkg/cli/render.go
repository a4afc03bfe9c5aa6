package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/send"
	"github.com/templ-mail/templ/pkg/template"
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
	html        bool
	send        sendOptions

	outFormat email.Format
}

func newRenderCmd(g *globalOptions) *cobra.Command {
	o := &renderOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "render ID [flags]",
		Short: "Fill in a template and output the email",
		Long: `Render fills in template ID with the customer's details and prints the email,
writes it to a file (--out), or puts it on the clipboard (--copy).

Variables come from, later winning: the template's defaults, the config file's
vars, each --context file in order, then --name, --product, --brand and --var.

With --data FILE it renders one email per record (columns are variables).
Placeholders work in every address flag and in --filename, such as
--to '[Name] <[Email]>'. Without --to, records with an Email field are sent
to it (Name is the display name); a Lang field picks a record's language.
--exec CMD pipes each message to sh -c CMD with TEMPL_RECORD set to the
record's number; --start N resumes after a failure.

--send delivers over SMTP (the config's smtp:; the password comes from
TEMPL_SMTP_PASSWORD or smtp.password_command) once every record has passed
its check; --log FILE keeps how each record went, and --resume FILE sends
only what it does not show as sent. --html adds an HTML part to eml and
mbox.`,
		Example: `  # One email: print it, or copy its body for a help desk's reply box
  templ render refund-reject --name Ivan --var Reason="the 30 days have passed"
  templ render refund-reject --name "Иван Петров" --var Reason="срокът от 30 дни изтече" --lang bg --copy

  # Hand it to a mail program, or open it in the desktop's mail client
  templ render refund-accept -c order.yaml -f eml --to ivan@example.com | sendmail -t
  templ render refund-accept -c order.yaml -f mailto --to ivan@example.com --open

  # A batch: one email per record of customers.csv (its header row names the variables)
  templ render refund-reject --data customers.csv -f mbox -o out.mbox
  templ render refund-reject --data customers.csv --out-dir out --filename "[Order].eml"
  templ render refund-reject --data customers.csv --to "[Name] <[Email]>" --exec "sendmail -t"
  templ render cancel-basic --data customers.csv --exec 'sendmail -t'   # to each record's Email column

  # Send over SMTP at 10 a second, with a log to finish an interrupted run
  templ render refund-reject --data customers.csv --send --rate 10/s --log run.log
  templ render refund-reject --data customers.csv --send --rate 10/s --log run.log --resume run.log`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0 && g.io.InIsTerminal:
				return nil // the picker chooses one
			case len(args) == 0:
				return withHint(needID("refund-reject")(cmd, args), "run 'templ list' to see the IDs; on a terminal, 'templ render' alone opens the picker")
			}
			return needID("refund-reject")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 { // on a terminal: pick one
				return pickRun(&pickOptions{r: o})
			}
			o.id = args[0]
			return renderRun(o, cmd)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "lang", "", "the email's language `LANG`, such as en or bg (default $TEMPL_LANG, the config's lang, then en)")
	f.StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text, body, subject, eml, json, mailto, mbox, jsonl")
	f.StringVar(&o.name, "name", "", "the customer's first `NAME` (sets Name)")
	f.StringVar(&o.product, "product", "", "the `PRODUCT` or service (sets Product)")
	f.StringVar(&o.brand, "brand", "", "the company's `BRAND` name (sets Brand)")
	stringListVarP(f, &o.vars, "var", "", "set a variable, as `KEY=VALUE` such as Order=A-1 (repeatable)")
	stringListVarP(f, &o.contexts, "context", "c", "read variables from a YAML or JSON `FILE` (repeatable; - reads stdin)")
	countVar(f, &o.subject, "subject", "the Nth subject line (see 'templ show ID')", "subject lines", "use the `N`th subject line instead of the first usable one")
	f.StringVarP(&o.out, "out", "o", "", "write to `FILE` (atomically) instead of stdout; never over a file that exists without --force; - is stdout")
	f.BoolVar(&o.force, "force", false, "let --out replace an existing file")
	f.BoolVar(&o.copy, "copy", false, "put the body on the clipboard instead of printing it (with -f, that format)")
	f.BoolVar(&o.keepMissing, "keep-missing", false, "leave missing placeholders in place instead of failing")
	f.BoolVarP(&o.interactive, "interactive", "i", false, "ask on the terminal for each variable without a value: the required ones first, then the rest (Enter keeps the default or skips)")
	stringListVarP(f, &o.attach, "attach", "", "attach the file `PATTERN` names, per record with placeholders as invoices/[Order].pdf (eml, mbox; 25 MiB an email; repeatable)")
	f.BoolVar(&o.open, "open", false, "with -f mailto, open the URL in the desktop's mail client")
	f.BoolVar(&o.html, "html", false, "with -f eml or mbox: add an HTML part made from the body (config html: true)")
	o.addr.bind(cmd)
	o.batch.bind(cmd)
	o.send.bind(cmd)
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		c.Parent().HelpFunc()(c, args)
		if ids := c.Flags().Args(); len(ids) == 1 {
			o.id = ids[0]
			o.helpVars(c.OutOrStdout())
		}
	})
	return cmd
}

// helpVars ends "templ render ID --help" with ID's variables, as show
// lists them.
func (o *renderOptions) helpVars(w io.Writer) {
	var b bytes.Buffer
	cfg, catalog, err := o.setup()
	var prepared *render.Prepared
	if err == nil {
		var t *template.Template
		if t, err = loadTemplate(catalog, o.id); err == nil {
			prepared, err = render.Prepare(t, language(o.lang, o.io.Getenv, cfg).Lang)
		}
	}
	if err != nil {
		fmt.Fprintf(&b, "\nVariables of %s: %v\n", o.id, err)
	} else {
		fmt.Fprintf(&b, "\nVariables of %s (%s):\n", o.id, prepared.Lang())
		writeVars(&b, prepared)
	}
	w.Write(b.Bytes()) // help output, as cobra writes its own
}

// layers are every value but a batch record's: the config's vars (for the
// language), each --context file, then the flags; render and pick alike.
func (o *renderOptions) layers(config *vars.Values) (vars.Layers, error) {
	l := vars.Layers{Config: config}
	var err error
	if l.Contexts, err = o.contextValues(); err != nil {
		return l, err
	}
	l.Flags, err = o.flagValues()
	return l, err
}

// clock stamps Date and Message-ID from the IO's clock, or
// SOURCE_DATE_EPOCH for reproducible output.
func (g *globalOptions) clock() email.Clock {
	return email.Clock{Now: g.io.Now, SourceDateEpoch: g.io.Getenv("SOURCE_DATE_EPOCH")}
}

// contextValues reads each --context file, in order.
func (o *renderOptions) contextValues() ([]*vars.Values, error) {
	var out []*vars.Values
	for _, path := range o.contexts {
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
		out = append(out, ctx)
	}
	return out, nil
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
	explicit := cmd.Flags().Changed("format")
	format, err := email.ParseFormat(copyFormat(o.copy, explicit, o.formatName(explicit)))
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
	case !format.IsMail() && o.addr.any():
		return inputErrorf("--to, --cc, --bcc, --from and --reply-to apply only to -f eml, mbox and mailto, not %s", format)
	case !format.HasSender() && (o.addr.from != "" || o.addr.replyTo != ""):
		return inputErrorf("--from and --reply-to apply only to -f eml and mbox; a %s URL carries only --to, --cc and --bcc", format)
	case len(o.attach) > 0 && format != email.EML && format != email.Mbox:
		return inputErrorf("--attach applies only to -f eml and mbox, not %s", format)
	case o.open && format != email.Mailto:
		return inputErrorf("--open applies only to -f mailto")
	case o.stdinReaders() > 1:
		return inputErrorf("--context -: %v", errStdinTwice)
	case o.html && format != email.EML && format != email.Mbox:
		return inputErrorf("--html applies only to -f eml and mbox, not %s", format)
	}
	if err := o.send.validate(o, cmd); err != nil {
		return err
	}
	if o.batch.data == "" {
		return o.batch.refuseWithoutData()
	}
	return o.batch.validate(o)
}

// stdinReaders counts the flags that read standard input ("-"), which can
// be read only once.
func (o *renderOptions) stdinReaders() int {
	n := 0
	for _, c := range o.contexts {
		if c == "-" {
			n++
		}
	}
	if o.batch.data == "-" {
		n++
	}
	return n
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

func renderRun(o *renderOptions, cmd *cobra.Command) error {
	if err := o.checkFlags(cmd); err != nil {
		return err
	}
	if o.interactive && !o.io.InIsTerminal { // before any I/O
		return errNoTerminal
	}
	// A batch, a file, a terminal in raw mode, the clipboard or SMTP have
	// something to clean up on an interrupt; a render to stdout does not.
	if o.batch.data != "" || o.out != "" || o.interactive || o.send.on || o.copy || o.open {
		o.catchInterrupts()
	}
	if err := checkFixedAttachments(o.attach); err != nil {
		return err
	}
	cfg, prepared, err := o.prepare(o.id, o.lang)
	if err != nil {
		return err
	}
	layers, err := o.layers(cfg.VarsFor(prepared.Lang()))
	if err != nil {
		return err
	}
	o.warnUnknownVars(prepared)
	comp := &email.Composer{
		Prepared:    prepared,
		Render:      render.Options{Subject: o.subject, KeepMissing: o.keepMissing},
		Format:      o.outFormat,
		Addresses:   o.addr.addresses(cfg.From),
		Attachments: email.Attach(o.attach),
		Clock:       o.clock(),
	}
	if comp.HTML, err = o.htmlOptions(cfg); err != nil {
		return err
	}
	var smtp send.Options
	if o.send.on {
		if smtp, err = o.sender(cfg); err != nil {
			return err
		}
	}
	if o.batch.data != "" {
		if err := batchRun(o, comp, layers, cfg.VarsFor, smtp); err != nil {
			return err
		}
		o.warnNoFrom(comp.Addresses)
		return nil
	}
	vals := layers.Values()
	if o.interactive {
		if err := promptMissing(o.ctx, o.io, prepared, vals); err != nil {
			return err
		}
	}
	// The whole email is built in memory first, so nothing reaches stdout or
	// a file unless the render succeeded.
	var buf bytes.Buffer
	m, err := comp.Compose(vals, &buf)
	if err != nil {
		return renderError(err)
	}
	o.warnNoFrom(comp.Addresses)
	o.warnLeft(m)
	if o.send.on {
		return o.sendOne(smtp, buf.Bytes())
	}
	return o.deliver(m, buf.Bytes())
}

// deliver puts one rendered email where the flags say.
func (o *renderOptions) deliver(m *email.Message, out []byte) error {
	switch {
	case o.copy:
		return copyToClipboard(o.io, string(out), o.outFormat, m)
	case o.open:
		return openURL(o.io, strings.TrimSpace(string(out)))
	case o.out != "" && atomicfile.IsSpecial(o.out): // -o /dev/null: write the device, never replace it
		return writeSpecialFile(o.ctx, o.io.Out, o.out, out)
	case o.out != "":
		return workErrorOrNil(atomicfile.WriteFile(o.out, out, o.force))
	}
	return writeEmail(o.io, out)
}

// writeEmail prints an email on stdout. On a terminal it is shown, not
// passed on: a customer's value must not drive the terminal (an OSC 52
// would set the agent's clipboard). Piped or redirected, the bytes stay
// exact.
func writeEmail(stdio *IO, out []byte) error {
	if stdio.OutIsTerminal {
		out = []byte(printable.Screen(string(out)))
	}
	return writeOut(stdio.Out, out)
}

// renderError maps the render package's errors to exit codes and hints.
func renderError(err error) error {
	switch e := err.(type) {
	case *render.MissingError:
		return withHint(inputError(e), "set each with the flag shown, use -i to be asked, or pass --keep-missing to leave the placeholders in place")
	case *render.LangError, *render.SubjectError, *render.HeaderError, *render.NumberError, *render.FormsError, *email.AddressError, *email.LayoutError, *email.AttachmentError:
		return inputError(err)
	}
	return workError(err)
}
