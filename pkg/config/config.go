// Package config finds, reads and edits templ's configuration file and
// says which directories templates come from.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/template"
)

// Config is the file of product.md's "Configuration".
type Config struct {
	Lang       string
	From       string
	HTML       bool
	HTMLLayout string
	SMTP       SMTP
	Path       string // the file it was read from; "" when there was none

	vars []configVar // in the file's order
}

// SMTP is the config's smtp: section, for --send. The password is never
// here: it comes from TEMPL_SMTP_PASSWORD or PasswordCommand.
type SMTP struct {
	Host            string
	Port            int
	Username        string
	TLS             string // starttls (the default when empty), tls, none
	PasswordCommand string
}

// Getenv reads an environment variable; tests pass their own.
type Getenv func(string) string

// Dir is templ's configuration directory: $XDG_CONFIG_HOME/templ, else
// ~/.config/templ (also on macOS, as git and gh do), else the OS default.
func Dir(getenv Getenv) string {
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "templ")
	}
	if runtime.GOOS != "windows" {
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, ".config", "templ")
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "templ")
	}
	return ""
}

// UserTemplatesDir is where a user's own templates live.
func UserTemplatesDir(getenv Getenv) string {
	if d := Dir(getenv); d != "" {
		return filepath.Join(d, "templates")
	}
	return ""
}

// File says which config file applies: --config, then TEMPL_CONFIG, then the
// default. explicit is true when the user named it, so a missing one is an error.
func File(flag string, getenv Getenv) (path string, explicit bool) {
	if flag != "" {
		return flag, true
	}
	if env := getenv("TEMPL_CONFIG"); env != "" {
		return env, true
	}
	if d := Dir(getenv); d != "" {
		return filepath.Join(d, "config.yaml"), false
	}
	return "", false
}

// Load reads the config file at path. A missing default file is no config.
func Load(path string, explicit bool) (*Config, error) {
	cfg := &Config{}
	if path == "" {
		return cfg, nil
	}
	data, err := readfile.File(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return cfg, nil
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	cfg.Path = path
	return cfg, Parse(cfg, path, data)
}

// Parse decodes data, the config file at path, into cfg.
func Parse(cfg *Config, path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return template.YAMLError(path, data, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" { // "---" alone
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: the config must be a map with lang, from and vars", path, root.Line, root.Column)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", path, k.Line, k.Column)
		var err error
		switch k.Value {
		case "lang":
			cfg.Lang, err = text(v, "lang")
		case "from":
			cfg.From, err = text(v, "from")
		case "html":
			cfg.HTML, err = boolean(v, "html")
		case "html_layout":
			cfg.HTMLLayout, err = text(v, "html_layout")
		case "vars":
			err = cfg.parseVars(path, v)
		case "smtp":
			err = cfg.parseSMTP(path, v)
		default:
			err = unknownKey(k.Value, topKeys)
		}
		if err != nil {
			if _, placed := err.(placedError); placed {
				return err
			}
			return fmt.Errorf("%s: %v", at, err)
		}
	}
	return nil
}

// placedError already names its file, line and column.
type placedError struct{ error }

var (
	topKeys  = []string{"lang", "from", "html", "html_layout", "vars", "smtp"}
	smtpKeys = []string{"host", "port", "username", "tls", "password_command"}
	tlsModes = []string{"starttls", "tls", "none"}
)

func (cfg *Config) parseSMTP(path string, n *yaml.Node) error {
	if n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("smtp must be a map of %s", joinKeys(smtpKeys))
	}
	s := &cfg.SMTP
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "host":
			s.Host, err = text(v, "smtp.host")
		case "port":
			var port string
			if port, err = text(v, "smtp.port"); err == nil && port != "" {
				s.Port, err = checkPort(port)
			}
		case "username":
			s.Username, err = text(v, "smtp.username")
		case "tls":
			if s.TLS, err = text(v, "smtp.tls"); err == nil && s.TLS != "" {
				err = checkTLS(s.TLS)
			}
		case "password_command":
			s.PasswordCommand, err = text(v, "smtp.password_command")
		case "password":
			err = ErrPassword
		default:
			err = unknownKey("smtp."+k.Value, prefixed("smtp.", smtpKeys))
		}
		if err != nil {
			return placedError{fmt.Errorf("%s:%d:%d: %v", path, k.Line, k.Column, err)}
		}
	}
	return nil
}

// ErrPassword refuses a password in the config file, where any reader of
// the file, a backup or a dotfiles repository would find it.
var ErrPassword = errors.New(`smtp.password is never stored in the config file; set TEMPL_SMTP_PASSWORD, or smtp.password_command (such as "pass show smtp")`)

func checkPort(s string) (int, error) {
	port, err := strconv.Atoi(s)
	if err != nil || port < 1 || port > 65535 {
		return 0, fmt.Errorf("smtp.port: %q is not a port number (1 to 65535)", s)
	}
	return port, nil
}

func checkTLS(s string) error {
	for _, m := range tlsModes {
		if s == m {
			return nil
		}
	}
	return fmt.Errorf("smtp.tls: %q is not one of starttls, tls, none", s)
}

func text(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("%s must be text", what)
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

func boolean(n *yaml.Node, what string) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return false, nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, fmt.Errorf("%s must be true or false", what)
	}
	var b bool
	err := n.Decode(&b)
	return b, err
}
