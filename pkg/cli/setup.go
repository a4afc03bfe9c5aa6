package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/templates"
)

// loadConfig reads the config file that applies.
func (g *globalOptions) loadConfig() (*config.Config, error) {
	path, explicit := config.File(g.configFile, g.io.Getenv)
	cfg, err := config.Load(path, explicit)
	if err != nil {
		return nil, inputError(err)
	}
	return cfg, nil
}

// catalog lists the template sources, lowest precedence first: built-in,
// the user's directory, TEMPL_PATH, then each --templates.
func (g *globalOptions) catalog() (*template.Catalog, error) {
	c := &template.Catalog{Sources: []template.Source{
		{Name: "built-in", Dir: "templates", FS: templates.FS, Compiled: templates.Compiled},
	}}
	if dir := config.UserTemplatesDir(g.io.Getenv); dir != "" {
		c.Sources = append(c.Sources, template.Source{Name: "user", Dir: dir, FS: os.DirFS(dir)})
	}
	// TEMPL_PATH is like PATH: entries that do not exist are passed over.
	for _, dir := range filepath.SplitList(g.io.Getenv("TEMPL_PATH")) {
		if dir != "" {
			c.Sources = append(c.Sources, template.Source{Name: dir, Dir: dir, FS: os.DirFS(dir)})
		}
	}
	for _, dir := range g.templateDirs {
		st, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, inputErrorf("--templates %s: no such directory", dir)
		case err != nil:
			return nil, inputErrorf("--templates %s: %v", dir, readfile.UnwrapPath(err))
		case !st.IsDir():
			return nil, inputErrorf("--templates %s: not a directory; give the folder that holds the .yaml files", dir)
		}
		c.Sources = append(c.Sources, template.Source{Name: dir, Dir: dir, FS: os.DirFS(dir)})
	}
	return c, nil
}

// setup reads the config and lists the template sources: where every
// command that uses templates starts.
func (g *globalOptions) setup() (*config.Config, *template.Catalog, error) {
	cfg, err := g.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	catalog, err := g.catalog()
	if err != nil {
		return nil, nil, err
	}
	return cfg, catalog, nil
}

// langChoice is the language a command uses and where it came from, so an
// error about it can name the setting to fix.
type langChoice struct {
	Lang string
	From string // "--lang", "TEMPL_LANG=de", "lang: de in FILE", or "" for the default
}

// language picks the language: --lang, then TEMPL_LANG, then the config, then en.
func language(flag string, getenv func(string) string, cfg *config.Config) langChoice {
	env := getenv("TEMPL_LANG")
	switch {
	case flag != "":
		return langChoice{flag, "--lang"}
	case env != "":
		return langChoice{env, "TEMPL_LANG=" + env}
	case cfg.Lang != "":
		return langChoice{cfg.Lang, fmt.Sprintf("lang: %s in %s", cfg.Lang, cfg.Path)}
	}
	return langChoice{"en", ""}
}

// unknown is the error for a language none of known has, with the nearest.
func (l langChoice) unknown(known []string) error {
	msg := fmt.Sprintf("unknown language %q", l.Lang)
	if l.From != "" {
		msg += " from " + l.From
	}
	return inputError(errors.New(msg + didYouMean(l.Lang, known) + " (known: " + strings.Join(known, ", ") + ")"))
}

// explain adds where the language came from to a template's "no language"
// error, unless the user just typed it (--lang).
func (l langChoice) explain(err error) error {
	var le *render.LangError
	if !errors.As(err, &le) || l.From == "--lang" {
		return err
	}
	from := l.From
	if from == "" {
		from = "the default (set --lang, TEMPL_LANG or lang: in the config)"
	}
	return fmt.Errorf("%w; %q came from %s", err, l.Lang, from)
}

// didYouMean is `; did you mean "x"?` for the nearest of known, or "".
// Short words (language codes) only match at one edit, or every code of
// two letters would be near every other.
func didYouMean(word string, known []string) string {
	near := template.Nearest(word, known)
	if len([]rune(word)) <= 3 {
		near = nil
		for _, k := range known {
			if oneEdit(word, k) {
				near = append(near, k)
			}
		}
	}
	if len(near) == 0 {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", near[0])
}

// oneEdit reports whether a becomes b by one insertion, deletion or
// substitution.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// loadTemplate finds id; every failure is the user's input (exit 2).
// prepare reads the config and the templates (setup) and prepares template
// id in the language --lang (flag), TEMPL_LANG or the config picks: what
// render and show start with.
func (g *globalOptions) prepare(id, flag string) (*config.Config, *render.Prepared, error) {
	cfg, catalog, err := g.setup()
	if err != nil {
		return nil, nil, err
	}
	t, err := loadTemplate(catalog, id)
	if err != nil {
		return nil, nil, err
	}
	choice := language(flag, g.io.Getenv, cfg)
	prepared, err := render.Prepare(t, choice.Lang)
	if err != nil {
		return nil, nil, inputError(choice.explain(err))
	}
	return cfg, prepared, nil
}

func loadTemplate(c *template.Catalog, id string) (*template.Template, error) {
	t, err := c.Load(id)
	if err != nil {
		return nil, inputError(err)
	}
	return t, nil
}

// readInput reads a file, or stdin for "-", through readfile's checks (a
// regular file of at most 16 MiB). what names the flag in errors.
func (g *globalOptions) readInput(what, path string) ([]byte, error) {
	if path == "-" {
		b, err := readfile.Reader(data.ContextReader(g.ctx, g.io.In), 0)
		if err != nil {
			return nil, inputErrorf("%s -: reading standard input: %v", what, err)
		}
		return b, nil
	}
	data, err := readfile.File(path)
	if err != nil {
		return nil, inputErrorf("%s %s: %v", what, path, readfile.UnwrapPath(err))
	}
	return data, nil
}

var errStdinTwice = fmt.Errorf("standard input (-) can be read only once")
