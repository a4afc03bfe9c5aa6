package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadDelivery(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte("html: true\nhtml_layout: brand/layout.html\nsmtp:\n  host: smtp.example.com\n  port: 2525\n  username: support@example.com\n  tls: tls\n  password_command: pass show smtp\n"), 0o644)
	cfg, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	want := SMTP{Host: "smtp.example.com", Port: 2525, Username: "support@example.com", TLS: "tls", PasswordCommand: "pass show smtp"}
	if diff := cmp.Diff(want, cfg.SMTP); diff != "" {
		t.Errorf("smtp (-want +got):\n%s", diff)
	}
	if !cfg.HTML || cfg.HTMLLayout != filepath.Join(dir, "brand", "layout.html") {
		t.Errorf("html %v, layout %q", cfg.HTML, cfg.HTMLLayout)
	}

	for body, want := range map[string]string{
		"html: yes please\n":           ":1:1: html must be true or false",
		"html_layout: \"\"\n":          ":1:1: html_layout must be the path of an HTML file with a [Body] slot",
		"smtp: smtp.example.com\n":     ":1:1: smtp must be a map with host, port, username, tls, password_command",
		"smtp:\n  port: 99999\n":       `:2:3: smtp.port: "99999" is not a port; use 1 to 65535`,
		"smtp:\n  tls: ssl\n":          `:2:3: smtp.tls: "ssl" is not starttls, tls or none`,
		"smtp:\n  hots: x\n":           ":2:3: smtp.hots: unknown key (allowed: host, port, username, tls, password_command)",
		"smtp:\n  host: [a]\n":         ":2:3: smtp.host must be text",
		"smtp:\n  password: hunter2\n": `:2:3: smtp.password: templ does not read a password from the config; set TEMPL_SMTP_PASSWORD or smtp.password_command (such as "pass show smtp")`,
	} {
		os.WriteFile(path, []byte(body), 0o644)
		_, err := Load(path, true)
		if err == nil || err.Error() != path+want {
			t.Errorf("%q: %v; want %s", body, err, path+want)
		}
	}
}
