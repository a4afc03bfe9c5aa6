package main

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/templ-mail/templ/internal/testcert"
)

// debianPython is the interpreter that sees Debian's python3-aiosmtpd; a
// python3 earlier on PATH (pyenv, a venv) may not.
func debianPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// cmdSMTPD starts Debian's aiosmtpd on a free loopback port, with the
// handler class given (a module in the script's work directory), and sets
// $SMTP_PORT. The server stops when the script ends.
//
//	smtpd save.Save received
func cmdSMTPD(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: smtpd HANDLER-CLASS [ARG...]")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmdArgs := append([]string{"-m", "aiosmtpd", "-n", "-l", addr, "-c"}, args...)
	cmd := exec.Command(debianPython(), cmdArgs...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+ts.Getenv("WORK"), "PYTHONDONTWRITEBYTECODE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		ts.Fatalf("smtpd: %v (install python3-aiosmtpd; scripts/test.sh does)", err)
	}
	ts.Defer(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(15 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			ts.Fatalf("smtpd: aiosmtpd did not listen on %s: %v\n%s", addr, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Setenv("SMTP_PORT", strconv.Itoa(port))
}

// cmdWaitLines waits until a file has at least N lines (a --log being
// written by a command in the background), for up to a minute:
//
//	waitlines run.log 3
func cmdWaitLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitlines FILE N")
	}
	want, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("waitlines: %q is not a number", args[1])
	}
	var got int
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, _ := os.ReadFile(ts.MkAbs(args[0]))
		if got = bytes.Count(data, []byte("\n")); got >= want {
			return
		}
	}
	ts.Fatalf("waitlines: %s has %d lines after a minute, want %d", args[0], got, want)
}

// cmdGoSMTPD starts emersion/go-smtp's server on a free loopback port with
// STARTTLS (a certificate made now, trusted through $SSL_CERT_FILE) and
// AUTH PLAIN for support@acme.example with the password in $WANT_PASSWORD.
// It sets $SMTP_PORT and writes each message it accepts to DIR/N.eml, and
// takes it with $SMTPD_REPLY's text (Go escapes allowed) when that is set.
//
//	gosmtpd received
func cmdGoSMTPD(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gosmtpd DIR")
	}
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	c, err := testcert.New()
	ts.Check(err)
	certPEM, cert := c.PEM, c.TLS
	caFile := ts.MkAbs("smtpd-ca.pem")
	ts.Check(os.WriteFile(caFile, certPEM, 0o644))
	reply, err := strconv.Unquote(`"` + ts.Getenv("SMTPD_REPLY") + `"`) // Go escapes: \x1b
	ts.Check(err)
	b := &goBackend{dir: dir, password: ts.Getenv("WANT_PASSWORD"), reply: reply}
	s := gosmtp.NewServer(b)
	s.Domain = "localhost"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	go s.Serve(ln)
	ts.Defer(func() { s.Close() })
	ts.Setenv("SMTP_PORT", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	ts.Setenv("SSL_CERT_FILE", caFile)
}

type goBackend struct {
	dir, password string
	reply         string // $SMTPD_REPLY: the text of the 250 that takes a message
	mu            sync.Mutex
	n             int
}

func (b *goBackend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &goSession{b: b}, nil }

type goSession struct {
	b      *goBackend
	authed bool
}

func (s *goSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *goSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "support@acme.example" || pass != s.b.password {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}
func (s *goSession) Mail(string, *gosmtp.MailOptions) error {
	if !s.authed {
		return gosmtp.ErrAuthRequired
	}
	return nil
}
func (s *goSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *goSession) Reset()                                 {}
func (s *goSession) Logout() error                          { return nil }
func (s *goSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.n++
	if err := os.WriteFile(filepath.Join(s.b.dir, fmt.Sprintf("%05d.eml", s.b.n)), data, 0o644); err != nil || s.b.reply == "" {
		return err
	}
	return &gosmtp.SMTPError{Code: 250, EnhancedCode: gosmtp.EnhancedCode{2, 0, 0}, Message: s.b.reply}
}
