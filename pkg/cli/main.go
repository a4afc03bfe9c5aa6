// Package cli is templ's command line: flags are parsed here, turned into
// options, and handed to the pure packages (template, render, output).
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// IO is where a command reads and writes, so tests can use buffers.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// IsTerminal reports whether a stream is an interactive terminal.
	InIsTerminal, ErrIsTerminal bool
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

// Main runs templ with args (without the program name) and returns the exit code.
func Main(args []string, stdio IO, version string) int {
	root := newRootCmd(&stdio, version, args...)
	root.SetArgs(args)
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	ran := false
	for _, c := range allCommands(root) {
		if c.RunE != nil {
			run := c.RunE
			c.RunE = func(cmd *cobra.Command, args []string) error {
				ran = true
				return run(cmd, args)
			}
		}
	}
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	code := ExitWork
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		code = ee.code
	case !ran:
		// Cobra failed before any command ran: an unknown command, flag or
		// argument count. That is the user's input, and the one place where
		// pointing at --help is right.
		code = ExitInput
		ee = &exitError{code: code, err: err, hint: "run '" + commandPath(root, args) + " --help' for usage"}
	}
	if errors.Is(err, errAlreadyReported) {
		return code
	}
	fmt.Fprintf(stdio.Err, "templ: %s\n", oneLine(err.Error()))
	if ee != nil && ee.hint != "" {
		fmt.Fprintf(stdio.Err, "hint: %s\n", ee.hint)
	}
	return code
}

// oneLine keeps an error to its first line: the contract is one clear line.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func commandPath(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	if err != nil || c == nil {
		return root.Name()
	}
	return c.CommandPath()
}

func allCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		out = append(out, allCommands(sub)...)
	}
	return out
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
	}
}

// isTerminal asks the OS whether f is a terminal; /dev/null, which is also
// a character device, is not.
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
