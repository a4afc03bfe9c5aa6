package send

import (
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail/smtp"
)

// conn is one worker's SMTP connection, dialled on first use and again
// after it breaks.
type conn struct {
	s *Sender
	c *smtp.Client
}

// dialError marks a failure to connect, log in or start TLS.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// errInterrupted: the sender stopped before the transaction began.
var errInterrupted = errors.New("interrupted")

// permanentError is a failure of this message that no retry can fix,
// found before the server was asked.
type permanentError struct{ msg string }

func (e *permanentError) Error() string { return e.msg }

func (c *conn) dial() error {
	cl, err := c.s.client.DialToSMTPClientWithContext(c.s.ctx)
	if err != nil {
		return &dialError{err}
	}
	c.c = cl
	return nil
}

// transact runs one mail transaction and returns the server's reply to
// the message's data.
func (c *conn) transact(m Message) (string, error) {
	if c.c == nil {
		if err := c.dial(); err != nil {
			return "", err
		}
	}
	// The rate counts transactions, so the wait comes after the dial, right
	// before MAIL: a slow TLS handshake cannot bunch two starts together.
	if c.s.limit.wait(c.s.ctx) != nil {
		return "", errInterrupted
	}
	// go-mail sets a deadline once, at dial; each exchange gets a fresh
	// one, so Timeout bounds a silence, not a whole (large) message.
	if err := c.deadline(c.s.opts.Timeout); err != nil {
		return "", err
	}
	if needsSMTPUTF8(m) {
		if ok, _ := c.c.Extension("SMTPUTF8"); !ok {
			return "", &permanentError{"the server does not offer SMTPUTF8, which a non-ASCII address needs"}
		}
	}
	if err := c.c.Mail("<" + m.From + ">"); err != nil {
		return "", c.abort(err)
	}
	for _, rcpt := range m.Recipients {
		// One refused recipient fails the whole record, and none of its
		// recipients get it: a partial delivery could not be resumed
		// without sending someone the message twice.
		if err := c.deadline(c.s.opts.Timeout); err != nil {
			return "", err
		}
		if err := c.c.Rcpt("<" + rcpt + ">"); err != nil {
			return "", c.abort(err)
		}
	}
	if err := c.deadline(c.s.opts.Timeout); err != nil {
		return "", err
	}
	w, err := c.c.Data()
	if err != nil {
		return "", c.abort(err)
	}
	if err := c.writeBody(w, m.Data); err != nil {
		c.drop()
		return "", err
	}
	// The server has the whole message now and may take long to take
	// responsibility for it: a timeout here would send it twice
	// (RFC 5321 4.5.3.2.6 gives this wait 10 minutes).
	if err := c.deadline(max(c.s.opts.Timeout, c.s.opts.DataTimeout)); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", c.abort(err)
	}
	reply := "250"
	if dc, ok := w.(*smtp.DataCloser); ok && dc.ServerResponse() != "" {
		reply += " " + dc.ServerResponse()
	}
	return reply, nil
}

// deadline gives the next exchange d; a connection that cannot take one
// is dropped.
func (c *conn) deadline(d time.Duration) error {
	if err := c.c.UpdateDeadline(d); err != nil {
		c.drop()
		return err
	}
	return nil
}

// writeBody writes the message in pieces, each with a fresh deadline, so a
// large attachment on a slow line is not cut off while it moves.
func (c *conn) writeBody(w io.Writer, data []byte) error {
	const piece = 64 << 10
	for len(data) > 0 {
		n := min(len(data), piece)
		if err := c.c.UpdateDeadline(c.s.opts.Timeout); err != nil {
			return err
		}
		if _, err := w.Write(data[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// abort ends a transaction the server refused: RSET when the connection
// is still good, else hang up so the next try dials again.
func (c *conn) abort(err error) error {
	var tpErr *textproto.Error
	if errors.As(err, &tpErr) && tpErr.Code != 421 {
		if c.c.Reset() == nil {
			return err
		}
	}
	c.drop()
	return err
}

// drop closes a connection that cannot be used again, without QUIT.
func (c *conn) drop() {
	if c.c != nil {
		c.c.Close()
		c.c = nil
	}
}

// hangUp ends the connection politely.
func (c *conn) hangUp() {
	if c.c != nil {
		c.c.UpdateDeadline(c.s.opts.Timeout)
		c.c.Quit()
		c.c = nil
	}
}

func needsSMTPUTF8(m Message) bool {
	for _, a := range append([]string{m.From}, m.Recipients...) {
		for i := 0; i < len(a); i++ {
			if a[i] >= 0x80 {
				return true
			}
		}
	}
	return false
}

// failure says what a transaction's error means for the message.
type failure struct {
	reply     string // for the log: the server's reply, or what went wrong
	answered  bool   // the server replied (the error is not a lost connection)
	temporary bool   // worth another try
	fatal     bool   // no message can be sent: stop the batch
}

// classify sorts an error of transact. A 4xx reply and a lost connection
// are temporary; a 5xx reply is permanent for this message; failing to
// log in or to start TLS is fatal, since every message would fail the same
// way (a server that cannot be reached at all is temporary, and retried).
func classify(err error) failure {
	var tpErr *textproto.Error
	var pErr *permanentError
	var dErr *dialError
	switch {
	case errors.As(err, &pErr):
		return failure{reply: pErr.msg}
	case errors.As(err, &tpErr):
		f := failure{reply: strconv.Itoa(tpErr.Code) + " " + tpErr.Msg, answered: true, temporary: tpErr.Code/100 == 4}
		if errors.As(err, &dErr) && !f.temporary {
			f.fatal = true
		}
		return f
	case errors.As(err, &dErr):
		if isNetError(dErr.err) {
			return failure{reply: "cannot connect: " + dErr.err.Error(), temporary: true}
		}
		return failure{reply: dErr.err.Error(), fatal: true}
	}
	return failure{reply: fmt.Sprintf("connection lost: %v", err), temporary: true}
}

// readableError keeps err but shows a server reply in it as the server
// sent it: "535 5.7.8 Authentication failed" (net/textproto quotes the
// text).
type readableError struct {
	msg string
	err error
}

func (e *readableError) Error() string { return e.msg }
func (e *readableError) Unwrap() error { return e.err }

func readable(err error) error {
	var tpErr *textproto.Error
	if err == nil || !errors.As(err, &tpErr) {
		return err
	}
	plain := strconv.Itoa(tpErr.Code) + " " + tpErr.Msg
	return &readableError{strings.Replace(err.Error(), tpErr.Error(), plain, 1), err}
}
