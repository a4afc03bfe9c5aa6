// Package atomicfile writes a file so that readers see either nothing or the
// whole of it: bytes go to a temporary file beside the target, which takes
// the target's name only on Commit. An interrupted or failed run leaves no
// partial file behind. Where the system allows (Linux), the temporary file
// has no name at all until Commit, so even a run killed by a signal no one
// can catch (SIGKILL, or SIGQUIT's stack dump) leaves nothing.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/templ-mail/templ/pkg/readfile"
)

// ErrExists is returned when the target exists and replacing was not allowed.
var ErrExists = errors.New("file exists")

// File is a file being written.
type File struct {
	*os.File
	target  string
	force   bool
	done    bool // committed or aborted
	unnamed bool // an O_TMPFILE: linked in by Commit, nothing to remove
}

// Create starts writing target. Unless force is set, an existing target is
// refused now, before any work, and again at Commit.
func Create(target string, force bool) (*File, error) {
	// One Lstat answers the common case, a new file; only a target that
	// exists needs a Stat, for a directory behind a link. (--out-dir makes
	// one file per record, and these lookups were a tenth of its time.)
	if _, err := os.Lstat(target); err == nil {
		if st, err := os.Stat(target); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory", target)
		}
		if !force {
			return nil, fmt.Errorf("%s: %w; use --force to replace it", target, ErrExists)
		}
	}
	dir := filepath.Dir(target)
	if tmp := createUnnamed(dir, target); tmp != nil {
		return &File{File: tmp, target: target, force: force, unnamed: true}, nil
	}
	tmp, err := createNamed(target)
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", dir, unwrapPathErr(err))
	}
	return &File{File: tmp, target: target, force: force}, nil
}

// createNamed creates a hidden temporary file beside target.
func createNamed(target string) (*os.File, error) {
	for attempt := 0; ; attempt++ {
		tmp, err := os.OpenFile(tempName(target, attempt), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) && attempt < 100 {
			continue
		}
		return tmp, err
	}
}

func tempName(target string, attempt int) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".tmp-"+strconv.FormatInt(time.Now().UnixNano()+int64(attempt), 36))
}

// Commit makes the written bytes visible under the target name.
func (f *File) Commit() error {
	if err := f.Sync(); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", f.target, err)
	}
	if f.done {
		return fmt.Errorf("%s: already committed or aborted", f.target)
	}
	if f.force {
		if err := keepModeAndOwner(f.File, f.target); err != nil {
			f.Abort()
			return fmt.Errorf("%s: %w", f.target, err)
		}
	}
	if f.unnamed {
		return f.commitUnnamed()
	}
	if err := f.Close(); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", f.target, err)
	}
	f.done = true
	if f.force {
		if err := os.Rename(f.Name(), f.target); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("%s: %w", f.target, err)
		}
		return nil
	}
	// A hard link never replaces an existing file, so a file that appeared
	// while we worked is still refused. Where links are not supported, fall
	// back to a check and a rename.
	err := os.Link(f.Name(), f.target)
	switch {
	case err == nil:
		os.Remove(f.Name())
	case errors.Is(err, fs.ErrExist):
		os.Remove(f.Name())
		return fmt.Errorf("%s: %w; use --force to replace it", f.target, ErrExists)
	default:
		if _, statErr := os.Lstat(f.target); statErr == nil {
			os.Remove(f.Name())
			return fmt.Errorf("%s: %w; use --force to replace it", f.target, ErrExists)
		}
		if err := os.Rename(f.Name(), f.target); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("%s: %w", f.target, err)
		}
	}
	return nil
}

// commitUnnamed gives the unnamed file its name: a link straight to the
// target, which never replaces a file that appeared meanwhile; with force,
// a link to a hidden name and a rename over the target.
func (f *File) commitUnnamed() error {
	defer f.Abort() // close the descriptor; the file lives on by its name
	if !f.force {
		err := linkUnnamed(f.File, f.target)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w; use --force to replace it", f.target, ErrExists)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.target, unwrapPathErr(err))
		}
		return nil
	}
	for attempt := 0; ; attempt++ {
		tmp := tempName(f.target, attempt)
		err := linkUnnamed(f.File, tmp)
		if errors.Is(err, fs.ErrExist) && attempt < 100 {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.target, unwrapPathErr(err))
		}
		if err := os.Rename(tmp, f.target); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("%s: %w", f.target, unwrapPathErr(err))
		}
		return nil
	}
}

// keepModeAndOwner gives the temporary file the permissions, group (and,
// for root, owner) of the regular file it is about to replace, so --force
// does not turn a 0600 file into a 0644 one.
func keepModeAndOwner(tmp *os.File, target string) error {
	old, err := os.Lstat(target)
	if err != nil || !old.Mode().IsRegular() {
		return nil // nothing to keep: a new file, or not a file's mode
	}
	keepOwner(tmp, old) // first: a change of owner clears set-id bits
	if err := tmp.Chmod(old.Mode().Perm()); err != nil {
		return unwrapPathErr(err)
	}
	return nil
}

// unwrapPathErr is readfile.UnwrapPath that also drops the "op old new:"
// prefix of an *os.LinkError (link, rename), whose paths are our own
// temporary names.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	if !errors.As(err, &pe) && errors.As(err, &le) {
		return le.Err
	}
	return readfile.UnwrapPath(err)
}

// Abort removes the temporary file. It is safe to call after Commit, so
// a writer can defer it: an error or an interrupt (the context Main
// cancels) returns through the defer and leaves nothing behind.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	if !f.unnamed {
		os.Remove(f.Name())
	}
}

// WriteFile writes data to target atomically.
func WriteFile(target string, data []byte, force bool) error {
	f, err := Create(target, force)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", target, err)
	}
	return f.Commit()
}
