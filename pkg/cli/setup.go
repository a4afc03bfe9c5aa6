package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/readfile"
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
			return nil, inputErrorf("--templates %s: %v", dir, unwrapPath(err))
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

// language picks the language: --lang, then TEMPL_LANG, then the config, then en.
func language(flag string, getenv func(string) string, cfg *config.Config) string {
	for _, l := range []string{flag, getenv("TEMPL_LANG"), cfg.Lang} {
		if l != "" {
			return l
		}
	}
	return "en"
}

// loadTemplate finds id; every failure is the user's input (exit 2).
func loadTemplate(c *template.Catalog, id string) (*template.Template, error) {
	t, err := c.Load(id)
	if err != nil {
		return nil, inputError(err)
	}
	return t, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
		return nil, inputErrorf("%s %s: %v", what, path, unwrapPath(err))
	}
	return data, nil
}

var errStdinTwice = fmt.Errorf("standard input (-) can be read only once")
