// Package cli is templ's command line: flags are parsed here, turned into
// options and checked before any I/O, then handed on: one email to
// email.Composer, a batch to batch.Run. It owns the process's streams,
// environment and clock (IO), the signals, and the exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/readfile"
)

// IO is everything a command takes from the process: its streams, its
// environment and its clock, so tests can fake each.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// IsTerminal reports whether a stream is an interactive terminal.
	InIsTerminal, ErrIsTerminal bool
	// OutWidth is Out's width in columns when it is a terminal, else 0.
	OutWidth int
	// OutIsTerminal reports whether Out is a terminal (a pty may report a
	// width of 0).
	OutIsTerminal bool
	// Getenv reads the environment (SOURCE_DATE_EPOCH, TEMPL_LANG,
	// TEMPL_PATH, TEMPL_CONFIG, XDG_*); Environ lists it for --exec.
	Getenv  func(string) string
	Environ func() []string
	// Now is the clock of Date headers and the progress line.
	Now func() time.Time
}

// Exit codes of product.md.
const (
	ExitOK    = 0
	ExitWork  = 1 // the work failed: I/O, clipboard, lint errors
	ExitInput = 2 // the user's input is wrong
)

// exitError carries an exit code and an optional hint line.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// inputError marks err as the user's mistake (exit 2).
func inputError(err error) error { return &exitError{code: ExitInput, err: err} }

// inputErrorf formats a user's mistake (exit 2).
func inputErrorf(format string, args ...any) error {
	return inputError(fmt.Errorf(format, args...))
}

// workError marks err as a failure of the work itself (exit 1).
func workError(err error) error { return &exitError{code: ExitWork, err: err} }

// withHint adds a "hint:" line under the error.
func withHint(err error, hint string) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return &exitError{code: ee.code, err: ee.err, hint: hint}
	}
	return &exitError{code: ExitWork, err: err, hint: hint}
}

// Main runs templ with args (without the program name) and returns the exit
// code. SIGINT, SIGTERM, SIGHUP and SIGQUIT cancel the context every
// command runs under (SIGQUIT too: its stack dump would leave a batch
// without saying where to resume); the command cleans up through its deferred aborts and returns, and
// the exit code says which signal stopped it (128 + its number).
func Main(args []string, stdio IO, version string) int {
	stdio.fill()
	in := newInterrupts(context.Background(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer in.stop()
	ctx := in.ctx
	out := &checkedWriter{w: stdio.Out}
	stdio.Out = out
	root, lazy := newRootCmd(ctx, &stdio, version)
	lazy.g.catch = in.catch
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	err := execute(root, lazy, args)
	if out.err != nil && (err == nil || errors.Is(err, out.err)) { // help, --version: cobra's own writes
		err = workError(fmt.Errorf("writing output: %w", out.err))
	}
	var sig *signalError
	if errors.As(context.Cause(ctx), &sig) {
		if !errors.Is(err, sig) { // a read the signal cut short, or none
			err = errors.New("interrupted")
		}
		if !errors.Is(err, errAlreadyReported) {
			fmt.Fprintf(stdio.Err, "templ: %s\n", printable.Line(oneLine(err.Error())))
		}
		return 128 + int(sig.sig)
	}
	return report(stdio.Err, err)
}

// execute runs the command args name, with what it reaches of the tree
// added first. An unknown command is found first, by the same lookup
// Execute makes, since no command's validator sees it.
func execute(root *cobra.Command, lazy *onDemand, args []string) error {
	lazy.forArgs(args)
	complete := len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
	if _, _, err := root.Find(args); err != nil && !complete {
		return unknownCommand(root, args, err)
	}
	err := root.Execute()
	var extra *extraArgsError
	if errors.As(err, &extra) {
		return explainExtraArgs(extra, args)
	}
	if err != nil {
		return argsError(root, args, err)
	}
	return nil
}

// report prints err (one line, and a hint line) and gives its exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	code := ExitWork
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if errors.Is(err, errAlreadyReported) {
		return code
	}
	// An error may echo a value or a file name: never let it drive the
	// terminal.
	fmt.Fprintf(stderr, "templ: %s\n", printable.Line(oneLine(err.Error())))
	if ee != nil && ee.hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", printable.Text(ee.hint))
	}
	return code
}

// signalError is the cause of a context a signal cancelled.
type signalError struct{ sig syscall.Signal }

func (e *signalError) Error() string { return "interrupted by " + e.sig.String() }

// interrupts is the context that SIGINT, SIGTERM, SIGHUP and SIGQUIT
// cancel, with the signal kept as its cause (signal.NotifyContext does not
// say which one came), so Main can exit 128 + its number. The signals are
// caught only once a command asks (catch), because it has something to
// clean up or a terminal to restore: Go's first signal.Notify starts the
// runtime's signal thread, about 0.4 ms of every start. A command that
// never asks, such as a render to stdout that writes only once the email is
// whole, dies by the signal's default action, which the shell reports as the
// same 128 + n and which leaves nothing behind either.
type interrupts struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	sigs   []os.Signal
	once   sync.Once
	ch     chan os.Signal
	done   chan struct{}
}

func newInterrupts(parent context.Context, sigs ...os.Signal) *interrupts {
	ctx, cancel := context.WithCancelCause(parent)
	return &interrupts{ctx: ctx, cancel: cancel, sigs: sigs, done: make(chan struct{})}
}

// catch starts turning the signals into a cancelled context; it may be
// called more than once.
func (in *interrupts) catch() {
	in.once.Do(func() {
		in.ch = make(chan os.Signal, 1)
		signal.Notify(in.ch, in.sigs...)
		go func() {
			select {
			case s := <-in.ch:
				if n, ok := s.(syscall.Signal); ok {
					in.cancel(&signalError{n})
				}
			case <-in.done:
			}
		}()
	})
}

// stop lets the signals act as they would without templ again.
func (in *interrupts) stop() {
	if in.ch != nil {
		signal.Stop(in.ch)
	}
	close(in.done)
	in.cancel(nil)
}

// checkedWriter remembers the first failed write, so output that cobra
// writes itself (help, --version) is checked too.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// unchecked is the writer under a checkedWriter. A child process given
// templ's stdout as a file writes to it itself and fails on its own; given
// any other writer, os/exec makes a pipe and a goroutine to copy into it.
func unchecked(w io.Writer) io.Writer {
	if c, ok := w.(*checkedWriter); ok {
		return c.w
	}
	return w
}

// writeOut writes a command's output. Every command writes through it, so
// a full disk or a closed stream is an error (exit 1), never silent.
func writeOut(w io.Writer, b []byte) error {
	if _, err := w.Write(b); err != nil {
		return workError(fmt.Errorf("writing output: %v", readfile.UnwrapPath(err)))
	}
	return nil
}

// fill gives a test's IO the process's environment and clock where it set
// none.
func (stdio *IO) fill() {
	if stdio.Getenv == nil {
		stdio.Getenv = os.Getenv
	}
	if stdio.Environ == nil {
		stdio.Environ = os.Environ
	}
	if stdio.Now == nil {
		stdio.Now = time.Now
	}
}

// oneLine keeps an error on one line, the contract, without cutting it:
// a value or file name with a line break in it (--context $'a\nb') would
// take the "what" and "how to fix" after it along. printable.Line, which
// every caller applies, escapes the line breaks left inside.
func oneLine(s string) string {
	return strings.TrimRight(s, "\n")
}

func commandPath(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	if err != nil || c == nil {
		return root.Name()
	}
	return c.CommandPath()
}

// resolveVersion prefers the version set at link time (-X main.version=…),
// then the module version that `go install pkg@v1.2.3` records.
func resolveVersion(linked string) string {
	if linked != "" {
		return linked
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}

// StdIO is the process's real streams.
func StdIO() IO {
	return IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InIsTerminal:  isTerminal(os.Stdin),
		ErrIsTerminal: isTerminal(os.Stderr),
		OutWidth:      terminalWidth(os.Stdout),
		OutIsTerminal: isTerminal(os.Stdout),
		Getenv:        os.Getenv,
		Environ:       os.Environ,
		Now:           time.Now,
	}
}

// terminalWidth is f's width in columns when it is a terminal, else 0.
func terminalWidth(f *os.File) int {
	if !isTerminal(f) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// isTerminal asks the OS whether f is a terminal; /dev/null, which is also
// a character device, is not.
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
