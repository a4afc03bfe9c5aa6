package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/batch"
	"github.com/templ-mail/templ/pkg/config"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/send"
)

// sendOptions are render's delivery flags: --send and what tunes it, and
// --shard, which splits a batch whatever its sink.
type sendOptions struct {
	on          bool
	rate        string
	connections int
	log         string
	resume      string
	shard       string
}

func (s *sendOptions) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&s.on, "send", false, "deliver over SMTP (the config's smtp:), after every record is checked")
	f.StringVar(&s.rate, "rate", "", "with --send: at most `N/s` or N/min messages")
	f.IntVar(&s.connections, "connections", 1, "with --send: `N` SMTP connections at once")
	f.StringVar(&s.log, "log", "", "with --send: append one JSON line per record to `FILE` as it is sent or fails")
	f.StringVar(&s.resume, "resume", "", "with --send: skip the records that `FILE` (a --log) shows as sent")
	f.StringVar(&s.shard, "shard", "", "batch: only the records whose number is I modulo N, as `I/N`")
}

// validate refuses delivery flags that cannot work, before any I/O.
func (s *sendOptions) validate(o *renderOptions, cmd *cobra.Command) error {
	changed := cmd.Flags().Changed
	if !s.on {
		for _, f := range []string{"rate", "connections", "log", "resume"} {
			if changed(f) {
				return inputErrorf("--%s applies only with --send", f)
			}
		}
	}
	if s.shard != "" && o.batch.data == "" {
		return inputErrorf("--shard splits a batch; add --data FILE")
	}
	if _, err := parseShard(s.shard); err != nil {
		return err
	}
	if !s.on {
		return nil
	}
	switch {
	case o.outFormat != email.EML:
		return inputErrorf("--send delivers eml messages; drop -f %s", o.outFormat)
	case o.copy || o.open || o.out != "" || o.batch.outDir != "" || o.batch.exec != "":
		return inputErrorf("--send says where the email goes, as --out, --out-dir, --exec, --copy and --open do; use one")
	case s.connections < 1:
		return inputErrorf("--connections %d: give 1 or more", s.connections)
	case o.batch.checkOnly:
		return inputErrorf("--check sends nothing; drop --send, or --check")
	}
	if s.rate != "" {
		if _, err := send.ParseRate(s.rate); err != nil {
			return inputError(err)
		}
	}
	if s.resume != "" && o.batch.data == "" {
		return inputErrorf("--resume finishes a batch; add --data FILE")
	}
	return nil
}

// parseShard reads --shard I/N; "" is no shard.
func parseShard(s string) (batch.Shard, error) {
	if s == "" {
		return batch.Shard{}, nil
	}
	i, n, ok := strings.Cut(s, "/")
	I, err1 := strconv.Atoi(i)
	N, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || N < 1 || I < 0 || I >= N {
		return batch.Shard{}, inputErrorf("--shard %q: write I/N with 0 <= I < N, such as 0/4 for the first of four machines", s)
	}
	return batch.Shard{I: I, N: N}, nil
}

// sender builds the SMTP settings from the config and finds the password.
func (o *renderOptions) sender(cfg *config.Config) (send.Options, error) {
	s := cfg.SMTP
	opts := send.Options{
		Server:      send.Server{Host: s.Host, Port: s.Port, Username: s.Username, TLS: s.TLS, PasswordCommand: s.PasswordCommand},
		Connections: o.send.connections,
		Now:         o.io.Now,
	}
	if err := opts.Server.Check(); err != nil {
		return opts, inputErrorf("--send: %v", err)
	}
	if o.send.rate != "" {
		opts.Rate, _ = send.ParseRate(o.send.rate) // checked in validate
	}
	pw, err := send.Password(o.ctx, opts.Server, o.io.Getenv, o.io.Err)
	if err != nil {
		return opts, inputErrorf("--send: %v", err)
	}
	opts.Password = pw
	// A wrong host, certificate or password shows now, not after the check
	// of every record.
	if err := send.Probe(o.ctx, opts); err != nil {
		return opts, workError(smtpError(opts.Server, err))
	}
	return opts, nil
}

// smtpError says which server failed and how to look into it.
func smtpError(s send.Server, err error) error {
	return fmt.Errorf("smtp %s: %v; check smtp: in the config (templ config path shows where it is)", s.Host, err)
}

// readResume reads --resume's log; nil without the flag.
func (s *sendOptions) readResume(ctx context.Context) (*send.Resume, error) {
	if s.resume == "" {
		return nil, nil
	}
	// The batch reads the log again under its lock before the first
	// message, so a pipe or a device, which give it once, cannot be one.
	if st, err := os.Stat(s.resume); err == nil && !st.Mode().IsRegular() {
		return nil, inputErrorf("--resume %s: not a regular file; give the file --log wrote", s.resume)
	}
	f, err := atomicfile.OpenFile(ctx, s.resume, os.O_RDONLY, 0) // a pipe swapped in waits, until an interrupt
	if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
		return nil, err
	}
	if err != nil {
		return nil, inputErrorf("--resume %s: %v", s.resume, readfile.UnwrapPath(err))
	}
	defer f.Close()
	resume, err := send.ReadLog(f, s.resume)
	if err != nil {
		return nil, inputError(err)
	}
	return resume, nil
}

// sendOne delivers a single render.
func (o *renderOptions) sendOne(opts send.Options, msg []byte) error {
	m, err := send.NewMessage(1, 0, msg)
	if err != nil {
		return inputError(err)
	}
	var logFile *os.File
	if o.send.log != "" {
		if logFile, err = send.OpenLog(o.ctx, o.send.log); err != nil {
			if c := context.Cause(o.ctx); c != nil && errors.Is(err, c) {
				return err // an interrupt while a pipe waited for its reader
			}
			werr := fmt.Errorf("--log %s: %v", o.send.log, readfile.UnwrapPath(err))
			if errors.Is(err, send.ErrNotLog) {
				return inputError(werr)
			}
			return workError(werr)
		}
		opts.Log = logFile
	}
	r, err := send.SendOne(o.ctx, opts, m)
	if logFile != nil {
		if cerr := logFile.Close(); cerr != nil && err == nil {
			return workError(fmt.Errorf("--log %s: %v", o.send.log, readfile.UnwrapPath(cerr)))
		}
	}
	var logErr *send.LogError
	switch {
	case errors.As(err, &logErr):
		return workError(fmt.Errorf("--log %s: %v; the email was %s (%s), but the log does not show it", o.send.log, readfile.UnwrapPath(logErr.Err), r.Status, r.Reply))
	case err != nil && o.ctx.Err() != nil:
		return err // the interrupt; Main maps it
	case err != nil:
		return workError(smtpError(opts.Server, err))
	case r.Status != send.StatusSent:
		return workError(fmt.Errorf("smtp %s refused the message: %s", opts.Server.Host, r.Reply))
	}
	// The reply is the server's text: it must not drive the terminal.
	_, err = fmt.Fprintf(o.io.Err, "templ: sent to %s\n", printable.Line(strings.Join(m.Recipients, ", ")+" ("+r.Reply+")"))
	return workErrorOrNil(err)
}

// htmlOptions are --html's, or the config's html: true (which applies to
// eml and mbox only, and leaves the other formats alone); nil for none.
func (o *renderOptions) htmlOptions(cfg *config.Config) (*email.HTMLOptions, error) {
	if !o.html && !cfg.HTML || o.outFormat != email.EML && o.outFormat != email.Mbox {
		return nil, nil
	}
	h := &email.HTMLOptions{}
	if cfg.HTMLLayout != "" {
		layout, err := o.readInput("html_layout", cfg.HTMLLayout)
		if err != nil {
			return nil, err
		}
		h.Layout = string(layout)
		if !strings.Contains(strings.ToLower(h.Layout), "[body]") {
			return nil, inputErrorf("html_layout %s has no [Body] slot; put [Body] where the email's text goes", cfg.HTMLLayout)
		}
	}
	return h, nil
}
