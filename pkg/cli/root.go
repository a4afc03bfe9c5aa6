package cli

import (
	"cmp"
	"context"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	ctx          context.Context // cancelled by SIGINT, SIGTERM or SIGHUP
	io           *IO
	templateDirs []string
	configFile   string
}

// subcommands are templ's commands, in the order help lists them.
var subcommands = []func(*globalOptions) *cobra.Command{
	newRenderCmd, newListCmd, newShowCmd, newLintCmd, newNewCmd, newExportCmd, newConfigCmd,
}

// fromBuildInfo stands in the root command's Version when no version was set
// at link time: the build info is read only when --version asks for it, not
// at every start.
const fromBuildInfo = "(build info)"

// templVersion is the version --version prints.
func templVersion(v string) string {
	if v == fromBuildInfo {
		return resolveVersion("")
	}
	return v
}

// addVersionFunc registers templVersion once: cobra keeps template
// functions in a global map.
var addVersionFunc sync.Once

// newRootCmd builds the whole command tree. version is the one set at link
// time, or "" (see resolveVersion).
func newRootCmd(ctx context.Context, stdio *IO, version string) *cobra.Command {
	g := &globalOptions{ctx: ctx, io: stdio}
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
		// Never empty: cobra adds --version only when Version is set.
		Version:       cmp.Or(version, fromBuildInfo),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addVersionFunc.Do(func() { cobra.AddTemplateFunc("templVersion", templVersion) })
	root.SetVersionTemplate("templ version {{templVersion .Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitInput, err: err, hint: "run '" + c.CommandPath() + " --help' for usage"}
	})
	pf := root.PersistentFlags()
	stringListVarP(pf, &g.templateDirs, "templates", "", "also read templates from `DIR` (repeatable; later wins)")
	pf.StringVar(&g.configFile, "config", "", "read configuration from `FILE` (default $XDG_CONFIG_HOME/templ/config.yaml)")

	for _, build := range subcommands {
		root.AddCommand(build(g))
	}
	addCompletions(root, g)
	return root
}

// The argument validators: cobra calls them before RunE, and their errors
// are the user's input (exit 2), in templ's words.

// needID takes exactly one template id, such as "templ render ID".
func needID(example string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return withHint(inputErrorf("%s needs a template ID, such as '%s %s'", cmd.Name(), cmd.CommandPath(), example),
				"run 'templ list' to see the IDs")
		case len(args) > 1:
			return withHint(inputErrorf("%s takes one template ID, not %d (%s)", cmd.Name(), len(args), strings.Join(args, " ")),
				"quote a value that holds spaces, such as --name \"Ivan Petrov\"")
		}
		return nil
	}
}

// noArgs takes none: a word after the command is a subcommand it does not
// have.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return withHint(inputErrorf("unknown command %q for %q", args[0], cmd.CommandPath()),
			"run '"+cmd.CommandPath()+" --help' for usage")
	}
	return nil
}
