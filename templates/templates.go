// Package templates embeds the built-in catalogue: one YAML file per
// template, named after its id.
package templates

import "embed"

// Compiled (catalogue_gen.go) stays because without it list parses all 21
// YAML files at every start. Measured 2026-12-01, release builds, hyperfine
// -N, 20 interleaved rounds of 25 runs, median (ratio to the cobra floor,
// bench/floor/cobrahello, 2.18 ms): render refund-accept 2.60 ms (1.19x)
// compiled, 3.07 ms (1.41x) from YAML; list 2.73 ms (1.25x) compiled,
// 7.66 ms (3.51x) from YAML. Targets (issue 12): 1.25x and 1.3x.
//
//go:generate go run ../internal/gencatalogue -dir . -o catalogue_gen.go

// FS holds the built-in templates at its root, as written: lint and export
// read these; render and list use Compiled (catalogue_gen.go).
//
//go:embed *.yaml
var FS embed.FS
