package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
func OpenInPlace(path string, stdout io.Writer) (io.WriteCloser, error) {
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
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPathErr(err))
	}
	return f, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

var (
	devStd  = regexp.MustCompile(`^/dev/(stdin|stdout|stderr)$`)
	procPID = regexp.MustCompile(`^/proc/(\d+)/`)
	fdPath  = regexp.MustCompile(`^(?:/dev/fd|/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd)/(\d+)$`)
)

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

func fdOfName(abs string) (int, bool) {
	if m := devStd.FindStringSubmatch(abs); m != nil {
		return map[string]int{"stdin": 0, "stdout": 1, "stderr": 2}[m[1]], true
	}
	m := fdPath.FindStringSubmatch(abs)
	if m == nil {
		return 0, false
	}
	// /proc/PID/fd is ours only for our own PID.
	if pid := procPID.FindStringSubmatch(abs); pid != nil && pid[1] != strconv.Itoa(os.Getpid()) {
		return 0, false
	}
	fd, err := strconv.Atoi(m[1])
	return fd, err == nil
}
