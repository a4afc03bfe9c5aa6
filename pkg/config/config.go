// Package config finds and reads templ's configuration file and the
// directories templates come from.
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
	"github.com/templ-mail/templ/pkg/vars"
)

// Config is the file of product.md's "Configuration".
type Config struct {
	Lang string
	From string
	Vars *vars.Values
	Path string // the file it was read from; "" when there was none

	HTML       bool   // html: true adds an HTML part to eml and mbox
	HTMLLayout string // html_layout: the layout file, relative paths resolved against the config's directory
	SMTP       SMTP   // smtp: where --send delivers
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
	cfg := &Config{Vars: &vars.Values{}}
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
	return cfg, parse(cfg, path, data)
}

func parse(cfg *Config, path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return template.YAMLError(path, data, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: the config must be a map with lang, from, vars, html, html_layout and smtp", path, root.Line, root.Column)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", path, k.Line, k.Column)
		switch k.Value {
		case "lang", "from":
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("%s: %s must be text", at, k.Value)
			}
			if k.Value == "lang" {
				cfg.Lang = v.Value
			} else {
				cfg.From = v.Value
			}
		case "vars":
			if v.Kind != yaml.MappingNode {
				return fmt.Errorf("%s: vars must be a map of variable names to values", at)
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				vk, vv := v.Content[j], v.Content[j+1]
				if vv.Kind != yaml.ScalarNode {
					return fmt.Errorf("%s:%d:%d: vars: %q must be text, a number or true/false", path, vk.Line, vk.Column, vk.Value)
				}
				if vv.Tag != "!!null" {
					cfg.Vars.Set(vk.Value, vv.Value)
				}
			}
		case "html", "html_layout", "smtp":
			if err := parseDelivery(cfg, path, at, k.Value, v); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unknown key %q (allowed: lang, from, vars, html, html_layout, smtp)", at, k.Value)
		}
	}
	return nil
}
