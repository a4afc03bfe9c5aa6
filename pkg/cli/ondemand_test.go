package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A run of one of templ's commands builds the whole tree but not what only
// help and completion read: cobra's completion command and the value
// names. That is what keeps them off every start.
func TestOnDemandLeavesHelpPartsOut(t *testing.T) {
	stdio := IO{}
	stdio.fill()
	root, lazy := newRootCmd(context.Background(), &stdio, "v1")
	lazy.forArgs([]string{"render", "refund-accept", "--name", "Ivan"})
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			t.Error("templ render built the completion command")
		}
	}
	render, _, _ := root.Find([]string{"render"})
	if f := render.Flags().Lookup("lang"); f == nil || !strings.Contains(f.Usage, "`") {
		t.Errorf("templ render named the flags' values: --lang's usage is %q", f.Usage)
	}
}

// Help and completion print the same whether the tree was completed for
// the command line (Main) or whole from the start (NewRootCmd, as the man
// pages see it).
func TestOnDemandSameOutput(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, args := range [][]string{
		{}, {"--help"}, {"help"}, {"help", "render"}, {"render", "--help"}, {"list", "-h"}, {"pick", "--help"},
		{"config", "--help"}, {"config", "path", "--help"}, {"completion", "--help"}, {"completion", "zsh", "--help"},
		{"help", "completion", "fish"}, {"__complete", ""}, {"__complete", "co"},
		{"__complete", "render", ""}, {"__complete", "render", "refund-accept", "--"}, {"__complete", "list", "--category", ""},
		{"__complete", "render", "refund-accept", "--lang", ""}, {"__completeNoDesc", "render", "refund-accept", "--var", ""},
		{"__complete", "render", "refund-accept", "--format", ""}, {"__complete", "help", ""},
	} {
		var got, gotErr bytes.Buffer
		if code := Main(args, IO{In: strings.NewReader(""), Out: &got, Err: &gotErr}, "v1"); code != 0 {
			t.Errorf("templ %q: exit %d, stderr %q", args, code, gotErr.String())
		}
		root := NewRootCmd("v1")
		var want, wantErr bytes.Buffer
		root.SetArgs(args)
		root.SetOut(&want)
		root.SetErr(&wantErr)
		if err := root.Execute(); err != nil {
			t.Errorf("templ %q on the whole tree: %v", args, err)
		}
		if got.String() != want.String() {
			t.Errorf("templ %q prints\n%s\nthe whole tree prints\n%s", args, got.String(), want.String())
		}
	}
	// The script goes to templ's stdout, checked as every write is (when
	// cobra's command was made before SetOut, it wrote to os.Stdout).
	var got bytes.Buffer
	if code := Main([]string{"completion", "bash"}, IO{In: strings.NewReader(""), Out: &got, Err: &got}, "v1"); code != 0 ||
		!strings.HasPrefix(got.String(), "# bash completion V2 for templ") {
		t.Errorf("templ completion bash: exit %d, output begins %.40q", code, got.String())
	}
}
