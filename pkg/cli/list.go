package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

type listOptions struct {
	*globalOptions
	category string
	lang     string
	json     bool
}

func newListCmd(g *globalOptions) *cobra.Command {
	o := &listOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list [--category CATEGORY] [--lang LANG] [--json]",
		Short: "List the templates: id, category, title, languages, source",
		Long: `List shows every template templ can see: the built-in catalogue, your own
templates ($XDG_CONFIG_HOME/templ/templates), TEMPL_PATH and --templates.
Titles are in the chosen language. --lang also keeps only the templates that
have that language.`,
		Example: `  templ list
  templ list refund
  templ list --category cancellation --lang bg
  templ list --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listRun(o) },
	}
	cmd.Flags().StringVar(&o.category, "category", "", "only templates of `CATEGORY` (refund, cancellation, …)")
	cmd.Flags().StringVar(&o.lang, "lang", "", "titles in `LANG`, and only templates that have it")
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON instead of a table")
	return cmd
}

type listEntry struct {
	ID        string   `json:"id"`
	Category  string   `json:"category"`
	Title     string   `json:"title"`
	Languages []string `json:"languages"`
	Source    string   `json:"source"`
	Path      string   `json:"path"`
}

func listRun(o *listOptions) error {
	cfg, catalog, err := o.setup()
	if err != nil {
		return err
	}
	lang := language(o.lang, o.io.Getenv, cfg)
	all, errs := catalog.All()
	// A broken file must not hide the others: warn, list the rest.
	for _, err := range errs {
		fmt.Fprintf(o.io.Err, "templ: warning: skipped %s\n", oneLine(err.Error()))
	}
	entries := []listEntry{}
	for _, t := range all {
		if o.category != "" && t.Category != o.category {
			continue
		}
		loc := t.Locale(lang)
		if loc == nil {
			if o.lang != "" {
				continue
			}
			loc = t.Locales[0]
		}
		entries = append(entries, listEntry{ID: t.ID, Category: t.Category, Title: loc.Title, Languages: t.Langs(), Source: t.Source, Path: t.Path})
	}
	var buf bytes.Buffer
	if o.json {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(entries); err != nil {
			return workError(err)
		}
	} else {
		tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCATEGORY\tTITLE\tLANGUAGES\tSOURCE")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Category, e.Title, strings.Join(e.Languages, ","), e.Source)
		}
		tw.Flush()
	}
	return writeOut(o.io.Out, buf.Bytes())
}
