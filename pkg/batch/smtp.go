package batch

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/send"
)

// SMTP delivers each message over SMTP (pkg/send): several connections,
// a rate cap, retries, and a log of how each record settled. A record the
// resume log shows as sent is logged as skipped and not sent again.
type SMTP struct {
	Options send.Options
	Resume  *send.Resume // --resume; nil sends every record
	Log     string       // --log FILE: opened (appended to) once every record has passed
}

type smtpRun struct {
	s      *SMTP
	ctx    context.Context
	sender *send.Sender
	log    *os.File
	sum    *send.Summary // set once the sender is closed
	err    error         // why the sender stopped early
	// changed counts records the resume log shows as sent with another
	// Message-ID: the record's email changed since (first is the first).
	changed, first int
	start          time.Time
	now            func() time.Time
}

func (s *SMTP) start(ctx context.Context, o *Options) (sinkRun, error) {
	if err := s.Options.Server.Check(); err != nil {
		return nil, inputErrorf("%v", err)
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	return &smtpRun{s: s, ctx: ctx, now: now}, nil
}

func (r *smtpRun) namer() *Namer       { return nil }
func (r *smtpRun) refuse(string) error { return nil }

// inspect fails a record in the first pass that could not be sent: no
// From, or no recipients, or recipients other than those the resume log
// shows it sent to.
func (r *smtpRun) inspect(record int, m *email.Message) error {
	from := ""
	if m.From != nil {
		from = m.From.Address
	}
	if err := send.CheckEnvelope(from, len(m.To)+len(m.Cc)+len(m.Bcc)); err != nil {
		return err
	}
	return r.sameRecipients(record, m)
}

// sameRecipients checks a record the resume log shows as sent against the
// log: the log goes by record number, so after a row went in or out, or
// with another batch's log, skipping would leave one customer without the
// email and send another's twice.
func (r *smtpRun) sameRecipients(record int, m *email.Message) error {
	sentTo, ok := r.s.Resume.SentTo(record)
	if !ok {
		return nil
	}
	var to []string
	for _, list := range [][]*mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			to = append(to, a.Address)
		}
	}
	if slices.EqualFunc(sentTo, to, strings.EqualFold) {
		return nil
	}
	return fmt.Errorf("the --resume log shows record %d sent to %s, but it now goes to %s; a row went in or out since, or the log is another batch's: resume with this data file's log",
		record, strings.Join(sentTo, ", "), strings.Join(to, ", "))
}

// prepare starts the connections' workers once every record has passed.
func (r *smtpRun) prepare() error {
	opts := r.s.Options
	if r.s.Log != "" {
		f, err := send.OpenLog(r.ctx, r.s.Log)
		if c := context.Cause(r.ctx); c != nil && errors.Is(err, c) {
			return err // interrupted while a pipe waited for its reader
		}
		if err != nil {
			return &Error{Err: fmt.Errorf("--log %s: %v", r.s.Log, unwrapPath(err)), Input: errors.Is(err, send.ErrNotLog)}
		}
		r.log, opts.Log = f, f
	}
	sender, err := send.Start(r.ctx, opts)
	if err != nil {
		return &Error{Err: fmt.Errorf("smtp: %v", err)}
	}
	r.sender, r.start = sender, r.now()
	return nil
}

func (r *smtpRun) write(rec *data.Record, _ string, msg []byte) error {
	m, err := send.NewMessage(rec.Number, posLine(rec.Pos), msg)
	if err != nil {
		return &Error{Err: fmt.Errorf("%s: %v", rec.Pos, err), Input: true}
	}
	if id, ok := r.s.Resume.Sent(rec.Number); ok {
		if id != m.MessageID {
			if r.changed++; r.changed == 1 {
				r.first = rec.Number
			}
		}
		return writeError(r.sender.Skip(m))
	}
	if err := r.sender.Send(m); err != nil {
		if c := context.Cause(r.ctx); c != nil {
			return c
		}
		return &Error{Err: fmt.Errorf("smtp %s: %v", r.s.Options.Server.Host, err), Hint: r.resumeHint()}
	}
	return nil
}

// close waits for the messages on their way and keeps the counts.
func (r *smtpRun) close() send.Summary {
	if r.sum == nil && r.sender != nil {
		sum, err := r.sender.Close()
		r.sum, r.err = &sum, err
		if r.log != nil {
			if cerr := r.log.Close(); cerr != nil && r.err == nil {
				r.err = fmt.Errorf("--log %s: %v", r.s.Log, cerr)
			}
		}
	}
	if r.sum == nil {
		return send.Summary{}
	}
	return *r.sum
}

func (r *smtpRun) finish(o *Options) error {
	sum := r.close()
	if _, err := fmt.Fprintf(o.Err, "templ: %s\n", summaryLine(sum)); err != nil {
		return writeError(err)
	}
	if r.changed > 0 {
		// Never sent twice, but say so: the data or the flags changed since
		// the log was written, so a skipped record may not be the one sent.
		fmt.Fprintf(o.Err, "templ: warning: %s skipped as sent (record %d first) differ from the email the log shows; check the data file is the one the log is for\n",
			plural(r.changed, "record"), r.first)
	}
	if r.err != nil {
		return &Error{Err: fmt.Errorf("smtp %s: %v", r.s.Options.Server.Host, r.err), Hint: r.resumeHint()}
	}
	if sum.Failed > 0 {
		return &Error{Err: fmt.Errorf("%s not sent", plural(sum.Failed, "record")), Hint: r.failedHint()}
	}
	return nil
}

func (r *smtpRun) abort() { r.close() }

func (r *smtpRun) interrupted(cause error, total int) error {
	if r.sender == nil {
		return &InterruptedError{Msg: "interrupted; nothing was sent", Cause: cause}
	}
	sum := r.close()
	msg := "interrupted: " + summaryLine(sum)
	if hint := r.resumeHint(); hint != "" {
		msg += "; " + hint
	}
	return &InterruptedError{Msg: msg, Cause: cause}
}

// progress is the terminal's progress line while sending.
func (r *smtpRun) progress(total int) string {
	sum := r.sender.Stats()
	rate := 0.0
	if d := r.now().Sub(r.start).Seconds(); d > 0 {
		rate = float64(sum.Sent) / d
	}
	return fmt.Sprintf("sent %d, failed %d of %d, %.1f/s", sum.Sent, sum.Failed, total, rate)
}

func summaryLine(s send.Summary) string {
	line := fmt.Sprintf("sent %d, failed %d", s.Sent, s.Failed)
	if s.Skipped > 0 {
		line += fmt.Sprintf(", skipped %d sent before", s.Skipped)
	}
	return line
}

func (r *smtpRun) resumeHint() string {
	if r.s.Log == "" {
		return "run with --log FILE to be able to resume"
	}
	return "finish with --resume " + r.s.Log
}

func (r *smtpRun) failedHint() string {
	if r.s.Log == "" {
		return "run with --log FILE to see why each failed, and to resend only those"
	}
	return "the reasons are in " + r.s.Log + "; fix them, then resend only those with --resume " + r.s.Log
}

// posLine is the line of a record's position ("line 12" gives 12; a JSON
// record's "record 3" gives 0).
func posLine(pos string) int {
	rest, ok := strings.CutPrefix(pos, "line ")
	n, err := strconv.Atoi(rest)
	if !ok || err != nil {
		return 0
	}
	return n
}
