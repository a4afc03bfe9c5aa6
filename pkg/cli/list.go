package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/template"
)

type listOptions struct {
	*globalOptions
	words    []string
	category string
	lang     string
	json     bool
}

func newListCmd(g *globalOptions) *cobra.Command {
	o := &listOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list [WORD...] [--category CATEGORY] [--lang LANG] [--json]",
		Short: "List the templates: id, category, title, languages, source",
		Long: `List shows every template templ can see: the built-in catalogue, your own
templates ($XDG_CONFIG_HOME/templ/templates), TEMPL_PATH and --templates.
Titles are in the chosen language. --lang also keeps only the templates that
have that language.

WORDs keep the templates whose id, category, tags or title in any language
hold every word, ignoring case. On a terminal, long titles are cut to fit
its width; piped, the table is whole.`,
		Example: `  templ list
  templ list refund
  templ list отказ --lang bg
  templ list --category cancellation --json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.words = args
			return listRun(o)
		},
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
	choice := language(o.lang, o.io.Getenv, cfg)
	all, errs := catalog.All()
	// A broken file must not hide the others: warn, list the rest.
	for _, err := range errs {
		o.warnf("skipped %s", oneLine(err.Error()))
	}
	if err := checkFilters(all, o.category, choice); err != nil {
		return err
	}
	entries := []listEntry{}
	for _, t := range all {
		if o.category != "" && t.Category != o.category || !matches(t, o.words) {
			continue
		}
		loc := t.Locale(choice.Lang)
		if loc == nil {
			if o.lang != "" {
				continue
			}
			loc = t.Locales[0]
		}
		entries = append(entries, listEntry{ID: t.ID, Category: t.Category, Title: loc.Title, Languages: t.Langs(), Source: t.Source, Path: t.Path})
	}
	if len(entries) == 0 && len(o.words) > 0 {
		fmt.Fprintf(o.io.Err, "templ: no template matches %q\n", strings.Join(o.words, " "))
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
		writeTable(&buf, entries, o.io.OutWidth)
	}
	return writeOut(o.io.Out, buf.Bytes())
}

// checkFilters refuses a category or language that no template has: an
// empty table would look like "nothing there" rather than "typo".
func checkFilters(all []*template.Template, category string, choice langChoice) error {
	cats, langs := map[string]bool{}, map[string]bool{}
	for _, t := range all {
		cats[t.Category] = true
		for _, l := range t.Langs() {
			langs[l] = true
		}
	}
	if category != "" && !cats[category] {
		known := sortedKeys(cats)
		return inputErrorf("unknown category %q%s (known: %s)", category, didYouMean(category, known), strings.Join(known, ", "))
	}
	// The default language is not the user's choice: a catalogue without
	// English lists its first language instead.
	if choice.From != "" && !langs[choice.Lang] {
		return choice.unknown(sortedKeys(langs))
	}
	return nil
}

// matches reports whether every word is in t's id, category, a tag or a
// title in any language, ignoring case.
func matches(t *template.Template, words []string) bool {
	if len(words) == 0 {
		return true
	}
	fields := []string{t.ID, t.Category}
	fields = append(fields, t.Tags...)
	for _, loc := range t.Locales {
		fields = append(fields, loc.Title)
	}
	hay := strings.ToLower(strings.Join(fields, "\n"))
	for _, w := range words {
		if !strings.Contains(hay, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// writeTable writes entries in aligned columns. With a width, titles are
// cut with "…" so that no line is wider (titles keep at least 10 columns).
func writeTable(w io.Writer, entries []listEntry, width int) {
	rows := [][]string{{"ID", "CATEGORY", "TITLE", "LANGUAGES", "SOURCE"}}
	for _, e := range entries {
		row := []string{e.ID, e.Category, e.Title, strings.Join(e.Languages, ","), e.Source}
		for i := range row { // a user's template may hold escape codes
			row[i] = printable.Line(row[i])
		}
		rows = append(rows, row)
	}
	const gap, title = 2, 2
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	if width > 0 {
		total := gap * (len(widths) - 1)
		for _, n := range widths {
			total += n
		}
		if over := total - width; over > 0 {
			widths[title] = max(10, widths[title]-over)
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, cell := range r {
			if i == title {
				cell = truncate(cell, widths[i])
			}
			line.WriteString(cell)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+gap))
			}
		}
		fmt.Fprintln(w, line.String())
	}
}

// truncate cuts s to n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}
