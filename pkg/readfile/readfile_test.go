package readfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestFSMapFS(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("id: a\n")}}
	data, err := FS(fsys, "a.yaml")
	if err != nil || string(data) != "id: a\n" {
		t.Errorf("FS = %q, %v", data, err)
	}
}

// endless is a reader that never ends, like /dev/zero on standard input.
type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }

func TestReader(t *testing.T) {
	if _, err := Reader(endless{}, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("endless input: err = %v, want ErrTooLarge", err)
	}
	// A file that grows after its stat is caught by the read, whatever the hint.
	if _, err := Reader(io.LimitReader(endless{}, MaxSize+1), 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxSize+1 bytes: err = %v, want ErrTooLarge", err)
	}
	data, err := Reader(io.LimitReader(endless{}, MaxSize), 0)
	if err != nil || len(data) != MaxSize {
		t.Errorf("MaxSize bytes: %d bytes, %v", len(data), err)
	}
	data, err = Reader(bytes.NewReader([]byte("hello")), 5)
	if err != nil || string(data) != "hello" {
		t.Errorf("hello: %q, %v", data, err)
	}
}

// UnwrapPath keeps only what went wrong, also under a wrapper, and leaves
// any other error as it is.
func TestUnwrapPath(t *testing.T) {
	pe := &fs.PathError{Op: "open", Path: "x.csv", Err: fs.ErrNotExist}
	plain := errors.New("plain")
	for _, c := range []struct{ in, want error }{
		{pe, fs.ErrNotExist},
		{fmt.Errorf("reading: %w", pe), fs.ErrNotExist},
		{plain, plain},
		{nil, nil},
	} {
		if got := UnwrapPath(c.in); got != c.want {
			t.Errorf("UnwrapPath(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
