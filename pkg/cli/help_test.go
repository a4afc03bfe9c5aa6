package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandPaths lists every command of the tree, as the words that run it.
func commandPaths(c *cobra.Command, prefix []string) [][]string {
	var out [][]string
	for _, sub := range c.Commands() {
		if sub.Hidden || sub.Name() == cobra.ShellCompRequestCmd || sub.Name() == cobra.ShellCompNoDescRequestCmd {
			continue
		}
		path := append(append([]string{}, prefix...), sub.Name())
		out = append(out, path)
		out = append(out, commandPaths(sub, path)...)
	}
	return out
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(args, IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, "v0.0.0-test")
	return code, out.String(), errOut.String()
}

// Every command's help has an Examples section.
func TestEveryCommandHasExample(t *testing.T) {
	root := NewRootCmd("v0.0.0-test")
	if strings.TrimSpace(root.Example) == "" {
		t.Errorf("templ has no Example")
	}
	paths := commandPaths(root, nil)
	if len(paths) < 10 {
		t.Fatalf("found only %d commands: %v", len(paths), paths)
	}
	for _, p := range paths {
		c, _, err := root.Find(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		_, out, _ := run(append(p, "--help")...)
		if !strings.Contains(out, "\nExamples:\n  ") {
			t.Errorf("%s --help shows no Examples section:\n%s", c.CommandPath(), out)
		}
	}
}

// No command lets cobra's or pflag's own wording reach the user: too few
// or too many arguments, and a flag without its value, are exit 2 in
// templ's words.
func TestArgumentErrorsInTemplsWords(t *testing.T) {
	raw := []string{"arg(s)", "accepts ", "received", "strconv.", "invalid argument", "Usage:"}
	for _, p := range commandPaths(NewRootCmd("v0.0.0-test"), nil) {
		for _, args := range [][]string{p, append(append([]string{}, p...), "x", "y", "z", "w")} {
			code, _, stderr := run(args...)
			for _, r := range raw {
				if strings.Contains(stderr, r) {
					t.Errorf("templ %s: stderr holds %q:\n%s", strings.Join(args, " "), r, stderr)
				}
			}
			if code != 0 && code != ExitInput {
				t.Errorf("templ %s: exit %d, want 0 or %d; stderr:\n%s", strings.Join(args, " "), code, ExitInput, stderr)
			}
			if code == ExitInput && !strings.HasPrefix(stderr, "templ: ") {
				t.Errorf("templ %s: stderr does not start with templ's line:\n%s", strings.Join(args, " "), stderr)
			}
		}
	}
}

// Shell completion shows flag descriptions as written: pflag's `NAME`
// markers are help's value names, not text for zsh or fish to show.
func TestCompletionDescriptionsHaveNoBackticks(t *testing.T) {
	for _, p := range commandPaths(NewRootCmd("v0.0.0-test"), nil) {
		_, out, _ := run(append(append([]string{cobra.ShellCompRequestCmd}, p...), "--")...)
		if !strings.Contains(out, "--help\t") {
			t.Errorf("__complete %s --: no flags listed:\n%s", strings.Join(p, " "), out)
		}
		if strings.Contains(out, "`") {
			t.Errorf("__complete %s --: a description holds a backtick:\n%s", strings.Join(p, " "), out)
		}
	}
}
