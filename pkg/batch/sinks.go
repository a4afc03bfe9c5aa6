package batch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/readfile"
	"golang.org/x/text/unicode/norm"
)

// Sink is where a batch's emails go: *Stream, *Dir, *Exec or *SMTP.
type Sink interface {
	// start opens the destination before the first pass, so a file that
	// exists or a directory that cannot be written fails now, not after
	// checking a million records.
	start(ctx context.Context, o *Options) (sinkRun, error)
}

// sinkRun is one run of a sink.
type sinkRun interface {
	namer() *Namer            // a fresh Namer for --out-dir; nil otherwise
	refuse(name string) error // why a file name cannot be written
	prepare() error           // before the second pass
	write(rec *data.Record, name string, msg []byte) error
	finish(o *Options) error                  // commit, and say what was done
	abort()                                   // remove what is not committed; safe after finish
	interrupted(cause error, total int) error // total < 0: during the check
	howFar(total int) string                  // what the second pass did before it stopped
}

// Stream writes every email to one place: Out, or Path.
type Stream struct {
	Out   io.Writer // standard output, when Path is ""
	Path  string    // -o FILE, written atomically; -, a descriptor, device or pipe in place
	Force bool      // let Path replace an existing file
}

type streamRun struct {
	s       *Stream
	written int // emails handed to w
	next    int // the record after the last one written
	w       *bufio.Writer
	file    *atomicfile.File // -o FILE
	closer  io.Closer        // -o DEVICE or descriptor
}

func (s *Stream) start(ctx context.Context, o *Options) (sinkRun, error) {
	r := &streamRun{s: s}
	switch {
	case s.Path == "":
		if !o.CheckOnly {
			r.w = bufio.NewWriterSize(s.Out, 64<<10)
		}
	case atomicfile.IsSpecial(s.Path):
		if o.CheckOnly {
			break
		}
		// -o -, /dev/stdout, /dev/fd/N: written in place, never renamed over.
		f, err := atomicfile.OpenInPlace(ctx, s.Path, s.Out)
		if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
			return nil, err // interrupted while a pipe waited for its reader
		}
		if err != nil {
			return nil, &Error{Err: err}
		}
		r.w, r.closer = bufio.NewWriterSize(f, 64<<10), f
	case o.CheckOnly: // say what the real run would: -o refuses a file that exists
		if _, err := os.Lstat(s.Path); err == nil && !s.Force {
			return nil, &Error{Err: fmt.Errorf("%s: %w; use --force to replace it", s.Path, atomicfile.ErrExists)}
		}
	default:
		// A hidden temporary file beside the target until finish.
		f, err := atomicfile.Create(s.Path, s.Force)
		if err != nil {
			return nil, &Error{Err: err}
		}
		r.w, r.file = bufio.NewWriterSize(f, 256<<10), f
	}
	return r, nil
}

// onePass: -o FILE goes to a temporary file that abort removes.
func (r *streamRun) onePass() bool { return r.file != nil }

func (r *streamRun) namer() *Namer       { return nil }
func (r *streamRun) refuse(string) error { return nil }
func (r *streamRun) prepare() error      { return nil }
func (r *streamRun) write(rec *data.Record, _ string, msg []byte) error {
	_, err := r.w.Write(msg)
	r.written, r.next = r.written+1, rec.Number+1
	return writeError(err)
}

// howFar flushes what was written, which was checked: a stream cannot take
// it back, so it says how much there is.
func (r *streamRun) howFar(total int) string {
	if r.file != nil {
		return "no partial file was left behind"
	}
	where := "stdout"
	if r.s.Path != "" {
		where = r.s.Path
	}
	if err := r.w.Flush(); err != nil {
		return fmt.Sprintf("writing %s failed too: %v", where, err)
	}
	return fmt.Sprintf("the first %d of %d emails are on %s", r.written, total, where)
}

func (r *streamRun) finish(*Options) error {
	err := r.w.Flush()
	switch {
	case err != nil:
		r.abort()
		return writeError(err)
	case r.file != nil:
		if err := r.file.Commit(); err != nil {
			return &Error{Err: err}
		}
	case r.closer != nil:
		c := r.closer
		r.closer = nil
		return writeError(c.Close())
	}
	return nil
}

func (r *streamRun) abort() {
	if r.file != nil {
		r.file.Abort()
	}
	if r.closer != nil {
		r.closer.Close()
	}
}

// interrupted ends a stream with whole emails: part of the last one may
// have gone out with the buffer before it, so the rest follows it.
func (r *streamRun) interrupted(cause error, total int) error {
	switch {
	case r.file != nil:
		return &InterruptedError{Msg: "interrupted; no partial file was left behind", Cause: cause}
	case total < 0 || r.written == 0:
		return &InterruptedError{Msg: "interrupted; nothing was written", Cause: cause}
	}
	return &InterruptedError{Msg: "interrupted: " + r.howFar(total) + fmt.Sprintf("; resume with --start %d", r.next), Cause: cause}
}

// Dir writes one file per record into a directory, each atomically.
type Dir struct {
	Dir      string // --out-dir
	Filename string // --filename, with placeholders
	Force    bool   // replace files that exist
}

type dirRun struct {
	d       *Dir
	written int
	next    int // the record to resume at
	// existing holds the directory's names as the first pass found them,
	// read once (nil until then); lstat is set when it could not be read.
	existing map[string]bool
	lstat    bool
}

func (d *Dir) start(context.Context, *Options) (sinkRun, error) {
	if st, err := os.Stat(d.Dir); err == nil && !st.IsDir() {
		return nil, inputErrorf("--out-dir %s: not a directory", d.Dir)
	}
	return &dirRun{d: d}, nil
}

func (r *dirRun) namer() *Namer { return NewNamer() }

// refuse finds a clash with an existing file in the first pass, unless
// --force; one that appears meanwhile is refused by atomicfile. The
// directory is read once, not looked up per record: an Lstat of each name
// was an eighth of a 100,000-record batch.
func (r *dirRun) refuse(name string) error {
	if r.d.Force {
		return nil
	}
	if r.existing == nil {
		r.existing, r.lstat = readNames(r.d.Dir)
	}
	var exists bool
	if r.lstat {
		_, err := os.Lstat(filepath.Join(r.d.Dir, name))
		exists = err == nil
	} else {
		exists = r.existing[nameKey(name)]
	}
	if exists {
		return fmt.Errorf("%s exists in %s already; use --force to replace it", name, r.d.Dir)
	}
	return nil
}

// readNames is the set of dir's entries by nameKey; a directory not there
// yet holds none. failed is set when it could not be read (a directory
// that can be searched but not listed), so each name is looked up.
func readNames(dir string) (names map[string]bool, failed bool) {
	names = map[string]bool{}
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return names, false
	}
	if err != nil {
		return names, true
	}
	defer f.Close()
	list, err := f.Readdirnames(-1)
	if err != nil {
		return names, true
	}
	for _, n := range list {
		names[nameKey(n)] = true
	}
	return names, false
}

// nameKey is a file name as the file system compares it: macOS and
// Windows take Ivan.eml and IVAN.eml (and, on macOS, é composed or not) as
// one file.
func nameKey(name string) string {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return strings.ToLower(norm.NFC.String(name))
	}
	return name
}

func (r *dirRun) prepare() error {
	if err := os.MkdirAll(r.d.Dir, 0o755); err != nil {
		return &Error{Err: fmt.Errorf("--out-dir %s: %v", r.d.Dir, readfile.UnwrapPath(err))}
	}
	return nil
}

func (r *dirRun) write(rec *data.Record, name string, msg []byte) error {
	r.next = rec.Number
	if err := atomicfile.WriteFile(filepath.Join(r.d.Dir, name), msg, r.d.Force); err != nil {
		return &Error{Err: err}
	}
	r.written++
	r.next = rec.Number + 1
	return nil
}

func (r *dirRun) finish(*Options) error { return nil }
func (r *dirRun) abort()                {}

func (r *dirRun) interrupted(cause error, total int) error {
	return interruptedAt(cause, "written", r.written, total, r.next)
}

func (r *dirRun) howFar(total int) string { return doneAt("written", r.written, total, r.next) }

func interruptedAt(cause error, verb string, done, total, next int) error {
	if total < 0 || next == 0 {
		return &InterruptedError{Msg: "interrupted; nothing was " + verb, Cause: cause}
	}
	return &InterruptedError{Msg: "interrupted: " + doneAt(verb, done, total, next), Cause: cause}
}

// doneAt says how many of a second pass's records were done, and the
// --start that goes on from there.
func doneAt(verb string, done, total, next int) string {
	if next == 0 {
		return "nothing was " + verb
	}
	return fmt.Sprintf("%d of %d %s; resume with --start %d", done, total, verb, next)
}

// Exec pipes each message to a command, one at a time. The first failure
// stops the run and says how to resume.
type Exec struct {
	Command string
	Env     []string  // the command's environment; TEMPL_RECORD is added
	Output  io.Writer // the command's stdout (templ's stdout, as product.md says)
	Stderr  io.Writer // the command's stderr (templ's stderr); nil means Output
}

type execRun struct {
	e          *Exec
	ctx        context.Context
	sent, next int
}

func (e *Exec) start(ctx context.Context, _ *Options) (sinkRun, error) {
	return &execRun{e: e, ctx: ctx}, nil
}

func (r *execRun) namer() *Namer       { return nil }
func (r *execRun) refuse(string) error { return nil }
func (r *execRun) prepare() error      { return nil }

func (r *execRun) write(rec *data.Record, _ string, msg []byte) error {
	shell, flag := "/bin/sh", "-c"
	if runtime.GOOS == "windows" {
		shell, flag = "cmd", "/c"
	}
	r.next = rec.Number
	cmd := exec.CommandContext(r.ctx, shell, flag, r.e.Command)
	// On an interrupt the running command, with whatever it started, is
	// asked to stop (SIGTERM) and waited for.
	stopAsGroup(cmd)
	cmd.WaitDelay = 10 * time.Second
	cmd.Stdin = bytes.NewReader(msg)
	// Its stdout is templ's (a sender's queue ids, for a script to read).
	cmd.Stdout, cmd.Stderr = r.e.Output, r.e.Output
	if r.e.Stderr != nil {
		cmd.Stderr = r.e.Stderr
	}
	cmd.Env = append(r.e.Env[:len(r.e.Env):len(r.e.Env)], fmt.Sprintf("TEMPL_RECORD=%d", rec.Number))
	err := cmd.Run()
	if c := context.Cause(r.ctx); c != nil {
		if err == nil {
			r.sent++
			r.next = rec.Number + 1
		}
		return c
	}
	if err != nil {
		return &Error{Err: fmt.Errorf("--exec %q failed on record %d (%s): %v; %d sent before it", r.e.Command, rec.Number, rec.Pos, err, r.sent),
			Hint: fmt.Sprintf("fix it, then resume with --start %d", rec.Number)}
	}
	r.sent++
	r.next = rec.Number + 1
	return nil
}

func (r *execRun) finish(o *Options) error {
	_, err := fmt.Fprintf(o.Err, "templ: sent %s through %q\n", plural.Count(r.sent, "message"), r.e.Command)
	return writeError(err)
}

func (r *execRun) abort() {}

func (r *execRun) interrupted(cause error, total int) error {
	return interruptedAt(cause, "sent", r.sent, total, r.next)
}

func (r *execRun) howFar(total int) string { return doneAt("sent", r.sent, total, r.next) }
