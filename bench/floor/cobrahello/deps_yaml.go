//go:build deps || yaml

package main

// YAML templates and plural forms (see deps_tls.go).
import (
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/text/feature/plural"
)
