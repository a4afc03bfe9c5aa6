package send

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Defaults for Options.
const (
	DefaultAttempts = 5
	DefaultBackoff  = time.Second
	DefaultTimeout  = 30 * time.Second
	// DefaultDataTimeout is RFC 5321's wait for the reply to a message's
	// end, after which the message may be delivered already.
	DefaultDataTimeout = 10 * time.Minute
	maxBackoff         = time.Minute
)

// Options configure a Sender.
type Options struct {
	Server      Server
	Password    Secret
	TLSConfig   *tls.Config      // nil: the system's roots, checked against Server.Host
	Rate        Rate             // zero: no cap
	Connections int              // parallel connections; below 1 means 1
	Attempts    int              // tries per message, for temporary failures; 0 means DefaultAttempts
	Backoff     time.Duration    // wait before the first retry, doubled for each next one; 0 means DefaultBackoff
	Timeout     time.Duration    // per SMTP exchange; 0 means DefaultTimeout
	DataTimeout time.Duration    // for the reply to a message's end; 0 means DefaultDataTimeout
	Log         io.Writer        // receives one JSON Result a line; nil for none
	Now         func() time.Time // the clock Rate is kept by; nil means time.Now
}

// Summary counts how records settled.
type Summary struct {
	Sent, Failed, Skipped int
}

// Sender delivers Messages over a pool of SMTP connections. Send queues a
// message; Close waits until every queued one has settled.
type Sender struct {
	opts    Options
	client  *mail.Client
	limit   *limiter
	log     *logWriter
	queue   chan Message
	ctx     context.Context
	cancel  context.CancelCauseFunc
	workers sync.WaitGroup

	sent, failed, skipped atomic.Int64

	last atomic.Pointer[Result] // the last record settled (for SendOne)
}

// Start checks opts and starts the connections' workers. Nothing is dialled
// until the first message. ctx ending (an interrupt) stops the sender: a
// message on the wire is finished and logged, the rest stay unsent.
func Start(ctx context.Context, opts Options) (*Sender, error) {
	if err := opts.Server.Check(); err != nil {
		return nil, err
	}
	if opts.Connections < 1 {
		opts.Connections = 1
	}
	if opts.Attempts < 1 {
		opts.Attempts = DefaultAttempts
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.DataTimeout <= 0 {
		opts.DataTimeout = DefaultDataTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	client, err := newClient(opts)
	if err != nil {
		return nil, err
	}
	s := &Sender{
		opts:   opts,
		client: client,
		limit:  newLimiter(opts.Rate, opts.Now),
		log:    &logWriter{w: opts.Log},
		queue:  make(chan Message, opts.Connections),
	}
	s.ctx, s.cancel = context.WithCancelCause(ctx)
	for range opts.Connections {
		s.workers.Add(1)
		go s.work()
	}
	return s, nil
}

// newClient sets up go-mail for the server: its TLS policy and
// authentication (the best mechanism the server offers, never a plain-text
// one over an unencrypted connection).
func newClient(opts Options) (*mail.Client, error) {
	s := opts.Server
	tlsConfig := opts.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	options := []mail.Option{
		mail.WithPort(s.port()),
		mail.WithTimeout(opts.Timeout),
		mail.WithTLSConfig(tlsConfig),
	}
	switch s.TLS {
	case TLSImplicit:
		options = append(options, mail.WithSSL())
	case TLSNone:
		options = append(options, mail.WithTLSPolicy(mail.NoTLS))
	default:
		options = append(options, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Username != "" {
		options = append(options, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.Username), mail.WithPassword(opts.Password.value))
	}
	c, err := mail.NewClient(s.Host, options...)
	if err != nil {
		return nil, fmt.Errorf("smtp %s: %v", s.Host, err)
	}
	return c, nil
}

// Send queues m. It blocks while every connection is busy, and fails once
// the sender has stopped (interrupted, or a fatal error such as a refused
// login), with the reason.
func (s *Sender) Send(m Message) error {
	select {
	case s.queue <- m:
		return nil
	case <-s.ctx.Done():
		return context.Cause(s.ctx)
	}
}

// Skip logs m as skipped: an earlier run sent it.
func (s *Sender) Skip(m Message) error {
	s.skipped.Add(1)
	return s.log.write(Result{Record: m.Record, Line: m.Line, Recipients: m.Recipients,
		MessageID: m.MessageID, Status: StatusSkipped, Template: m.Template})
}

// Stats counts the records settled so far; safe to call while sending.
func (s *Sender) Stats() Summary {
	return Summary{Sent: int(s.sent.Load()), Failed: int(s.failed.Load()), Skipped: int(s.skipped.Load())}
}

// Close waits for every queued message to settle and hangs up. The error
// is why the sender stopped early (the context's, or a fatal one), or a
// failed write to the log; records that failed are counted, not errors.
func (s *Sender) Close() (Summary, error) {
	close(s.queue)
	s.workers.Wait()
	err := context.Cause(s.ctx)
	s.cancel(nil)
	if err == nil {
		s.log.mu.Lock()
		err = s.log.err
		s.log.mu.Unlock()
		if err != nil {
			err = &LogError{err}
		}
	}
	return s.Stats(), err
}

// LogError is a write to the log that failed (a full disk): the sender
// stops, since what it sends next could not be resumed.
type LogError struct{ Err error }

func (e *LogError) Error() string { return "writing the log: " + e.Err.Error() }
func (e *LogError) Unwrap() error { return e.Err }

// Unlogged are the records that settled after a write to the log failed
// (a full disk): sent or failed, but not in the log, so --resume would
// send them again; and why the log could not be written. Call it after
// Close.
func (s *Sender) Unlogged() ([]Result, error) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]Result(nil), s.log.lost...), s.log.err
}

// work runs one connection: it takes messages until the queue closes or
// the sender stops, and settles each.
func (s *Sender) work() {
	defer s.workers.Done()
	c := &conn{s: s}
	defer c.hangUp()
	for m := range s.queue {
		if s.ctx.Err() != nil {
			continue // drain: the rest stay unsent and unlogged
		}
		res, err := c.deliver(m)
		if err != nil {
			s.cancel(err)
			continue
		}
		if res.Status == "" {
			continue // interrupted before it was settled
		}
		s.last.Store(&res)
		if res.Status == StatusSent {
			s.sent.Add(1)
		} else {
			s.failed.Add(1)
		}
		if err := s.log.write(res); err != nil {
			s.cancel(&LogError{err})
		}
	}
}

// deliver sends m, retrying temporary failures with a doubling wait. It
// returns m's Result; a Result with no Status when the sender stopped first;
// or an error that must stop every connection.
func (c *conn) deliver(m Message) (Result, error) {
	s := c.s
	res := Result{Record: m.Record, Line: m.Line, Recipients: m.Recipients, MessageID: m.MessageID, Template: m.Template}
	wait := s.opts.Backoff
	for attempt := 1; ; attempt++ {
		res.Attempts = attempt
		reply, err := c.transact(m)
		if err == errInterrupted {
			return Result{}, nil
		}
		if err == nil {
			res.Status, res.Reply = StatusSent, reply
			return res, nil
		}
		f := classify(err)
		if s.ctx.Err() != nil && !f.answered {
			return Result{}, nil // the dial was cut short by the interrupt
		}
		if f.fatal {
			return Result{}, readable(err)
		}
		res.Reply = f.reply
		if !f.temporary {
			res.Status = StatusFailed
			return res, nil
		}
		if attempt == s.opts.Attempts && !f.answered {
			// No reply at all, try after try: the server is down or hung,
			// and every record after this one would wait as long. Stop;
			// this record is not logged, so --resume sends it.
			return Result{}, fmt.Errorf("no answer after %d attempts: %s", attempt, f.reply)
		}
		if attempt == s.opts.Attempts {
			res.Status = StatusFailed
			res.Reply = f.reply + " (temporary; gave up after " + strconv.Itoa(attempt) + " attempts)"
			return res, nil
		}
		if sleep(s.ctx, wait) != nil {
			return Result{}, nil
		}
		wait = min(2*wait, maxBackoff)
	}
}

// Probe connects, starts TLS and logs in once, then hangs up, so a wrong
// host, certificate or password is found before a batch spends time
// checking its records.
func Probe(ctx context.Context, opts Options) error {
	if err := opts.Server.Check(); err != nil {
		return err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	client, err := newClient(opts)
	if err != nil {
		return err
	}
	c, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return readable(err)
	}
	c.UpdateDeadline(opts.Timeout)
	return c.Quit()
}

// SendOne delivers one message, as a single render's --send does, and
// returns how it settled. The error is why it could not be tried (a refused
// login, an interrupt); a refusal by the server is a Result with status
// failed and the server's reply.
func SendOne(ctx context.Context, opts Options, m Message) (Result, error) {
	opts.Connections = 1
	s, err := Start(ctx, opts)
	if err != nil {
		return Result{}, err
	}
	if err := s.Send(m); err != nil {
		s.Close()
		return Result{}, err
	}
	_, err = s.Close()
	var le *LogError
	if r := s.last.Load(); r != nil && (err == nil || errors.As(err, &le)) {
		return *r, err // settled; a LogError says the log does not show it
	}
	if err != nil {
		return Result{}, err
	}
	return Result{}, errors.New("the message did not settle")
}
