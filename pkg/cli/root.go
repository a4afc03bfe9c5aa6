package cli

import (
	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	io           *IO
	templateDirs []string
	configFile   string
}

func newRootCmd(stdio *IO, version string) *cobra.Command {
	g := &globalOptions{io: stdio}
	root := &cobra.Command{
		Use:   "templ",
		Short: "Render customer-service emails from a catalogue of templates",
		Long: `templ renders customer-service emails (refunds, cancellations, churn surveys)
in English and Bulgarian, fills in the customer's details, and prints, copies
or hands the finished email to a mail program.`,
		Example: `  templ render refund-reject --name Ivan
  templ render refund-reject --name Ivan --copy
  templ render refund-accept -c order.yaml -f eml --to ivan@example.com | sendmail -t
  templ list --lang bg`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("templ version {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitInput, err: err, hint: "run '" + c.CommandPath() + " --help' for usage"}
	})
	pf := root.PersistentFlags()
	pf.StringArrayVar(&g.templateDirs, "templates", nil, "also read templates from `DIR` (repeatable; later wins)")
	pf.StringVar(&g.configFile, "config", "", "read configuration from `FILE` (default $XDG_CONFIG_HOME/templ/config.yaml)")

	root.AddCommand(
		newRenderCmd(g),
		newListCmd(g),
		newShowCmd(g),
		newLintCmd(g),
		newNewCmd(g),
		newExportCmd(g),
		newConfigCmd(g),
	)
	addCompletions(root, g)
	return root
}
