package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/templates"
)

type exportOptions struct {
	*globalOptions
	ids []string
	dir string
}

func newExportCmd(g *globalOptions) *cobra.Command {
	o := &exportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export [ID...] [--dir DIR]",
		Short: "Copy templates out for editing",
		Long: `Export copies templates, byte for byte, into your templates directory
($XDG_CONFIG_HOME/templ/templates) or --dir: the built-in catalogue when no
id is given, else each id as templ sees it (built-in, yours, TEMPL_PATH or
--templates). A copy in your templates directory takes over from the
built-in one. It never replaces a file: if any target exists, nothing is
written.`,
		Example: `  templ export refund-reject
  templ export --dir ./my-templates
  templ export my-reply --dir /shared/templates`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ids = args
			o.catchInterrupts() // it writes files
			return exportRun(o)
		},
	}
	cmd.Flags().StringVar(&o.dir, "dir", "", "write into `DIR` (default: your templates directory)")
	return cmd
}

// exportFile is one file to copy: its bytes and where they go.
type exportFile struct {
	data   []byte
	target string
}

func exportRun(o *exportOptions) error {
	dir := o.dir
	if dir == "" {
		dir = config.UserTemplatesDir(o.io.Getenv)
	}
	var files []exportFile
	var err error
	if len(o.ids) == 0 {
		files, err = builtinFiles(dir)
	} else {
		files, err = o.catalogFiles(dir)
	}
	if err != nil {
		return err
	}
	// Every target is checked before anything is written.
	for _, f := range files {
		if _, err := os.Lstat(f.target); err == nil {
			return workError(fmt.Errorf("%s already exists; templ export never replaces a file (move it away, or pick another --dir)", f.target))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return workError(fmt.Errorf("creating %s: %v", dir, readfile.UnwrapPath(err)))
	}
	for _, f := range files {
		if err := atomicfile.WriteFile(f.target, f.data, false); err != nil {
			return workError(err)
		}
		if err := writeOut(o.io.Out, []byte(f.target+"\n")); err != nil {
			return err
		}
	}
	return nil
}

// builtinFiles is the whole built-in catalogue, as embedded.
func builtinFiles(dir string) ([]exportFile, error) {
	builtin := &template.Catalog{Sources: []template.Source{{Name: "built-in", Dir: "templates", FS: templates.FS}}}
	ids, err := builtin.IDs()
	if err != nil {
		return nil, workError(err)
	}
	var files []exportFile
	for _, id := range ids {
		data, err := readfile.FS(templates.FS, id+".yaml")
		if err != nil {
			return nil, workError(err)
		}
		files = append(files, exportFile{data, filepath.Join(dir, id+".yaml")})
	}
	return files, nil
}

// catalogFiles finds each id as a render would, and reads the file it
// came from, so comments and layout are kept.
func (o *exportOptions) catalogFiles(dir string) ([]exportFile, error) {
	catalog, err := o.catalog()
	if err != nil {
		return nil, err
	}
	var files []exportFile
	for _, id := range o.ids {
		t, err := loadTemplate(catalog, id)
		if err != nil {
			return nil, err
		}
		name := filepath.Base(t.Path)
		var src *template.Source
		for i := range catalog.Sources {
			if catalog.Sources[i].Name == t.Source {
				src = &catalog.Sources[i]
			}
		}
		if src == nil {
			return nil, workError(fmt.Errorf("%s: no source %q", t.Path, t.Source))
		}
		data, err := readfile.FS(src.FS, name)
		if err != nil {
			return nil, workError(fmt.Errorf("%s: %v", t.Path, readfile.UnwrapPath(err)))
		}
		files = append(files, exportFile{data, filepath.Join(dir, name)})
	}
	return files, nil
}
