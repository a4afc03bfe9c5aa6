package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/send"
)

// SMTP delivers each message over SMTP (pkg/send): several connections,
// a rate cap, retries, and a log of how each record settled. A record the
// resume log shows as sent is logged as skipped and not sent again.
type SMTP struct {
	Options send.Options
	Resume  *send.Resume // --resume; nil sends every record
	// ResumeFile is --resume's path: read again, under its lock, right
	// before the first message, so a run that wrote it since is seen.
	ResumeFile string
	Log        string // --log FILE: opened (appended to) once every record has passed
}

type smtpRun struct {
	s      *SMTP
	ctx    context.Context
	sender *send.Sender
	log    *os.File
	resume *send.Resume // what was sent before: Resume, or ResumeFile as read last
	held   *os.File     // ResumeFile, open to hold its shared lock
	// template is the batch's template id, logged with each record.
	template string
	// already is what --log showed as sent before this run, when it is not
	// --resume: a record sent with the very same email is skipped, not
	// sent twice; alreadySkipped counts them.
	already        *send.Resume
	alreadySkipped int
	sum            *send.Summary // set once the sender is closed
	err            error         // why the sender stopped early
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
	if err := s.otherShard(o.Shard); err != nil {
		return nil, err
	}
	tmpl := o.Composer.Prepared.Template().ID
	if err := s.otherTemplate(tmpl); err != nil {
		return nil, err
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	already, err := s.sentBefore()
	if err != nil {
		return nil, err
	}
	return &smtpRun{s: s, ctx: ctx, now: now, resume: s.Resume, template: tmpl, already: already}, nil
}

func (r *smtpRun) namer() *Namer       { return nil }
func (r *smtpRun) refuse(string) error { return nil }

// inspect fails a record in the first pass that could not be sent: no
// From, or no recipients; or one the --resume log shows as sent to other
// recipients: the log is another data file's, or the data changed, and
// skipping it would leave this record's recipients without their email.
func (r *smtpRun) inspect(record int, m *email.Message) error {
	from := ""
	if m.From != nil {
		from = m.From.Address
	}
	var to []string
	for _, list := range [][]*mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			to = append(to, a.Address)
		}
	}
	if err := send.CheckEnvelope(from, len(to)); err != nil {
		return err
	}
	// The log goes by record number: after a row went in or out, or with
	// another batch's log, skipping would leave one customer without the
	// email and send another's twice. Addresses compare without regard to
	// case, as any server takes them.
	if logged, ok := r.resume.Recipients(record); ok && !slices.EqualFunc(logged, to, strings.EqualFold) {
		return fmt.Errorf("the --resume log shows it sent to %s, but it goes to %s now: a row went in or out since, or the log is another batch's; resume with this data file's log",
			strings.Join(logged, ", "), strings.Join(to, ", "))
	}
	return nil
}

// otherTemplate refuses a --resume log of another template's batch: its
// records were sent another email, and skipping them would leave this
// one unsent.
func (s *SMTP) otherTemplate(id string) error {
	logged := s.Resume.Templates()
	if len(logged) == 0 || slices.Contains(logged, id) {
		return nil
	}
	return inputErrorf("--resume %s: the log is of a batch of %s, not %s; give the log this batch's run wrote",
		s.ResumeFile, strings.Join(logged, ", "), id)
}

// otherShard refuses a --resume log of another --shard: none of the
// records it shows as sent are this shard's, so it cannot be this run's
// log, and the records it lacks may have been sent under yet another.
func (s *SMTP) otherShard(shard Shard) error {
	records := s.Resume.Records()
	if shard.N <= 1 || len(records) == 0 {
		return nil
	}
	first := records[0]
	for _, n := range records {
		if shard.Has(n) {
			return nil
		}
		first = min(first, n)
	}
	return inputErrorf("--resume %s: the log shows records of another --shard (record %d first), none of %d/%d's; give the log this shard's run wrote",
		s.ResumeFile, first, shard.I, shard.N)
}

// prepare starts the connections' workers once every record has passed.
func (r *smtpRun) prepare() error {
	opts := r.s.Options
	if r.s.Log != "" {
		// --resume reads the log back: a device (/dev/null, /dev/full) or
		// a pipe would lose it, and a record would be sent twice. (Checked
		// again once open, for one swapped in meanwhile.)
		if st, err := os.Stat(r.s.Log); err == nil && !st.Mode().IsRegular() {
			return notRegularLog(r.s.Log)
		}
		f, err := send.OpenLog(r.ctx, r.s.Log)
		if c := context.Cause(r.ctx); c != nil && errors.Is(err, c) {
			return err // interrupted while a pipe waited for its reader
		}
		if err != nil {
			return &Error{Err: fmt.Errorf("--log %s: %v", r.s.Log, readfile.UnwrapPath(err)), Input: errors.Is(err, send.ErrNotLog)}
		}
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			f.Close()
			return notRegularLog(r.s.Log)
		}
		r.log, opts.Log = f, f
	}
	if err := r.reread(); err != nil {
		return err
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
	m.Template = r.template
	if id, ok := r.already.Sent(rec.Number); ok && id == m.MessageID {
		r.alreadySkipped++
		return writeError(r.sender.Skip(m))
	}
	if id, ok := r.resume.Sent(rec.Number); ok {
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
		r.close()
		if lost, lerr := r.sender.Unlogged(); len(lost) > 0 {
			return r.logLost(lost, lerr)
		}
		return &Error{Err: fmt.Errorf("smtp %s: %v", r.s.Options.Server.Host, err), Hint: r.resumeHint()}
	}
	return nil
}

// reread reads --resume's log again once --log is locked, and holds a
// shared lock on it for the run: a run that wrote it while this one
// checked its records is seen, and one that would write it now waits.
func (r *smtpRun) reread() error {
	if r.s.ResumeFile == "" {
		return nil
	}
	f, err := os.Open(r.s.ResumeFile)
	if err != nil {
		return inputErrorf("--resume %s: %v", r.s.ResumeFile, readfile.UnwrapPath(err))
	}
	var from io.Reader = f
	if r.log != nil && sameFile(f, r.s.Log) {
		from = readerOnly{f} // locked already, as the --log
	}
	resume, err := send.ReadLog(from, r.s.ResumeFile)
	if err != nil {
		f.Close()
		return &Error{Err: err, Input: true}
	}
	r.resume, r.held = resume, f
	return nil
}

// sentBefore reads --log as it is, unless it is also --resume: a record
// it shows sent with the very email it gets now would be sent twice (a
// forgotten --resume, most likely). A log another run holds is refused
// later, by its lock.
func (s *SMTP) sentBefore() (*send.Resume, error) {
	if s.Log == "" {
		return nil, nil
	}
	// Opening a pipe would wait for its writer: prepare refuses it.
	if st, err := os.Stat(s.Log); err != nil || !st.Mode().IsRegular() {
		return nil, nil // created when the sending starts, or refused by prepare
	}
	f, err := os.Open(s.Log)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	if s.ResumeFile != "" && sameFile(f, s.ResumeFile) {
		return nil, nil
	}
	before, err := send.ReadLog(readerOnly{f}, s.Log)
	if err != nil {
		return nil, &Error{Err: fmt.Errorf("--log %v", err), Input: true}
	}
	return before, nil
}

func notRegularLog(path string) error {
	return inputErrorf("--log %s: not a regular file; --resume reads the log back, so give a file", path)
}

func sameFile(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
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
	if r.held != nil {
		r.held.Close()
		r.held = nil
	}
	if r.sum == nil {
		return send.Summary{}
	}
	return *r.sum
}

func (r *smtpRun) finish(o *Options) error {
	sum := r.close()
	if lost, err := r.sender.Unlogged(); len(lost) > 0 {
		return r.logLost(lost, err)
	}
	if _, err := fmt.Fprintf(o.Err, "templ: %s\n", summaryLine(sum)); err != nil {
		return writeError(err)
	}
	if r.changed > 0 {
		// Never sent twice, but say so: the data or the flags changed since
		// the log was written, so a skipped record may not be the one sent.
		fmt.Fprintf(o.Err, "templ: warning: %s skipped as sent (record %d first) differ from the email the log shows; check the data file is the one the log is for\n",
			plural.Count(r.changed, "record"), r.first)
	}
	if r.alreadySkipped > 0 {
		fmt.Fprintf(o.Err, "templ: %s skipped: --log %s shows the very same emails sent already (--resume %s says to skip what it shows)\n",
			plural.Count(r.alreadySkipped, "record"), r.s.Log, r.s.Log)
	}
	if r.err != nil {
		return &Error{Err: fmt.Errorf("smtp %s: %v", r.s.Options.Server.Host, r.err), Hint: r.resumeHint()}
	}
	if sum.Failed > 0 {
		return &Error{Err: fmt.Errorf("%s not sent", plural.Count(sum.Failed, "record")), Hint: r.failedHint()}
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

// logLost is a log that could not be written (a full disk): the records
// that settled since are given as the lines the log lacks, for the user
// to add before --resume, which would send them again.
func (r *smtpRun) logLost(lost []send.Result, err error) error {
	return &Error{Err: fmt.Errorf("--log %s: %v; %s, and %s settled that it does not show", r.s.Log, readfile.UnwrapPath(err), summaryLine(r.close()), plural.Count(len(lost), "record")),
		Hint: fmt.Sprintf("add these lines to %s (once it can be written) before --resume, or those records are sent again:\n%s",
			r.s.Log, strings.TrimSuffix(send.Lines(lost), "\n"))}
}

// howFar waits for the messages on their way and counts them.
func (r *smtpRun) howFar(int) string {
	return summaryLine(r.close()) + "; " + r.resumeHint()
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
