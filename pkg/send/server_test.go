package send

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/templ-mail/templ/internal/testcert"
)

// The tests' SMTP server: emersion/go-smtp on 127.0.0.1, STARTTLS with a
// certificate made for the test, AUTH PLAIN required before MAIL. Faults
// are injected through its hooks.

const (
	testUser     = "support@example.com"
	testPassword = "pw-Zq8!x-never-printed"
)

type delivery struct {
	From       string
	Recipients []string
	Data       []byte
	TLS        bool
	UTF8       bool      // MAIL FROM carried the SMTPUTF8 parameter
	At         time.Time // when the transaction began (MAIL)
}

// MessageID is the delivered message's Message-ID.
func (d delivery) MessageID() string {
	m, err := mail.ReadMessage(bytes.NewReader(d.Data))
	if err != nil {
		return "unparsable: " + err.Error()
	}
	return m.Header.Get("Message-ID")
}

type testServer struct {
	addr string
	tls  *tls.Config // for the client: trusts the server's certificate

	mu        sync.Mutex
	delivered []delivery
	dataCount int // DATA commands that reached the hook, accepted or not
	sessions  int // logged-in sessions (go-smtp starts another after STARTTLS)
	active    int // logged-in sessions open now
	maxActive int
	authFails int

	// Hooks, set before the first message. rcpt may refuse a recipient;
	// data sees every message's data (n counts from 1, retries included)
	// and may refuse it, or drop the connection by closing conn.
	rcpt func(to string) error
	data func(n int, conn net.Conn, d delivery) error
}

func startServer(t *testing.T) *testServer { return startServerMode(t, false) }

// startServerMode starts the server; implicit makes it speak TLS from the
// first byte (smtp.tls: tls, port 465) instead of offering STARTTLS.
func startServerMode(t *testing.T, implicit bool) *testServer {
	t.Helper()
	return startServerWith(t, implicit, nil)
}

// startServerWith starts the server after configure has adjusted it (to
// offer SMTPUTF8, say); configure may be nil.
func startServerWith(t *testing.T, implicit bool, configure func(*smtp.Server)) *testServer {
	t.Helper()
	c, err := testcert.New()
	if err != nil {
		t.Fatal(err)
	}
	cert, pool := c.TLS, c.Pool
	ts := &testServer{tls: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{ts: ts, c: c}, nil
	}))
	s.Domain = "localhost"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.ErrorLog = quietLog{}
	if configure != nil {
		configure(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	if implicit {
		ln = tls.NewListener(ln, s.TLSConfig)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return ts
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

func (ts *testServer) port(t *testing.T) int {
	_, p, _ := net.SplitHostPort(ts.addr)
	var n int
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

// options are Options for this server with the right password and quick
// retries.
func (ts *testServer) options(t *testing.T) Options {
	return Options{
		Server:    Server{Host: "127.0.0.1", Port: ts.port(t), Username: testUser, TLS: TLSStartTLS},
		Password:  NewSecret(testPassword),
		TLSConfig: ts.tls,
		Backoff:   5 * time.Millisecond,
		Timeout:   5 * time.Second,
	}
}

func (ts *testServer) deliveries() []delivery {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.delivered...)
}

type session struct {
	ts     *testServer
	c      *smtp.Conn
	authed bool
	cur    delivery
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != testUser || password != testPassword {
			s.ts.mu.Lock()
			s.ts.authFails++
			s.ts.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		s.authed = true
		s.ts.mu.Lock()
		s.ts.sessions++
		s.ts.active++
		s.ts.maxActive = max(s.ts.maxActive, s.ts.active)
		s.ts.mu.Unlock()
		return nil
	}), nil
}

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	_, isTLS := s.c.TLSConnectionState()
	s.cur = delivery{From: from, TLS: isTLS, UTF8: opts != nil && opts.UTF8, At: time.Now()}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.ts.rcpt != nil {
		if err := s.ts.rcpt(to); err != nil {
			return err
		}
	}
	s.cur.Recipients = append(s.cur.Recipients, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.ts.mu.Lock()
	s.ts.dataCount++
	n := s.ts.dataCount
	s.ts.mu.Unlock()
	if s.ts.data != nil {
		if err := s.ts.data(n, s.c.Conn(), s.cur); err != nil {
			return err
		}
	}
	s.ts.mu.Lock()
	s.ts.delivered = append(s.ts.delivered, s.cur)
	s.ts.mu.Unlock()
	return nil
}

func (s *session) Reset() { s.cur = delivery{} }

func (s *session) Logout() error {
	if s.authed {
		s.ts.mu.Lock()
		s.ts.active--
		s.ts.mu.Unlock()
	}
	return nil
}

// errDropped tells the server the hook closed the connection.
var errDropped = errors.New("connection dropped by the test")

// smtpErr builds a reply the server sends as written: code, then text.
func smtpErr(code int, text string) smtp.SMTPError {
	return smtp.SMTPError{Code: code, EnhancedCode: smtp.NoEnhancedCode, Message: text}
}
