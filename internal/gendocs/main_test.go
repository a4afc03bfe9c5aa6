package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestGenerate(t *testing.T) {
	out := t.TempDir()
	if err := generate(out, "v1.2.3", time.Unix(1795000000, 0).UTC()); err != nil {
		t.Fatal(err)
	}

	// One page per command; the hidden __complete and help are left out.
	wantPages := []string{
		"templ-completion-bash.1", "templ-completion-fish.1", "templ-completion-powershell.1",
		"templ-completion-zsh.1", "templ-completion.1", "templ-config-path.1", "templ-config.1",
		"templ-export.1", "templ-lint.1", "templ-list.1", "templ-new.1", "templ-pick.1", "templ-render.1",
		"templ-show.1", "templ.1",
	}
	if diff := cmp.Diff(wantPages, list(t, filepath.Join(out, "man"))); diff != "" {
		t.Errorf("man pages (-want +got):\n%s", diff)
	}
	for _, c := range []struct{ page, header, body string }{
		{"templ.1", `.TH "TEMPL" "1" "Nov 2026" "templ v1.2.3" "templ manual"`, `\fBtempl-render(1)\fP`},
		{"templ-render.1", `.TH "TEMPL-RENDER" "1" "Nov 2026" "templ v1.2.3" "templ manual"`, `\fB--lang\fP`},
	} {
		page := read(t, filepath.Join(out, "man", c.page))
		if got, _, _ := strings.Cut(strings.TrimPrefix(page, ".nh\n"), "\n"); got != c.header {
			t.Errorf("%s starts %q, want %q", c.page, got, c.header)
		}
		if !strings.Contains(page, c.body) {
			t.Errorf("%s lacks %q:\n%s", c.page, c.body, page)
		}
		if strings.Contains(page, "Auto generated") {
			t.Errorf("%s has cobra's dated footer; pages must be reproducible", c.page)
		}
	}

	// A completion script per shell, each the one `templ completion SHELL` prints.
	wantScripts := map[string]string{
		"templ.bash": "# bash completion V2 for templ",
		"_templ":     "#compdef templ",
		"templ.fish": "# fish completion for templ",
		"templ.ps1":  "# powershell completion for templ",
	}
	var names []string
	for name := range wantScripts {
		names = append(names, name)
	}
	sort.Strings(names) // as os.ReadDir lists them
	if diff := cmp.Diff(names, list(t, filepath.Join(out, "completions"))); diff != "" {
		t.Errorf("completion scripts (-want +got):\n%s", diff)
	}
	for name, first := range wantScripts {
		if script := read(t, filepath.Join(out, "completions", name)); !strings.HasPrefix(script, first) {
			t.Errorf("%s does not start with %q", name, first)
		}
	}
}

// TestGenerateIsReproducible: the same version and date give the same bytes.
func TestGenerateIsReproducible(t *testing.T) {
	date := time.Unix(1795000000, 0).UTC()
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if err := generate(out, "v1.2.3", date); err != nil {
			t.Fatal(err)
		}
	}
	for _, sub := range []string{"man", "completions"} {
		for _, name := range list(t, filepath.Join(a, sub)) {
			if diff := cmp.Diff(read(t, filepath.Join(a, sub, name)), read(t, filepath.Join(b, sub, name))); diff != "" {
				t.Errorf("%s/%s differs between two runs (-first +second):\n%s", sub, name, diff)
			}
		}
	}
}

func list(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
