package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// configVar is one entry of the config's vars: a value for every language,
// or one per language, as a template's default is.
type configVar struct {
	name   string
	plain  string
	byLang map[string]string // nil for a plain value
}

// VarsFor is the config's vars as a render in lang sees them: a language's
// own value, else the one plain value. A variable whose map lacks lang is
// left out, so the template's default for lang fills it.
func (cfg *Config) VarsFor(lang string) *vars.Values {
	out := &vars.Values{}
	for _, v := range cfg.vars {
		if v.byLang == nil {
			out.Set(v.name, v.plain)
		} else if val, ok := v.byLang[lang]; ok {
			out.Set(v.name, val)
		}
	}
	return out
}

func (cfg *Config) parseVars(path string, n *yaml.Node) error {
	if n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("vars must be a map of variable names to values")
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := n.Content[j], n.Content[j+1]
		at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d:%d: vars: %q", path, n.Line, n.Column, k.Value) }
		cv := configVar{name: k.Value}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag == "!!null" {
				continue
			}
			cv.plain = v.Value
		case yaml.MappingNode:
			cv.byLang = map[string]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				lk, lv := v.Content[i], v.Content[i+1]
				if !template.ValidLang(lk.Value) {
					return placedError{fmt.Errorf("%s: %q is not a language code (like en or bg)", at(lk), lk.Value)}
				}
				if lv.Kind != yaml.ScalarNode {
					return placedError{fmt.Errorf("%s: %s must be text, a number or true/false", at(lv), lk.Value)}
				}
				if lv.Tag != "!!null" {
					cv.byLang[lk.Value] = lv.Value
				}
			}
		default:
			return placedError{fmt.Errorf("%s must be text, a number or true/false, or a map of languages to text", at(k))}
		}
		cfg.vars = append(cfg.vars, cv)
	}
	return nil
}
