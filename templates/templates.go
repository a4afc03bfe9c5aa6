// Package templates embeds the built-in catalogue: one YAML file per
// template, named after its id.
package templates

import "embed"

//go:generate go run ../internal/gencatalogue -dir . -o catalogue_gen.go

// FS holds the built-in templates at its root, as written: lint and export
// read these; render and list use Compiled (catalogue_gen.go).
//
//go:embed *.yaml
var FS embed.FS
