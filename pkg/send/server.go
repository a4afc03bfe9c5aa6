// Package send delivers rendered emails over SMTP: one connection per
// worker, a shared rate limit, retries for temporary failures, and a log of
// how each record settled so an interrupted batch can be resumed.
package send

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// TLS modes of the config's smtp.tls.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (the default); refuses a server without it
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: a local relay only
)

// Server is the config's smtp section.
type Server struct {
	Host            string
	Port            int    // 0: 587 for starttls, 465 for tls, 25 for none
	Username        string // empty: no authentication
	TLS             string // TLSStartTLS, TLSImplicit or TLSNone; empty means TLSStartTLS
	PasswordCommand string // run with sh -c; its stdout is the password
}

// PasswordEnv is the environment variable that holds the SMTP password.
const PasswordEnv = "TEMPL_SMTP_PASSWORD"

// Check reports the first setting that cannot work, naming the config key.
func (s Server) Check() error {
	if s.Host == "" {
		return errors.New("smtp.host is not set; set it with: templ config set smtp.host HOST")
	}
	if strings.ContainsAny(s.Host, " \t\r\n/") {
		return fmt.Errorf("smtp.host %q is not a host name", s.Host)
	}
	if s.Port < 0 || s.Port > 65535 {
		return fmt.Errorf("smtp.port %d is not a port; use 1 to 65535", s.Port)
	}
	switch s.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("smtp.tls %q is not starttls, tls or none", s.TLS)
	}
	return nil
}

// port is the port to dial: the configured one, else the usual one for the
// TLS mode.
func (s Server) port() int {
	switch {
	case s.Port != 0:
		return s.Port
	case s.TLS == TLSImplicit:
		return 465
	case s.TLS == TLSNone:
		return 25
	}
	return 587
}

// Secret holds a password. It prints as "[redacted]" in every fmt verb, so
// an error or debug line that picks it up by mistake shows nothing.
type Secret struct{ value string }

func (Secret) String() string   { return "[redacted]" }
func (Secret) GoString() string { return "send.Secret{[redacted]}" }

// IsZero reports whether no password was given.
func (s Secret) IsZero() bool { return s.value == "" }

// NewSecret wraps a password (tests and callers that read it themselves).
func NewSecret(p string) Secret { return Secret{p} }

// Password finds the SMTP password: TEMPL_SMTP_PASSWORD, else the output of
// smtp.password_command run with sh -c (as msmtp's passwordeval), with one
// trailing newline removed. Without a username no password is needed and
// none is looked for. The command's stderr goes to stderr, so a password
// manager can ask for its passphrase; its stdout is never shown, not even in
// an error.
func Password(ctx context.Context, s Server, getenv func(string) string, stderr io.Writer) (Secret, error) {
	if s.Username == "" {
		return Secret{}, nil
	}
	if p := getenv(PasswordEnv); p != "" {
		return Secret{p}, nil
	}
	if s.PasswordCommand == "" {
		return Secret{}, fmt.Errorf("smtp.username is set but there is no password; set %s or smtp.password_command", PasswordEnv)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", s.PasswordCommand)
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Run(); err != nil {
		return Secret{}, fmt.Errorf("smtp.password_command failed (%v); run it by hand to see why", err)
	}
	p := strings.TrimSuffix(strings.TrimSuffix(out.String(), "\n"), "\r")
	if p == "" {
		return Secret{}, errors.New("smtp.password_command printed no password; run it by hand to check it")
	}
	return Secret{p}, nil
}
