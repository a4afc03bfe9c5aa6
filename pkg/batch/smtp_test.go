package batch

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/send"
)

// sink is an SMTP server that keeps the recipients of what it accepts.
type sink struct {
	mu    sync.Mutex
	rcpts []string
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct {
	s    *sink
	rcpt []string
}

func (x *sinkSession) Reset()                               { x.rcpt = nil }
func (x *sinkSession) Logout() error                        { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.rcpt = append(x.rcpt, to)
	return nil
}
func (x *sinkSession) Data(r io.Reader) error {
	io.Copy(io.Discard, r)
	x.s.mu.Lock()
	x.s.rcpts = append(x.s.rcpts, x.rcpt...)
	x.s.mu.Unlock()
	return nil
}

func startSink(t *testing.T) (*sink, int) {
	s := &sink{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s, ln.Addr().(*net.TCPAddr).Port
}

// TestRunSMTP sends a batch through the SMTP sink: --shard takes the odd
// records, the progress line (a terminal's) counts sent and failed and
// shows the rate, and the summary line closes it.
func TestRunSMTP(t *testing.T) {
	srv, port := startSink(t)
	csv := "Name\n" + strings.Repeat("Ivan\nPetar\n", 6)
	o, _, errb := newRun(t, csv, email.EML, &SMTP{Options: send.Options{
		Server: send.Server{Host: "127.0.0.1", Port: port, TLS: send.TLSNone},
		// 6 messages at 3/s: the pass queues the last at about 1.3 s, and
		// the progress line shows from 1 s on.
		Rate: send.Rate{N: 3, Per: time.Second},
	}})
	o.Composer.Addresses = &email.Addresses{To: []string{"[Name]@example.com"}, From: "support@acme.example", FromWhere: "--from"}
	o.Shard = Shard{I: 1, N: 2}
	o.Progress, o.Now = true, time.Now
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v (stderr %q)", err, errb)
	}
	if got := strings.Join(srv.rcpts, " "); got != strings.TrimSpace(strings.Repeat("Ivan@example.com ", 6)) {
		t.Errorf("delivered to %s; want the 6 odd records (Ivan)", got)
	}
	lines := strings.Split(errb.String(), "\r")
	last := lines[len(lines)-1]
	// The progress line counts what has settled, so its last one may be a
	// message short; the summary after it is the whole run's.
	if len(lines) < 3 || lines[0] != "" || !strings.HasPrefix(last, "templ: sent ") || !strings.Contains(last, ", failed 0 of 6, ") ||
		!strings.HasSuffix(last, "/s\ntempl: sent 6, failed 0\n") {
		t.Errorf("stderr %q; want progress lines, then the final count and the summary", errb.String())
	}
}

// TestRunMessageIDsStable: without SOURCE_DATE_EPOCH a batch still gives
// each record the same Message-ID on every run (a resumed --send relies on
// it), and different records different ones.
func TestRunMessageIDsStable(t *testing.T) {
	ids := func() []string {
		var stdout bytes.Buffer
		o, _, errb := newRun(t, "Name\nIvan\nIvan\nPetar\n", email.Mbox, &Stream{Out: &stdout})
		o.Composer.Addresses = &email.Addresses{To: []string{"[Name]@example.com"}, From: "support@acme.example", FromWhere: "--from"}
		o.Composer.Clock.Now = time.Now
		if err := Run(context.Background(), o); err != nil {
			t.Fatalf("Run: %v (stderr %q)", err, errb)
		}
		var out []string
		for _, line := range strings.Split(stdout.String(), "\n") {
			if strings.HasPrefix(line, "Message-ID: ") {
				out = append(out, line)
			}
		}
		return out
	}
	first, second := ids(), ids()
	if len(first) != 3 || strings.Join(first, "\n") != strings.Join(second, "\n") {
		t.Errorf("runs gave %q then %q; want the same 3 ids", first, second)
	}
	if first[0] == first[1] || first[1] == first[2] {
		t.Errorf("ids %q: two records share one", first)
	}
}
