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

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/template"
)

// Config is the file of product.md's "Configuration".
type Config struct {
	Lang string
	From string
	Path string // the file it was read from; "" when there was none

	HTML       bool   // html: true adds an HTML part to eml and mbox
	HTMLLayout string // html_layout: the layout file, relative paths resolved against the config's directory
	SMTP       SMTP   // smtp: where --send delivers

	vars []configVar // in the file's order
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
		return nil, fmt.Errorf("config %s: %v", path, readfile.UnwrapPath(err))
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
		return fmt.Errorf("%s:%d:%d: the config must be a map with lang, from, vars, html, html_layout and smtp", path, root.Line, root.Column)
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
		case "vars":
			err = cfg.parseVars(path, v)
		case "html", "html_layout", "smtp":
			// parseDelivery's errors name their place already.
			if err := parseDelivery(cfg, path, at, k.Value, v); err != nil {
				return err
			}
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

// topKeys are the config file's keys, in the order errors list them.
var topKeys = []string{"lang", "from", "vars", "html", "html_layout", "smtp"}

func text(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("%s must be text", what)
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}
