package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/lint"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/template"
)

func newLintCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check template files for errors",
		Long: `Lint checks template files (or every .yaml file in a directory): YAML and schema
errors, unknown keys, duplicate ids, undeclared or unused variables, languages
whose variables differ, subjects that cannot work, and files not named after
their id, all in one pass. Each finding is printed as file:line:col: message.
It exits 1 if any finding is an error; warnings are marked as such and do not
fail. A clean run says how many templates it checked, on stderr.

Without a path it checks every template templ can see.`,
		Example: `  templ lint
  templ lint ~/.config/templ/templates/my-reply.yaml
  templ lint my-templates/`,
		RunE: func(cmd *cobra.Command, args []string) error { return lintRun(g, args) },
	}
}

func lintRun(g *globalOptions, paths []string) error {
	var groups [][]lint.File
	if len(paths) == 0 {
		// Each source on its own: the same id in two sources is an
		// override, not a duplicate.
		catalog, err := g.catalog()
		if err != nil {
			return err
		}
		for _, src := range catalog.Sources {
			files, err := readSource(src)
			if err != nil {
				return inputError(err)
			}
			groups = append(groups, files)
		}
	} else {
		var files []lint.File
		seen := map[string]bool{} // a file named twice is linted once
		for _, p := range paths {
			more, err := readLintPath(p)
			if err != nil {
				return err
			}
			for _, f := range more {
				abs, err := filepath.Abs(f.Path)
				if err != nil {
					abs = filepath.Clean(f.Path)
				}
				if !seen[abs] {
					seen[abs] = true
					files = append(files, f)
				}
			}
		}
		groups = append(groups, files)
	}
	var out bytes.Buffer
	nfiles, nerr, nwarn := 0, 0, 0
	for _, files := range groups {
		nfiles += len(files)
		for _, f := range lint.Check(files) {
			fmt.Fprintln(&out, printable.Line(f.String()))
			if f.Warning {
				nwarn++
			} else {
				nerr++
			}
		}
	}
	if err := writeOut(g.io.Out, out.Bytes()); err != nil {
		return err
	}
	if nerr > 0 {
		return workError(fmt.Errorf("%s, %s in %s", plural.Count(nerr, "error"), plural.Count(nwarn, "warning"), plural.Count(nfiles, "file")))
	}
	summary := "no problems"
	if nwarn > 0 {
		summary = plural.Count(nwarn, "warning")
	}
	fmt.Fprintf(g.io.Err, "templ: %s, %s\n", plural.Count(nfiles, "template"), summary)
	return nil
}

func readSource(src template.Source) ([]lint.File, error) {
	entries, err := fs.ReadDir(src.FS, ".")
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: %v", src.Dir, readfile.UnwrapPath(err))
	}
	var files []lint.File
	for _, e := range entries {
		if e.IsDir() || !isTemplateFile(e.Name()) {
			continue
		}
		data, err := readfile.FS(src.FS, e.Name())
		if err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(src.Dir, e.Name()), readfile.UnwrapPath(err))
		}
		files = append(files, lint.File{Path: filepath.Join(src.Dir, e.Name()), Data: data})
	}
	return files, nil
}

func isTemplateFile(name string) bool {
	ext := filepath.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// readLintPath reads a file, or every template file in a directory.
func readLintPath(p string) ([]lint.File, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, inputErrorf("%s: %v", p, readfile.UnwrapPath(err))
	}
	if !st.IsDir() {
		data, err := readfile.File(p)
		if err != nil {
			return nil, inputErrorf("%s: %v", p, readfile.UnwrapPath(err))
		}
		return []lint.File{{Path: p, Data: data}}, nil
	}
	files, err := readSource(template.Source{Dir: p, FS: os.DirFS(p)})
	if err != nil {
		return nil, inputError(err)
	}
	if len(files) == 0 {
		return nil, inputErrorf("%s: no template files (.yaml or .yml) in it", p)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}
