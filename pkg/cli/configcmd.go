package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/pick"
	"github.com/templ-mail/templ/pkg/readfile"
)

func newConfigCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read and write templ's configuration file, and show where templ reads it",
		Long: `Config reads and writes the configuration file: lang, from, html,
html_layout, vars.NAME (vars.NAME.LANG for one language) and smtp.host,
smtp.port, smtp.username, smtp.tls, smtp.password_command. Set keeps the
file's comments and key order, creates the file when missing, and replaces
it atomically. The SMTP password is never stored: use TEMPL_SMTP_PASSWORD
or smtp.password_command.`,
		Example: `  templ config set lang bg
  templ config set vars.Agent Maria
  templ config set vars.Agent.bg Мария
  templ config get from
  templ config path`,
		// Runnable with no args (help), so an unknown subcommand is an error.
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print the config file and the template directories in the order they apply",
		Long: `Print the config file and the template directories in the order they apply
(a later one wins on the same id), then the picker's history file, the one
file templ writes without being told to (templ pick --no-history skips it).`,
		Example: `  templ config path`,
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return configPath(g) },
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "get KEY",
		Short: "Print a key's value from the config file",
		Long: `Get prints KEY's value from the config file: lang, from, html, html_layout,
vars.NAME (one "LANG: value" line each for a per-language variable),
vars.NAME.LANG, or smtp.host, smtp.port, smtp.username, smtp.tls,
smtp.password_command. A key the file does not set is exit 1.`,
		Example: `  templ config get lang
  templ config get vars.Agent
  templ config get smtp.host`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeConfigKey,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return inputErrorf("config get needs one KEY, like: templ config get lang")
			}
			return configGet(g, args[0])
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set a key in the config file, keeping its comments",
		Long: `Set writes KEY in the config file, creating the file (and its directory) when
missing. The rest of the file, comments and key order included, stays as it
was, and the file is replaced atomically. vars.NAME.LANG gives a variable one
value per language. The SMTP password is never stored: use
TEMPL_SMTP_PASSWORD or smtp.password_command.`,
		Example: `  templ config set lang bg
  templ config set from 'Support <support@example.com>'
  templ config set vars.Agent.bg Мария
  templ config set smtp.password_command 'pass show smtp'`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeConfigKey,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return inputErrorf("config set needs a KEY and a VALUE, like: templ config set lang bg")
			}
			g.catchInterrupts() // it writes files
			return configSet(g, args[0], args[1])
		},
	})
	return cmd
}

// configPath prints the config file, the template sources in order, and
// the picker's history file.
func configPath(g *globalOptions) error {
	file, _ := config.File(g.configFile, g.io.Getenv)
	var b bytes.Buffer
	if file == "" {
		b.WriteString("config: (none: set XDG_CONFIG_HOME or HOME, or pass --config FILE)\n")
	} else {
		fmt.Fprintf(&b, "config: %s%s\n", file, existsNote(file))
	}
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
	// The picker's history is the one file templ writes unasked, so it is
	// named here too (templ pick --no-history leaves it alone).
	if h := pick.HistoryFile(g.io.Getenv); h != "" {
		fmt.Fprintf(&b, "history: %s%s\n", h, existsNote(h))
	}
	return writeOut(g.io.Out, b.Bytes())
}

// configFile reads the config file that applies; a missing one is empty.
func configFile(g *globalOptions) (path string, data []byte, err error) {
	path, _ = config.File(g.configFile, g.io.Getenv)
	if path == "" {
		return "", nil, workError(fmt.Errorf("no config directory: set XDG_CONFIG_HOME or HOME, or pass --config FILE"))
	}
	data, err = readfile.File(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", nil, inputErrorf("config %s: %v", path, readfile.UnwrapPath(err))
	}
	return path, data, nil
}

func configGet(g *globalOptions, key string) error {
	path, data, err := configFile(g)
	if err != nil {
		return err
	}
	value, err := config.Get(path, data, key)
	var notSet *config.NotSetError
	switch {
	case errors.As(err, &notSet):
		return workError(fmt.Errorf("%v; set it with: templ config set %s VALUE", err, notSet.Key))
	case err != nil:
		return inputError(err)
	}
	return writeOut(g.io.Out, []byte(value+"\n"))
}

func configSet(g *globalOptions, key, value string) error {
	path, data, err := configFile(g)
	if err != nil {
		return err
	}
	out, err := config.Set(path, data, key, value)
	if err != nil {
		return inputError(err)
	}
	// A config file linked from a dotfiles repository stays a link: the
	// file it points to is the one replaced.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return workError(fmt.Errorf("creating %s: %v", filepath.Dir(path), readfile.UnwrapPath(err)))
	}
	// force: replacing the file is the point; its mode and group stay.
	if err := atomicfile.WriteFile(path, out, true); err != nil {
		return workError(err)
	}
	return nil
}

// completeConfigKey completes the KEY of config get and set.
func completeConfigKey(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	keys := []string{"lang", "from", "html", "html_layout", "vars.", "smtp.host", "smtp.port", "smtp.username", "smtp.tls", "smtp.password_command"}
	return keys, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
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
