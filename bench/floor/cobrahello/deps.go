//go:build deps

package main

// Built with -tags deps (bench/run.sh's cobradeps), the floor also links
// the libraries templ's picker, SMTP delivery and plural forms need. Their
// package inits and larger binary cost every templ start, whatever the
// command; this floor shows how much, apart from templ's own work.
import (
	_ "charm.land/bubbles/v2/help"
	_ "charm.land/bubbles/v2/key"
	_ "charm.land/bubbles/v2/textinput"
	_ "charm.land/bubbletea/v2"
	_ "charm.land/lipgloss/v2"
	_ "github.com/sahilm/fuzzy"
	_ "github.com/wneessen/go-mail"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/text/feature/plural"
)
