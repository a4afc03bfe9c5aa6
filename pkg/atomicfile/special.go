package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// IsSpecial reports whether path is written in place, never replaced: "-"
// (stdout), a name of one of templ's own file descriptors (/dev/stdout,
// /dev/fd/N, /proc/self/fd/N, or a link to one), or an existing device,
// pipe or socket (-o /dev/null). Renaming a file over such a path would
// at best fail ("file exists") and, as root with --force, replace
// /dev/stdout with a regular file.
func IsSpecial(path string) bool {
	if _, ok := descriptor(path); ok {
		return true
	}
	st, err := os.Stat(path)
	return err == nil && st.Mode()&(os.ModeDevice|os.ModeCharDevice|os.ModeNamedPipe|os.ModeSocket) != 0
}

// OpenInPlace opens a path IsSpecial accepts, for writing in place: "-" and
// descriptor 1 are stdout (given, so the caller's checks of it apply);
// another descriptor is written as inherited, at its offset and with its
// flags (a shell's >> appends); a device or pipe is opened for writing.
// Close closes only what OpenInPlace opened.
func OpenInPlace(ctx context.Context, path string, stdout io.Writer) (io.WriteCloser, error) {
	if fd, ok := descriptor(path); ok {
		switch fd {
		case 1:
			return nopCloser{stdout}, nil
		case 2:
			return nopCloser{os.Stderr}, nil
		}
		f := os.NewFile(uintptr(fd), path)
		if _, err := f.Stat(); err != nil {
			return nil, fmt.Errorf("%s: descriptor %d is not open", path, fd)
		}
		return nopCloser{f}, nil
	}
	f, err := OpenFile(ctx, path, os.O_WRONLY, 0)
	if err != nil {
		if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %v", path, unwrapPathErr(err))
	}
	return f, nil
}

// OpenFile is os.OpenFile that ctx can end. Opening a named pipe waits
// for its other end in a system call that no signal cuts short, so -o or
// --log onto a FIFO that nobody reads would outlast Ctrl-C and SIGTERM.
// When ctx ends first, OpenFile returns an error that wraps ctx's cause,
// and the open is left to finish on its own, closing what it opens.
func OpenFile(ctx context.Context, path string, flag int, perm os.FileMode) (*os.File, error) {
	if st, err := os.Stat(path); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		return os.OpenFile(path, flag, perm) // only a named pipe waits
	}
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.OpenFile(path, flag, perm)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, &waitError{path, context.Cause(ctx)}
	}
}

// waitError is an open that ctx ended; it unwraps to ctx's cause (the
// signal), so the caller exits as that signal does.
type waitError struct {
	path  string
	cause error
}

func (e *waitError) Error() string {
	return "interrupted while " + e.path + " waited for the other end of the pipe; nothing was written"
}

func (e *waitError) Unwrap() error { return e.cause }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// descriptor reports the file descriptor path names, if it names one of
// this process's own: "-" is 1; links are followed, by name only, since
// /proc/self/fd/N itself links to whatever the descriptor is.
func descriptor(path string) (int, bool) {
	if path == "-" {
		return 1, true
	}
	for hops := 0; hops < 40; hops++ {
		abs, err := filepath.Abs(path)
		if err != nil {
			return 0, false
		}
		if fd, ok := fdOfName(abs); ok {
			return fd, true
		}
		// A directory on the way may be a link (/dev/fd -> /proc/self/fd).
		dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return 0, false
		}
		abs = filepath.Join(dir, filepath.Base(abs))
		if fd, ok := fdOfName(abs); ok {
			return fd, true
		}
		target, err := os.Readlink(abs)
		if err != nil {
			return 0, false // not a link: a plain path
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		path = target
	}
	return 0, false
}

// fdOfName reads a name of one of this process's descriptors:
// /dev/std{in,out,err}, /dev/fd/N, or /proc/{self,thread-self,PID}[/task/TID]/fd/N
// with PID our own. It parses by hand: three package-level regexps cost
// every start of templ 0.1 ms to compile.
func fdOfName(abs string) (int, bool) {
	switch abs {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	n, ok := strings.CutPrefix(abs, "/dev/fd/")
	if !ok {
		if n, ok = procFD(abs); !ok {
			return 0, false
		}
	}
	if !isNumber(n) {
		return 0, false
	}
	fd, err := strconv.Atoi(n)
	return fd, err == nil
}

// procFD returns the N of /proc/WHO[/task/TID]/fd/N, for WHO self,
// thread-self or this process's PID (/proc/PID/fd is ours only then).
func procFD(abs string) (string, bool) {
	rest, ok := strings.CutPrefix(abs, "/proc/")
	if !ok {
		return "", false
	}
	who, rest, _ := strings.Cut(rest, "/")
	switch {
	case who == "self" || who == "thread-self":
	case isNumber(who):
		if who != strconv.Itoa(os.Getpid()) {
			return "", false
		}
	default:
		return "", false
	}
	if task, ok := strings.CutPrefix(rest, "task/"); ok {
		tid, after, _ := strings.Cut(task, "/")
		if !isNumber(tid) {
			return "", false
		}
		rest = after
	}
	return strings.CutPrefix(rest, "fd/")
}

// isNumber reports whether s is one or more ASCII digits.
func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
