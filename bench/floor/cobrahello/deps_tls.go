//go:build deps || tls

package main

// The floors built with a tag (bench/run.sh's cobra* binaries) link some of
// the libraries templ links, unused: their package inits and larger binary
// cost every templ start, whatever the command. Each tag is one group, so
// the report shows what each costs; -tags deps links all of them (the
// libraries floor). This group: crypto/tls, for SMTP.
import _ "crypto/tls"
