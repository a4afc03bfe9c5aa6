package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/config"
)

func newConfigCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "config",
		Short:   "Show where templ reads its configuration and templates",
		Example: `  templ config path`,
		// Runnable with no args (help), so an unknown subcommand is an error.
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print the config file and the template directories in the order they apply",
		Long: `Print the config file and the template directories in the order they apply
(a later one wins on the same id).`,
		Example: `  templ config path`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			file, _ := config.File(g.configFile, g.io.Getenv)
			var b bytes.Buffer
			fmt.Fprintf(&b, "config: %s%s\n", file, existsNote(file))
			catalog, err := g.catalog()
			if err != nil {
				return err
			}
			for _, src := range catalog.Sources {
				if src.Name == "built-in" {
					fmt.Fprintf(&b, "templates: (built-in)\n")
					continue
				}
				fmt.Fprintf(&b, "templates: %s%s\n", src.Dir, existsNote(src.Dir))
			}
			return writeOut(g.io.Out, b.Bytes())
		},
	})
	return cmd
}

func existsNote(path string) string {
	if path == "" {
		return ""
	}
	if _, err := os.Stat(path); err != nil {
		return " (not there yet)"
	}
	return ""
}
