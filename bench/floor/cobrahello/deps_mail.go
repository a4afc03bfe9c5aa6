//go:build deps || mail

package main

// go-mail, for SMTP delivery; it brings crypto/tls too (see deps_tls.go).
import _ "github.com/wneessen/go-mail"
