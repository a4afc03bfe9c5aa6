// Package batch renders one email per record of a data file. It reads the
// data twice: a first pass checks every record, and only if all pass (or
// --skip-invalid says to go on) does a second pass write anything. Both
// passes stream, so memory stays flat however many records there are.
package batch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/data"
)

// Job is one batch. The CLI supplies how a record becomes bytes.
type Job struct {
	// Open opens the data for a pass; it is called once per pass.
	Open func() (data.Reader, error)
	// Encode renders rec into buf in the output format.
	Encode func(rec *data.Record, buf *bytes.Buffer) error
	// Name gives the file name of rec, for --out-dir; nil otherwise.
	Name func(rec *data.Record) (string, error)
	// Refuse, when set, says why a file name cannot be written (it exists
	// already); the first pass counts that record as failed.
	Refuse func(name string) error
	// Start skips the records before it (1-based); 0 or 1 starts at the top.
	Start int
	// SkipInvalid renders the good records and reports the bad ones
	// instead of writing nothing.
	SkipInvalid bool
	// Progress, when set, gets a progress line for batches that take
	// more than a second (the CLI sets it only for a terminal).
	Progress io.Writer
}

// Failure is one record that cannot be rendered.
type Failure struct {
	Pos string // "line 4" or "record 3"
	Err error
}

// Report is what the first pass found.
type Report struct {
	Records  int // records checked (from Start on)
	Failures []Failure
	Failed   int // all failures; Failures holds at most MaxListed
}

// MaxListed is how many failures a report lists; the rest are counted.
const MaxListed = 20

// FailureError is a batch with bad records; nothing was written.
type FailureError struct {
	Name   string // the data file
	Report *Report
}

func (e *FailureError) Error() string {
	r := e.Report
	return fmt.Sprintf("%s: %d of %d records cannot be rendered, so nothing was written; fix them or pass --skip-invalid", e.Name, r.Failed, r.Records)
}

// Details lists the failures, one per line, and how many more there are.
func (r *Report) Details() string {
	var b strings.Builder
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "  %s: %v\n", f.Pos, f.Err)
	}
	if more := r.Failed - len(r.Failures); more > 0 {
		fmt.Fprintf(&b, "  and %d more\n", more)
	}
	return b.String()
}

// each walks the records from Start on, calling visit for each.
func (j *Job) each(visit func(rec *data.Record) error) error {
	rd, err := j.Open()
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &DataError{err}
		}
		if rec.Number < j.Start {
			continue
		}
		if err := visit(rec); err != nil {
			return err
		}
	}
}

// DataError is a data file that cannot be read: the user's input.
type DataError struct{ Err error }

func (e *DataError) Error() string { return e.Err.Error() }
func (e *DataError) Unwrap() error { return e.Err }

// Check is the first pass: it renders every record and throws the bytes
// away, so a bad record is found before anything is written. For --out-dir
// it also works out the file names, so a clash is found now too.
func (j *Job) Check(names *Namer) (*Report, error) {
	r := &Report{}
	var buf bytes.Buffer
	err := j.each(func(rec *data.Record) error {
		r.Records++
		buf.Reset()
		err := j.Encode(rec, &buf)
		if err == nil && names != nil {
			var name string
			name, err = j.fileName(rec, names)
			if err == nil && j.Refuse != nil {
				err = j.Refuse(name)
			}
		}
		if err != nil {
			r.Failed++
			if len(r.Failures) < MaxListed {
				r.Failures = append(r.Failures, Failure{Pos: rec.Pos, Err: err})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.Records == 0 {
		return nil, &DataError{fmt.Errorf("no records from %d on; the data has fewer", j.Start)}
	}
	return r, nil
}

func (j *Job) fileName(rec *data.Record, names *Namer) (string, error) {
	name, err := j.Name(rec)
	if err != nil {
		return "", err
	}
	return names.Unique(name, rec.Number), nil
}

// Sink takes each rendered record. For --out-dir, name is its file name.
type Sink func(rec *data.Record, name string, msg []byte) error

// Write is the second pass: it renders the records again and hands each
// to sink. With SkipInvalid, records that fail are passed over; otherwise
// Check has already shown there are none.
func (j *Job) Write(total int, names *Namer, sink Sink) error {
	var buf bytes.Buffer
	progress := j.newProgress(total)
	defer progress.done()
	return j.each(func(rec *data.Record) error {
		buf.Reset()
		if err := j.Encode(rec, &buf); err != nil {
			if j.SkipInvalid {
				return nil
			}
			return fmt.Errorf("%s: %w", rec.Pos, err)
		}
		name := ""
		if names != nil {
			var err error
			if name, err = j.fileName(rec, names); err != nil {
				if j.SkipInvalid {
					return nil
				}
				return fmt.Errorf("%s: %w", rec.Pos, err)
			}
		}
		if err := sink(rec, name, buf.Bytes()); err != nil {
			return err
		}
		progress.step()
		return nil
	})
}

// progress prints "templ: 1200/5000 emails" at most ten times a second,
// and only once the batch has run for a second.
type progress struct {
	w           io.Writer
	total, n    int
	start, last time.Time
	shown       bool
}

func (j *Job) newProgress(total int) *progress {
	return &progress{w: j.Progress, total: total, start: time.Now()}
}

func (p *progress) step() {
	p.n++
	if p.w == nil || p.n%64 != 0 {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rtempl: %d/%d emails", p.n, p.total)
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintf(p.w, "\rtempl: %d/%d emails\n", p.n, p.total)
	}
}
