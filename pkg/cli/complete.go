package cli

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/template"
)

// Shell completion: template ids for ID arguments; languages, formats,
// categories and variable names for the flags that take them. Completion
// runs templ itself, so it sees the user's templates too.

func (g *globalOptions) completeIDs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 && cmd.Name() != "export" {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	catalog, err := g.catalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	ids, _ := catalog.IDs()
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// completionTemplate loads the template named by the first argument, if any.
func (g *globalOptions) completionTemplate(args []string) *template.Template {
	if len(args) == 0 {
		return nil
	}
	catalog, err := g.catalog()
	if err != nil {
		return nil
	}
	t, err := catalog.Load(args[0])
	if err != nil {
		return nil
	}
	return t
}

func (g *globalOptions) completeLangs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if t := g.completionTemplate(args); t != nil {
		return t.Langs(), cobra.ShellCompDirectiveNoFileComp
	}
	return g.completeFromAll((*template.Template).Langs)
}

func (g *globalOptions) completeCategories(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return g.completeFromAll(func(t *template.Template) []string { return []string{t.Category} })
}

// completeFromAll offers what of gives for any template of the catalogue,
// each once, sorted.
func (g *globalOptions) completeFromAll(of func(*template.Template) []string) ([]string, cobra.ShellCompDirective) {
	catalog, err := g.catalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	seen := map[string]bool{}
	all, _ := catalog.All()
	for _, t := range all {
		for _, s := range of(t) {
			seen[s] = true
		}
	}
	return sortedKeys(seen), cobra.ShellCompDirectiveNoFileComp
}

func completeFormats(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	out := make([]string, len(email.Formats))
	for i, f := range email.Formats {
		out[i] = string(f)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeVars offers "Name=" for each variable of the template being
// rendered, with no space after, so the user types the value next.
func (g *globalOptions) completeVars(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	t := g.completionTemplate(args)
	if t == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, v := range t.Vars {
		if strings.HasPrefix(strings.ToLower(v.Name), strings.ToLower(toComplete)) {
			out = append(out, v.Name+"=\t"+v.Description)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// addCompletionCmd adds cobra's completion command, made runnable (help
// without a shell), so that its NoArgs check turns an unknown shell into
// an error instead of help.
func addCompletionCmd(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
			c.Args = noArgs // an unknown shell: templ's words, exit 2
			c.Example = completionExamples["completion"]
			for _, shell := range c.Commands() {
				shell.Args = noArgs // templ's words, exit 2
				shell.Example = completionExamples[shell.Name()]
			}
		}
	}
}

// addCompletionFuncs wires the completion functions into the command tree.
func addCompletionFuncs(root *cobra.Command, g *globalOptions) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case "render", "show", "export":
			c.ValidArgsFunction = g.completeIDs
		}
		if c.Flags().Lookup("lang") != nil {
			_ = c.RegisterFlagCompletionFunc("lang", g.completeLangs)
		}
		if c.Flags().Lookup("format") != nil {
			_ = c.RegisterFlagCompletionFunc("format", completeFormats)
		}
		if c.Flags().Lookup("var") != nil {
			_ = c.RegisterFlagCompletionFunc("var", g.completeVars)
		}
		if c.Flags().Lookup("category") != nil && c.Name() == "list" {
			_ = c.RegisterFlagCompletionFunc("category", g.completeCategories)
		}
	}
}

// completionExamples install each shell's script where that shell looks,
// making the directory first: a new home does not have it yet.
var completionExamples = map[string]string{
	"completion": `  mkdir -p ~/.local/share/bash-completion/completions && templ completion bash > ~/.local/share/bash-completion/completions/templ
  templ completion zsh > "${fpath[1]}/_templ"`,
	"bash":       `  mkdir -p ~/.local/share/bash-completion/completions && templ completion bash > ~/.local/share/bash-completion/completions/templ`,
	"zsh":        `  templ completion zsh > "${fpath[1]}/_templ"`,
	"fish":       `  mkdir -p ~/.config/fish/completions && templ completion fish > ~/.config/fish/completions/templ.fish`,
	"powershell": `  templ completion powershell | Out-String | Invoke-Expression`,
}
