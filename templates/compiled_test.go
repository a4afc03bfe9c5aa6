package templates_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/templ-mail/templ/internal/gencatalogue/compile"
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

// TestCompiledIsGenerated keeps catalogue_gen.go byte for byte what
// `go generate ./templates` writes, so running the generator on a clean
// tree changes nothing (a stale file can hold the same data in other words).
func TestCompiledIsGenerated(t *testing.T) {
	want, err := compile.Dir(templates.FS, "templates")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalogue_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("catalogue_gen.go is not what the generator writes; run go generate ./templates")
	}
}
