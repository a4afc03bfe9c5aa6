package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
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
		Use:   "export [ID...] --dir DIR",
		Short: "Copy built-in templates out for editing",
		Long: `Export copies built-in templates, byte for byte, into --dir (all of them when no
id is given). Put the copies in your templates directory and they take over
from the built-in ones. It never replaces a file: if any target exists,
nothing is written.`,
		Example: `  templ export refund-reject --dir ~/.config/templ/templates
  templ export --dir my-templates`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ids = args
			return exportRun(o)
		},
	}
	cmd.Flags().StringVar(&o.dir, "dir", "", "write into `DIR` (required)")
	return cmd
}

func exportRun(o *exportOptions) error {
	if o.dir == "" {
		return inputErrorf("--dir is required: say where to write, such as 'templ export --dir my-templates'")
	}
	builtin := &template.Catalog{Sources: []template.Source{{Name: "built-in", Dir: "templates", FS: templates.FS}}}
	ids := o.ids
	if len(ids) == 0 {
		var err error
		if ids, err = builtin.IDs(); err != nil {
			return workError(err)
		}
	}
	// Check every id and every target before writing anything.
	var sources, targets []string
	for _, id := range ids {
		name := id + ".yaml"
		if _, err := fs.Stat(templates.FS, name); err != nil || !template.ValidID(id) {
			all, _ := builtin.IDs()
			return inputError(&template.NotFoundError{ID: id, Suggestions: template.Nearest(id, all)})
		}
		target := filepath.Join(o.dir, name)
		if _, err := os.Lstat(target); err == nil {
			return workError(fmt.Errorf("%s already exists; templ export never replaces a file (move it away, or pick another --dir)", target))
		}
		sources, targets = append(sources, name), append(targets, target)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return workError(fmt.Errorf("creating %s: %v", o.dir, unwrapPath(err)))
	}
	for i, name := range sources {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return workError(err)
		}
		if err := atomicfile.WriteFile(targets[i], data, false); err != nil {
			return workError(err)
		}
		if err := writeOut(o.io.Out, []byte(targets[i]+"\n")); err != nil {
			return err
		}
	}
	return nil
}
