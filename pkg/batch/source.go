package batch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/readfile"
)

// source opens the data for each pass. A regular file is opened once and
// read twice through the same descriptor, so a file renamed over it
// meanwhile is never read; one changed in place (another size or
// modification time) is refused before the second pass writes anything,
// and one changed while the second pass reads it is found by its
// fingerprint before a record it had not checked is read.
// Input that cannot be read twice (stdin, a pipe or FIFO, /dev/fd/N) is
// spooled to a temporary file that is unlinked as soon as it is open, so
// nothing stays behind however templ ends. --check reads stdin once and
// spools nothing.
type source struct {
	o      *Options
	ctx    context.Context
	file   *os.File    // the data file, the spool, or stdin when it is a regular file
	owned  bool        // file is ours to close
	rewind bool        // seek file back to the start for each pass
	first  fs.FileInfo // file as the first pass found it (not for a spool)
	passes int         // passes opened so far
	used   bool        // the one pass that reads o.In straight

	// verify makes the first pass take a fingerprint of the data and the
	// second read only bytes that match it (set by Run for two passes).
	verify  bool
	rec     *recorder
	changed bool // the second pass found the data changed
}

func openSource(ctx context.Context, o *Options) (*source, error) {
	s := &source{o: o, ctx: ctx}
	if o.Data != "-" {
		// A named pipe waits for its writer; an interrupt ends the wait.
		f, err := atomicfile.OpenFile(ctx, o.Data, os.O_RDONLY, 0)
		if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
			return nil, err
		}
		if err != nil {
			return nil, inputErrorf("--data %s: %v", o.Data, readfile.UnwrapPath(err))
		}
		st, err := f.Stat()
		switch {
		case err != nil:
			f.Close()
			return nil, inputErrorf("--data %s: %v", o.Data, readfile.UnwrapPath(err))
		case st.IsDir():
			f.Close()
			return nil, inputErrorf("--data %s: is a directory; give a file", o.Data)
		case st.Mode().IsRegular():
			s.file, s.owned, s.rewind, s.first = f, true, true, st
			return s, nil
		}
		defer f.Close() // a FIFO or device: read it once, into the spool
		return s, s.spool(f)
	}
	if f, ok := o.In.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			s.file, s.rewind, s.first = f, true, st // templ <data.csv: read it twice in place
			return s, nil
		}
	}
	if o.CheckOnly {
		return s, nil
	}
	return s, s.spool(o.In)
}

// unchanged refuses a data file that is not as the first pass found it.
func (s *source) unchanged() error {
	st, err := s.file.Stat()
	if err != nil {
		return &Error{Err: fmt.Errorf("--data %s: %v", s.o.dataName(), readfile.UnwrapPath(err))}
	}
	if !os.SameFile(st, s.first) || st.Size() != s.first.Size() || !st.ModTime().Equal(s.first.ModTime()) {
		return inputErrorf("--data %s: changed while templ was checking it, so nothing was written; run again when nothing else writes it", s.o.dataName())
	}
	return nil
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
	s.passes++
	var fp *fingerprint
	if s.passes > 1 && s.rec != nil {
		var err error
		if fp, err = s.rec.finish(); err != nil {
			return nil, &Error{Err: fmt.Errorf("--data %s: reading: %v", o.dataName(), readfile.UnwrapPath(err)), Input: true}
		}
	}
	if s.passes > 1 && betweenPasses != nil {
		betweenPasses()
	}
	if s.passes > 1 && s.first != nil {
		if err := s.unchanged(); err != nil {
			return nil, err
		}
	}
	var r io.Reader
	switch {
	case s.rewind:
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return nil, &Error{Err: err}
		}
		r = s.file
		switch {
		case fp != nil:
			r = newVerifier(s.file, fp, func(int64) { s.changed = true })
		case s.verify && s.passes == 1:
			s.rec = newRecorder(s.file)
			r = s.rec
		}
	case s.used:
		return nil, &Error{Err: errors.New("standard input read twice")}
	default:
		s.used = true
		r = data.ContextReader(s.ctx, o.In)
	}
	rd, err := data.NewReaderWith(bufio.NewReaderSize(r, 64<<10), o.DataFormat, o.dataName(), data.Options{Delimiter: o.Delimiter})
	if err != nil {
		return nil, &Error{Err: err, Input: true}
	}
	return rd, nil
}

// betweenPasses, when a test sets it, runs as the second pass opens the
// data, after the check of the first: where another process could change it.
var betweenPasses func()

// close closes the data file or the spool; stdin stays open for its owner.
func (s *source) close() {
	if s.file != nil && (s.owned || s.file != s.o.In) {
		s.file.Close()
	}
}
