// Package templates embeds the built-in catalogue: one YAML file per
// template, named after its id.
package templates

import "embed"

// Compiled (catalogue_gen.go) stays: without it list parses every YAML file
// at every start and a render parses one. Measured 2026-12-01 on
// release builds (CGO_ENABLED=0 -trimpath -ldflags "-s -w"), 600 runs of each
// command interleaved, median as a ratio to the cobra floor
// (bench/floor/cobrahello): render refund-accept 1.14x compiled, 1.35x from
// YAML; list 1.17x compiled, 3.34x from YAML. Targets (issue 12): render
// 1.25x, list 1.3x; a second run gave 1.16x/1.37x and 1.16x/3.38x.
//
//go:generate go run ../internal/gencatalogue -dir . -o catalogue_gen.go

// FS holds the built-in templates at its root, as written: lint and export
// read these; render and list use Compiled (catalogue_gen.go).
//
//go:embed *.yaml
var FS embed.FS
