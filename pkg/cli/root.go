package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/template"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	ctx context.Context // cancelled by SIGINT, SIGTERM, SIGHUP or SIGQUIT once caught
	// catch starts catching those signals (interrupts.catch): a command
	// calls it before work that leaves files or a terminal to clean up.
	catch        func()
	io           *IO
	templateDirs []string
	configFile   string
}

// catchInterrupts makes SIGINT, SIGTERM, SIGHUP and SIGQUIT cancel g.ctx
// from now on, so the deferred aborts of the work that follows run and Main
// reports the signal (see interrupts).
func (g *globalOptions) catchInterrupts() {
	if g.catch != nil {
		g.catch()
	}
}

// subcommands are templ's commands, in the order help lists them.
var subcommands = []func(*globalOptions) *cobra.Command{
	newRenderCmd, newPickCmd, newListCmd, newShowCmd, newLintCmd, newNewCmd, newExportCmd, newConfigCmd,
}

// fromBuildInfo stands in the root command's Version when no version was set
// at link time: the build info is read only when --version asks for it, not
// at every start (see execute).
const fromBuildInfo = "(build info)"

// newRootCmd builds the whole command tree. version is the one set at link
// time, or "" (see resolveVersion). What only help and shell completion
// read is added by the onDemand it returns, when a command line needs it.
func newRootCmd(ctx context.Context, stdio *IO, version string) (*cobra.Command, *onDemand) {
	g := &globalOptions{ctx: ctx, io: stdio}
	root := &cobra.Command{
		Use:   "templ",
		Short: "Render customer-service emails from a catalogue of templates",
		Long: `templ renders customer-service emails (refunds, cancellations, churn surveys)
in English and Bulgarian, fills in the customer's details, and prints, copies
or hands the finished email to a mail program.`,
		Example: `  templ list
  templ show refund-reject
  templ render refund-reject --name Ivan --var Reason="the 30 days have passed" --copy
  templ render refund-accept -c order.yaml -f eml --to ivan@example.com | sendmail -t`,
		// Never empty: cobra adds --version only when Version is set.
		// cobra's own version, help and usage functions print it: no
		// Set*Template or AddTemplateFunc, since a template links
		// text/template's reflective calls and the linker then keeps
		// every exported method (+1.7 MB, 0.15 ms at every start).
		Version:       cmp.Or(version, fromBuildInfo),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	stringListVarP(pf, &g.templateDirs, "templates", "", "also read templates from `DIR` (repeatable; later wins)")
	pf.StringVar(&g.configFile, "config", "", "read configuration from `FILE` (default $XDG_CONFIG_HOME/templ/config.yaml)")

	for _, build := range subcommands {
		root.AddCommand(build(g))
	}
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Example = "  templ help render"
			// cobra's own prints "Unknown help topic" and usage, exit 0.
			c.Args = func(_ *cobra.Command, args []string) error {
				if _, _, err := root.Find(args); err != nil {
					return unknownCommand(root, args, err)
				}
				return nil
			}
		}
	}
	d := &onDemand{root: root, g: g}
	// Help and usage show value names (--lang LANG): name them first.
	help, usage := root.HelpFunc(), root.UsageFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		d.nameValues()
		help(c, args)
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		d.nameValues()
		return usage(c)
	})
	// cobra's completion command is added by d.completionCmd; Execute
	// would add it at every start otherwise.
	root.CompletionOptions.DisableDefaultCmd = true
	return root, d
}

// onDemand adds the parts of the command tree that only help and shell
// completion read, each once: flags' value names, cobra's completion
// command and the completion functions. Built at every start, they cost
// templ render a tenth of a millisecond for nothing.
type onDemand struct {
	root                    *cobra.Command
	g                       *globalOptions
	named, cmd, completions bool
}

// all adds everything, for tools that read the tree (NewRootCmd).
func (d *onDemand) all() {
	d.completionCmd()
	d.nameValues()
	d.completionFuncs()
}

func (d *onDemand) nameValues() {
	if !d.named {
		d.named = true
		nameFlagValues(d.root)
	}
}

func (d *onDemand) completionCmd() {
	if !d.cmd {
		d.cmd = true
		d.root.CompletionOptions.DisableDefaultCmd = false
		addCompletionCmd(d.root)
	}
}

func (d *onDemand) completionFuncs() {
	if !d.completions {
		d.completions = true
		addCompletionFuncs(d.root, d.g)
	}
}

// forArgs adds what the command line args can reach. A run of one of
// templ's commands (templ render ID, templ list --help) never sees the
// completion command; the root's help, help, an unknown command (whose
// suggestions include it) and completion itself do. __complete gets it all.
// --version alone needs only the version.
func (d *onDemand) forArgs(args []string) {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		d.all()
		return
	}
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-v") {
		d.version()
		return
	}
	c, _, err := d.root.Find(args)
	if err != nil || c == d.root {
		d.version() // the root's flags may hold --version
		d.completionCmd()
		return
	}
	for c.Parent() != d.root {
		c = c.Parent()
	}
	if c.Name() == "help" {
		d.completionCmd()
	}
}

// version reads the build info for --version, if no version was linked.
func (d *onDemand) version() {
	if d.root.Version == fromBuildInfo {
		d.root.Version = resolveVersion("")
	}
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
		case len(args) > 1: // execute words it, knowing the command line
			return &extraArgsError{cmd: cmd, id: args[0], extra: args[1:]}
		}
		return nil
	}
}

// noArgs takes none: a word after the command is a subcommand it does not
// have.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		var names []string
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		// Short names are all near each other ("tcsh" is two edits from
		// "bash"): suggest only one that starts alike.
		if s := template.Nearest(args[0], names); len(s) > 0 && args[0] != "" && s[0][0] == args[0][0] {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		}
		return withHint(inputError(errors.New(msg)), usageHint(cmd))
	}
	return nil
}
