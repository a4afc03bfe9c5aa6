package batch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/templ-mail/templ/pkg/data"
)

// source opens the data for each pass. A regular file is opened again; input
// that cannot be read twice (stdin, a pipe or FIFO) is spooled to a
// temporary file that is unlinked as soon as it is open, so nothing stays
// behind however templ ends. --check reads once and spools nothing.
type source struct {
	o      *Options
	ctx    context.Context
	file   *os.File // the spool, or stdin when it is a regular file
	rewind bool     // seek file back to the start for each pass
	used   bool     // the one pass that reads o.In straight
}

func openSource(ctx context.Context, o *Options) (*source, error) {
	s := &source{o: o, ctx: ctx}
	if o.Data != "-" {
		st, err := os.Stat(o.Data)
		switch {
		case err != nil:
			return nil, inputErrorf("--data %s: %v", o.Data, unwrapPath(err))
		case st.IsDir():
			return nil, inputErrorf("--data %s: is a directory; give a file", o.Data)
		case st.Mode().IsRegular():
			return s, nil
		}
		f, err := os.Open(o.Data) // a FIFO or device: read it once, into the spool
		if err != nil {
			return nil, inputErrorf("--data %s: %v", o.Data, unwrapPath(err))
		}
		defer f.Close()
		return s, s.spool(f)
	}
	if f, ok := o.In.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			s.file, s.rewind = f, true // templ <data.csv: read it twice in place
			return s, nil
		}
	}
	if o.CheckOnly {
		return s, nil
	}
	return s, s.spool(o.In)
}

// spool copies r into an unlinked temporary file.
func (s *source) spool(r io.Reader) error {
	f, err := os.CreateTemp("", "templ-data-*")
	if err != nil {
		return &Error{Err: err}
	}
	os.Remove(f.Name()) // unlinked at once: the open file is all there is
	s.file, s.rewind = f, true
	if _, err := io.Copy(f, data.ContextReader(s.ctx, r)); err != nil {
		if c := context.Cause(s.ctx); c != nil {
			return &InterruptedError{Msg: "interrupted; nothing was written", Cause: err}
		}
		return &Error{Err: fmt.Errorf("--data %s: reading: %w", s.o.Data, err), Input: true}
	}
	return nil
}

// open opens the data for one pass.
func (s *source) open() (data.Reader, error) {
	o := s.o
	var r io.Reader
	switch {
	case s.rewind:
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return nil, &Error{Err: err}
		}
		r = s.file
	case o.Data == "-":
		if s.used {
			return nil, &Error{Err: errors.New("standard input read twice")}
		}
		s.used = true
		r = data.ContextReader(s.ctx, o.In)
	default:
		f, err := os.Open(o.Data)
		if err != nil {
			return nil, inputErrorf("--data %s: %v", o.Data, unwrapPath(err))
		}
		rd, err := data.NewReaderWith(bufio.NewReaderSize(f, 64<<10), o.DataFormat, o.dataName(), data.Options{Delimiter: o.Delimiter})
		if err != nil {
			f.Close()
			return nil, &Error{Err: err, Input: true}
		}
		return closingReader{rd, f}, nil
	}
	rd, err := data.NewReaderWith(bufio.NewReaderSize(r, 64<<10), o.DataFormat, o.dataName(), data.Options{Delimiter: o.Delimiter})
	if err != nil {
		return nil, &Error{Err: err, Input: true}
	}
	return rd, nil
}

// close closes the spool; stdin stays open for its owner.
func (s *source) close() {
	if s.file != nil && s.file != s.o.In {
		s.file.Close()
	}
}

// closingReader closes the data file when the pass ends.
type closingReader struct {
	data.Reader
	io.Closer
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
