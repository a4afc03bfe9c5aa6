package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/vars"
)

func env(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestFile(t *testing.T) {
	tests := []struct {
		name         string
		flag         string
		env          map[string]string
		want         string
		wantExplicit bool
	}{
		{"flag wins", "f.yaml", map[string]string{"TEMPL_CONFIG": "e.yaml", "XDG_CONFIG_HOME": "/x"}, "f.yaml", true},
		{"then TEMPL_CONFIG", "", map[string]string{"TEMPL_CONFIG": "e.yaml", "XDG_CONFIG_HOME": "/x"}, "e.yaml", true},
		{"then XDG_CONFIG_HOME", "", map[string]string{"XDG_CONFIG_HOME": "/x"}, "/x/templ/config.yaml", false},
		{"then ~/.config", "", map[string]string{"HOME": "/home/ivan"}, "/home/ivan/.config/templ/config.yaml", false},
	}
	for _, tt := range tests {
		got, explicit := File(tt.flag, env(tt.env))
		if got != tt.want || explicit != tt.wantExplicit {
			t.Errorf("%s: File = %q, %v; want %q, %v", tt.name, got, explicit, tt.want, tt.wantExplicit)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "lang: bg\nfrom: Support <s@example.com>\nvars:\n  Brand: Acme\n  Agent: ~\n")
	cfg, err := Load(good, true)
	if err != nil {
		t.Fatal(err)
	}
	want := &vars.Values{}
	want.Set("Brand", "Acme")
	if cfg.Lang != "bg" || cfg.From != "Support <s@example.com>" || cfg.Path != good {
		t.Errorf("Load: got lang %q from %q path %q", cfg.Lang, cfg.From, cfg.Path)
	}
	if diff := cmp.Diff(want.All(), cfg.Vars.All()); diff != "" {
		t.Errorf("vars (-want +got):\n%s", diff)
	}

	if cfg, err := Load(filepath.Join(dir, "absent.yaml"), false); err != nil || cfg.Path != "" {
		t.Errorf("a missing default config is no config: %v, %+v", err, cfg)
	}
	errs := map[string]string{
		filepath.Join(dir, "absent.yaml"):             "config " + filepath.Join(dir, "absent.yaml") + ": no such file or directory",
		write("unknown.yaml", "language: bg\n"):       filepath.Join(dir, "unknown.yaml") + `:1:1: unknown key "language" (allowed: lang, from, vars, html, html_layout, smtp)`,
		write("nested.yaml", "vars:\n  Brand: [a]\n"): filepath.Join(dir, "nested.yaml") + `:2:3: vars: "Brand" must be text, a number or true/false`,
		write("list.yaml", "- a\n"):                   filepath.Join(dir, "list.yaml") + ":1:1: the config must be a map with lang, from, vars, html, html_layout and smtp",
		write("bad.yaml", "lang: [\n"):                filepath.Join(dir, "bad.yaml") + ":1:1: invalid YAML: did not find expected node content",
	}
	for path, want := range errs {
		if _, err := Load(path, true); err == nil || err.Error() != want {
			t.Errorf("Load(%s):\n got %v\nwant %s", filepath.Base(path), err, want)
		}
	}
}
