package templates_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/templates"
)

// TestCompiledMatchesYAML keeps catalogue_gen.go in step with the YAML
// files: edit a template, then run `go generate ./templates`.
func TestCompiledMatchesYAML(t *testing.T) {
	names, err := fs.Glob(templates.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(templates.Compiled) {
		t.Errorf("%d YAML files but %d compiled templates; run go generate ./templates", len(names), len(templates.Compiled))
	}
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := template.Parse("templates/"+name, data)
		if err != nil {
			t.Fatal(err)
		}
		build, ok := templates.Compiled[strings.TrimSuffix(name, ".yaml")]
		if !ok {
			t.Errorf("%s is not compiled; run go generate ./templates", name)
			continue
		}
		if diff := cmp.Diff(want, build(), cmpopts.IgnoreUnexported(template.Template{})); diff != "" {
			t.Errorf("%s: compiled template is stale; run go generate ./templates (-yaml +compiled):\n%s", name, diff)
		}
	}
}
