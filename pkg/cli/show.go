package cli

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/render"
)

type showOptions struct {
	*globalOptions
	id   string
	lang string
}

func newShowCmd(g *globalOptions) *cobra.Command {
	o := &showOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "show ID [--lang LANG]",
		Short: "Show a template: title, variables, subjects and raw body",
		Example: `  templ show refund-reject
  templ show refund-reject --lang bg`,
		Args: needID("refund-reject"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			return showRun(o)
		},
	}
	cmd.Flags().StringVar(&o.lang, "lang", "", "show the language `LANG` (default $TEMPL_LANG, the config's lang, then en)")
	return cmd
}

func showRun(o *showOptions) error {
	_, prepared, err := o.prepare(o.id, o.lang)
	if err != nil {
		return err
	}
	t, lang := prepared.Template(), prepared.Lang()
	loc := t.Locale(lang)
	// A user's template may hold escape codes: show them, never run them.
	line := printable.Line
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (%s): %s\n", t.ID, lang, line(loc.Title))
	fmt.Fprintf(&b, "category:  %s\n", line(t.Category))
	if len(t.Tags) > 0 {
		fmt.Fprintf(&b, "tags:      %s\n", line(strings.Join(t.Tags, ", ")))
	}
	fmt.Fprintf(&b, "languages: %s\n", strings.Join(t.Langs(), ", "))
	fmt.Fprintf(&b, "source:    %s (%s)\n", t.Source, line(t.Path))
	b.WriteString("\nvariables:\n")
	writeVars(&b, prepared)
	b.WriteString("\nsubjects:\n")
	for i, s := range loc.Subjects {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, line(s.Src))
	}
	b.WriteString("\nbody:\n")
	b.WriteString(printable.Text(loc.Body.Src))
	if !strings.HasSuffix(loc.Body.Src, "\n") {
		b.WriteByte('\n')
	}
	return writeOut(o.io.Out, b.Bytes())
}

// writeVars lists the variables of a prepared language, one a line: name,
// how it gets its value, the flag that sets it, its description. show and
// render --help print this; render.Prepared.Vars decides what is in it.
func writeVars(w io.Writer, p *render.Prepared) {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, v := range p.Vars() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", v.Name, varKind(v, p.Lang()), render.FlagFor(v.Name), printable.Line(v.Description))
	}
	tw.Flush()
	// A variable without a description would leave the padding at its end.
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if trimmed := strings.TrimRight(line, " \n"); trimmed != "" {
			io.WriteString(w, trimmed+"\n")
		}
	}
}

// varKind says in a word or two how a variable gets its value in lang.
func varKind(v render.Var, lang string) string {
	switch {
	case !v.Used:
		return "unused in " + lang
	case !v.Declared:
		return "required (undeclared)"
	case v.State == render.Default:
		return "default " + strconv.Quote(v.Default)
	}
	return v.State.String()
}
