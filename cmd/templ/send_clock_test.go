package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/templ-mail/templ/pkg/cli"
)

// TestSendRateKeptByIONow: --send --rate runs by cli.IO's clock. A clock a
// minute further on at every look lets three records at 1/min through at
// once; if --rate read time.Now, the second would wait a minute.
func TestSendRateKeptByIONow(t *testing.T) {
	var mu sync.Mutex
	got := 0
	s := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &countSession{mu: &mu, got: &got}, nil
	}))
	s.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })

	dir := t.TempDir()
	config := fmt.Sprintf("from: Support <support@example.com>\nsmtp:\n  host: 127.0.0.1\n  port: %d\n  tls: none\n",
		ln.Addr().(*net.TCPAddr).Port)
	writeFiles(t, dir, map[string]string{"templ/config.yaml": config, "d.csv": customersCSV(3)})
	env := map[string]string{"XDG_CONFIG_HOME": dir}
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	var stdout, stderr bytes.Buffer
	stdio := cli.IO{
		In: strings.NewReader(""), Out: &stdout, Err: &stderr,
		Getenv:  func(k string) string { return env[k] },
		Environ: func() []string { return nil },
		Now: func() time.Time {
			clockMu.Lock()
			defer clockMu.Unlock()
			clock = clock.Add(time.Minute)
			return clock
		},
	}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main([]string{"render", "refund-reject", "--data", filepath.Join(dir, "d.csv"),
			"--to", "[Name] <user@example.com>", "--send", "--rate", "1/min"}, stdio, "v0.0.0-test")
	}()
	select {
	case code := <-done:
		if code != 0 || stderr.String() != "templ: sent 3, failed 0\n" {
			t.Errorf("exit %d, stderr %q; want 0 and the count", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("--rate 1/min held the batch for 20 s: it does not run by IO.Now (stderr %q)", stderr.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if got != 3 {
		t.Errorf("server got %d messages, want 3", got)
	}
}

// countSession counts the messages it accepts.
type countSession struct {
	mu  *sync.Mutex
	got *int
}

func (s *countSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *countSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *countSession) Reset()                                 {}
func (s *countSession) Logout() error                          { return nil }
func (s *countSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.mu.Lock()
	*s.got++
	s.mu.Unlock()
	return nil
}
