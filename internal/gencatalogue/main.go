// Command gencatalogue compiles the built-in templates (templates/*.yaml)
// into Go data, so that templ renders a built-in email without parsing any
// YAML at start-up. Run it through `go generate ./templates`; the templates
// package's tests fail when the generated file is stale.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/templ-mail/templ/internal/gencatalogue/compile"
)

func main() {
	dir := flag.String("dir", ".", "the folder holding the templates")
	out := flag.String("o", "catalogue_gen.go", "the Go file to write")
	flag.Parse()
	src, err := compile.Dir(os.DirFS(*dir), "templates")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencatalogue:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalogue:", err)
		os.Exit(1)
	}
}
