package cli

import (
	"cmp"
	"sync"

	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	io           *IO
	templateDirs []string
	configFile   string
}

// subcommands builds each command on demand: a start-up that runs one
// command builds only that one (see newRootCmd).
var subcommands = []struct {
	name  string
	build func(*globalOptions) *cobra.Command
}{
	{"render", newRenderCmd},
	{"pick", newPickCmd},
	{"list", newListCmd},
	{"show", newShowCmd},
	{"lint", newLintCmd},
	{"new", newNewCmd},
	{"export", newExportCmd},
	{"config", newConfigCmd},
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

// newRootCmd builds the command tree. When args name a command first (the
// usual "templ render …"), only that command is built, because every
// start-up pays for the tree: flags, help texts and completion functions.
// Anything else (help, completion, a flag first, a typo) gets the whole
// tree, so help lists every command and cobra can suggest one.
// version is the one set at link time, or "" (see resolveVersion).
func newRootCmd(stdio *IO, version string, args ...string) *cobra.Command {
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

	for _, sub := range subcommands {
		if len(args) > 0 && args[0] == sub.name {
			root.AddCommand(sub.build(g))
			// cobra would build its completion command at Execute; only
			// the whole tree (below) offers it.
			root.CompletionOptions.DisableDefaultCmd = true
			return root
		}
	}
	for _, sub := range subcommands {
		root.AddCommand(sub.build(g))
	}
	addCompletions(root, g)
	return root
}
