// Package templates embeds the built-in catalogue: one YAML file per
// template, named after its id.
package templates

import "embed"

// FS holds the built-in templates at its root.
//
//go:embed *.yaml
var FS embed.FS
