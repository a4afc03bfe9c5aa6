package cli

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
)

type showOptions struct {
	*globalOptions
	id   string
	lang string
}

func newShowCmd(g *globalOptions) *cobra.Command {
	o := &showOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "show ID [--lang L]",
		Short: "Show a template: title, variables, subjects and raw body",
		Args:  needID("refund-reject"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			return showRun(o)
		},
	}
	cmd.Flags().StringVar(&o.lang, "lang", "", "show this `LANG`uage (default $TEMPL_LANG, the config's lang, then en)")
	return cmd
}

func showRun(o *showOptions) error {
	cfg, catalog, err := o.setup()
	if err != nil {
		return err
	}
	t, err := loadTemplate(catalog, o.id)
	if err != nil {
		return err
	}
	lang := language(o.lang, o.io.Getenv, cfg)
	loc := t.Locale(lang)
	if loc == nil {
		return inputError(&render.LangError{ID: t.ID, Lang: lang, Have: t.Langs()})
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (%s): %s\n", t.ID, lang, loc.Title)
	fmt.Fprintf(&b, "category:  %s\n", t.Category)
	if len(t.Tags) > 0 {
		fmt.Fprintf(&b, "tags:      %s\n", strings.Join(t.Tags, ", "))
	}
	fmt.Fprintf(&b, "languages: %s\n", strings.Join(t.Langs(), ", "))
	fmt.Fprintf(&b, "source:    %s (%s)\n", t.Source, t.Path)
	b.WriteString("\nvariables:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, v := range t.Vars {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", v.Name, varKind(v, lang), render.FlagFor(v.Name), v.Description)
	}
	tw.Flush()
	b.WriteString("\nsubjects:\n")
	for i, s := range loc.Subjects {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, s.Src)
	}
	b.WriteString("\nbody:\n")
	b.WriteString(loc.Body.Src)
	if !strings.HasSuffix(loc.Body.Src, "\n") {
		b.WriteByte('\n')
	}
	return writeOut(o.io.Out, b.Bytes())
}

// varKind says in a word or two how a variable gets its value in lang.
func varKind(v *template.Var, lang string) string {
	if d, ok := v.Default(lang); ok {
		return "default " + strconv.Quote(d)
	}
	if v.Optional {
		return "optional"
	}
	return "required"
}
