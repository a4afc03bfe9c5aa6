// Package readfile reads the files templ takes whole: templates, the config
// file and --context. Each must be a regular file of at most MaxSize bytes,
// so a FIFO, a device such as /dev/zero (or a link to one) or a huge file is
// a one-line error instead of a hang or running out of memory.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxSize is the largest file templ reads whole: 16 MiB (product.md).
const MaxSize = 16 << 20

// ErrTooLarge is a file or input longer than MaxSize.
var ErrTooLarge = errors.New("larger than 16 MiB, the most templ reads for a template, config or context")

// FS reads name from fsys. Its errors are *fs.PathError, as fs.ReadFile's.
func FS(fsys fs.FS, name string) ([]byte, error) {
	// Stat before open: opening a FIFO blocks until a writer comes.
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := check(st); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, name, st.Size())
}

// File reads the file at path (relative paths from the working directory).
func File(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(st); err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path, st.Size())
}

// Open opens the regular file at path for a caller that reads it under a
// limit of its own, as an attachment may pass MaxSize: a directory, FIFO or
// device is refused as File refuses it. Its errors are *fs.PathError.
func Open(path string) (*os.File, fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := check(st); err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, st, nil
}

// read is Reader with its errors as *fs.PathError: a file's own read errors
// already are.
func read(r io.Reader, name string, size int64) ([]byte, error) {
	data, err := Reader(r, size)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		err = &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, err
}

// Reader reads r to its end, or fails with ErrTooLarge past MaxSize bytes
// (a file can grow after its stat). size is a hint for the buffer; 0 if
// unknown, as for standard input.
func Reader(r io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(size, 512), MaxSize)+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxSize {
			return nil, ErrTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// check refuses what is not a regular file of at most MaxSize bytes.
func check(st fs.FileInfo) error {
	mode := st.Mode()
	switch {
	case mode.IsRegular():
		if st.Size() > MaxSize {
			return ErrTooLarge
		}
		return nil
	case mode.IsDir():
		return errors.New("is a directory; give a file")
	case mode&fs.ModeNamedPipe != 0:
		return errors.New("is a named pipe, not a regular file; templ reads only regular files")
	case mode&fs.ModeDevice != 0:
		return errors.New("is a device, not a regular file; templ reads only regular files")
	}
	return fmt.Errorf("is not a regular file (%s); templ reads only regular files", mode.Type())
}

// UnwrapPath drops the "op path:" prefix of an *fs.PathError, for a message
// that names the path already: "--data x.csv: no such file or directory".
// Any other error is returned as it is.
func UnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
