package pick

import (
	"regexp"
	"testing"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/templates"
)

var builtinFS = templates.FS

// builtinTemplates is the built-in catalogue, as templ loads it.
func builtinTemplates(tb testing.TB) []*template.Template {
	tb.Helper()
	c := &template.Catalog{Sources: []template.Source{{Name: "built-in", Dir: "templates", FS: templates.FS, Compiled: templates.Compiled}}}
	ts, errs := c.All()
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	return ts
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// plain drops the styles from a rendered screen.
func plain(s string) string { return sgr.ReplaceAllString(s, "") }
