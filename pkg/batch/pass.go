package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/printable"
)

// passes is the engine under Run: the same records read twice, checked
// and then written. Run fills it from Options; the tests drive it directly.
type passes struct {
	// open opens the data for a pass; it is called once per pass. A reader
	// that is also an io.Closer is closed when the pass ends.
	open func() (data.Reader, error)
	// encode renders rec into buf in the output format and returns its
	// file name before it is made safe and unique (for --out-dir; "" when
	// the batch writes no files). With buf nil (the first pass) it only
	// checks: everything but writing the bytes.
	encode func(rec *data.Record, buf *bytes.Buffer) (name string, err error)
	// refuse, when set, says why a file name cannot be written (it exists
	// already); such a record counts as failed.
	refuse func(name string) error
	// start skips the records before it (1-based); 0 or 1 starts at the top.
	start int
	// extraMemory raises memoryLimit for records far larger than text: an
	// email with attachments is held a few times over while it is encoded,
	// and a limit below that makes the collector run without end.
	extraMemory int64
	// limit, when above 0, is the most records the second pass writes;
	// lastWritten is the number of the last one it wrote.
	limit, lastWritten int
	// shard is --shard: the second pass writes only its records; the
	// first still checks them all.
	shard Shard
	// selected counts, in the first pass, the good records in the shard:
	// what the second pass writes.
	selected int
	// progressText, when set, is the second pass's progress line (a sink
	// that knows more than a count, as --send does).
	progressText func(n, total int) string
	// skipInvalid renders the good records and reports the bad ones
	// instead of writing nothing.
	skipInvalid bool
	// progress, when set, gets a progress line for passes that take more
	// than a second (the CLI sets it only for a terminal).
	progress io.Writer
	// ctx stops a pass between two records.
	ctx context.Context

	now func() time.Time // the clock of the progress line

	// startNames is the Namer of the first pass as it reached Start,
	// having named every record before it: the second pass goes on from it.
	startNames *Namer
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

// Good is the number of records that render.
func (r *Report) Good() int { return r.Records - r.Failed }

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
		fmt.Fprintf(&b, "  %s: %s\n", f.Pos, printable.Line(f.Err.Error()))
	}
	if more := r.Failed - len(r.Failures); more > 0 {
		fmt.Fprintf(&b, "  and %d more\n", more)
	}
	return b.String()
}

// DataError is a data file that cannot be read: the user's input.
type DataError struct{ Err error }

func (e *DataError) Error() string { return e.Err.Error() }
func (e *DataError) Unwrap() error { return e.Err }

// RecordError is a record that failed in the second pass, which Check had
// passed (a file that appeared meanwhile, say).
type RecordError struct {
	Pos string
	Err error
}

func (e *RecordError) Error() string { return e.Pos + ": " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// each walks the records from Start on, calling visit for each: with the
// record, or with the *data.BadRecordError of one that cannot be read.
// Records before Start go to skipped, when set. seen counts every record
// read, those before Start too.
func (j *passes) each(visit func(rec *data.Record, bad *data.BadRecordError) error, skipped func(rec *data.Record)) (seen int, err error) {
	gc := startPacer(j.extraMemory)
	defer gc.stop()
	rd, err := j.open()
	if err != nil {
		return 0, err
	}
	if c, ok := rd.(io.Closer); ok {
		defer c.Close()
	}
	for {
		if j.ctx != nil && j.ctx.Err() != nil {
			return seen, context.Cause(j.ctx)
		}
		rec, err := rd.Next()
		var bad *data.BadRecordError
		switch {
		case errors.Is(err, io.EOF):
			return seen, nil
		case errors.As(err, &bad):
			seen++
			if bad.Number < j.start {
				continue
			}
		case err != nil:
			return seen, &DataError{err}
		default:
			seen++
			if rec.Number < j.start {
				if skipped != nil {
					skipped(rec)
				}
				continue
			}
		}
		gc.step()
		if err := visit(rec, bad); err != nil {
			return seen, err
		}
	}
}

// render encodes rec and, for --out-dir (names != nil), gives its safe and
// unique file name, checked with Refuse.
func (j *passes) render(rec *data.Record, buf *bytes.Buffer, names *Namer) (string, error) {
	if buf != nil {
		buf.Reset()
	}
	name, err := j.encode(rec, buf)
	if err != nil || names == nil {
		return "", err
	}
	name = names.Unique(name, rec.Number)
	// Another shard's file is that machine's to write (or to find there).
	if j.refuse != nil && j.shard.Has(rec.Number) {
		if err := j.refuse(name); err != nil {
			return "", err
		}
	}
	return name, nil
}

// nameOnly takes the file name rec would have in a run from the top: the
// same check as for a record after Start (a record that fails takes no
// name, as --skip-invalid gives it none), without the clash check, since
// its file is expected to exist.
func (j *passes) nameOnly(rec *data.Record, names *Namer) {
	if name, err := j.encode(rec, nil); err == nil {
		names.Unique(name, rec.Number)
	}
}

// check is the first pass: it checks every record as far as the bytes
// (render and build, not encode), so a bad record is found before anything
// is written. For --out-dir (names != nil) it also works out the file
// names, so a clash with an existing file is found now too; the records
// before Start are named as well, unchecked and unwritten, so a resumed run
// gives each record the name the whole run would have.
func (j *passes) check(names *Namer) (*Report, error) {
	r := &Report{}
	progress := j.newProgress(func(n int) string { return fmt.Sprintf("checked %d records", n) })
	var skipped func(rec *data.Record)
	if names != nil && j.start > 1 {
		skipped = func(rec *data.Record) { j.nameOnly(rec, names) }
	}
	seen, err := j.each(func(rec *data.Record, bad *data.BadRecordError) error {
		if skipped != nil && j.startNames == nil {
			j.startNames = names.clone()
		}
		r.Records++
		var pos string
		var err error
		if bad != nil {
			pos, err = bad.Pos(), bad.Err
		} else {
			pos = rec.Pos
			_, err = j.render(rec, nil, names)
		}
		switch {
		case err != nil:
			r.Failed++
			if len(r.Failures) < MaxListed {
				r.Failures = append(r.Failures, Failure{Pos: pos, Err: err})
			}
		case j.shard.Has(rec.Number):
			j.selected++
		}
		progress.step()
		return nil
	}, skipped)
	// The lines after a check are messages, not progress: clear it.
	progress.clear()
	if err != nil {
		return nil, err
	}
	if err := j.noRecords(r, seen); err != nil {
		return nil, err
	}
	return r, nil
}

// noRecords is the error of a pass that had no record from --start on:
// nothing left when --start is just past the last one, else a mistake.
func (j *passes) noRecords(r *Report, seen int) error {
	switch {
	case r.Records > 0:
		return nil
	case j.start == seen+1:
		return &NothingLeftError{Records: seen}
	}
	return &DataError{fmt.Errorf("--start %d: the data has only %s", j.start, plural.Count(seen, "record"))}
}

// NothingLeftError is a --start just past the last record: what a resumed
// run that had finished asks for. It is not a failure.
type NothingLeftError struct{ Records int }

func (e *NothingLeftError) Error() string {
	if e.Records == 1 {
		return "nothing left: the 1 record was done"
	}
	return fmt.Sprintf("nothing left: all %d records were done", e.Records)
}

// writeFunc takes each rendered record. For --out-dir, name is its file name.
type writeFunc func(rec *data.Record, name string, msg []byte) error

// errLimit ends the second pass once limit records are written.
var errLimit = errors.New("--limit reached")

// Write is the second pass: it renders the records again and hands each
// to sink. With SkipInvalid, records that fail are passed over; otherwise
// Check has already shown there are none, and one that fails now (a file
// that appeared since) stops the pass with a RecordError. total is the
// number of records the progress line counts towards. With a limit it
// stops after that many, and lastWritten says where.
func (j *passes) write(total int, names *Namer, sink writeFunc) error {
	var buf bytes.Buffer
	written := 0
	if names != nil && j.startNames != nil {
		names = j.startNames // the names of the records before Start
	}
	text := func(n int) string { return fmt.Sprintf("%d/%d emails", n, total) }
	if j.progressText != nil {
		text = func(n int) string { return j.progressText(n, total) }
	}
	progress := j.newProgress(text)
	defer progress.done()
	_, err := j.each(func(rec *data.Record, bad *data.BadRecordError) error {
		if number := recordNumber(rec, bad); !j.shard.Has(number) {
			// Another shard writes it, but it takes its name here too, so
			// every record is named as in the unsharded run.
			if names != nil && bad == nil {
				j.nameOnly(rec, names)
			}
			return nil
		}
		if bad != nil {
			if j.skipInvalid {
				return nil
			}
			return &RecordError{Pos: bad.Pos(), Err: bad.Err}
		}
		name, err := j.render(rec, &buf, names)
		if err != nil {
			if j.skipInvalid {
				return nil
			}
			return &RecordError{Pos: rec.Pos, Err: err}
		}
		if err := sink(rec, name, buf.Bytes()); err != nil {
			return err
		}
		j.lastWritten, written = rec.Number, written+1
		progress.step()
		if written == j.limit {
			return errLimit
		}
		return nil
	}, nil)
	if errors.Is(err, errLimit) {
		return nil
	}
	return err
}

// Shard is --shard I/N: the records whose number is I modulo N, so N
// machines can split one data file with no coordination. The zero Shard
// holds every record.
type Shard struct{ I, N int }

// Has reports whether record number n is in the shard.
func (s Shard) Has(n int) bool { return s.N <= 1 || n%s.N == s.I }

func recordNumber(rec *data.Record, bad *data.BadRecordError) int {
	if bad != nil {
		return bad.Number
	}
	return rec.Number
}

// progress shows "templ: 1200/5000 emails" on one rewritten line, at most
// ten times a second, and only once the pass has run for a second.
type progress struct {
	w           io.Writer
	now         func() time.Time
	text        func(n int) string
	n           int
	start, last time.Time
	shown       bool
}

func (j *passes) newProgress(text func(n int) string) *progress {
	p := &progress{w: j.progress, now: j.now, text: text}
	if p.w != nil {
		p.start = p.now()
	}
	return p
}

func (p *progress) step() {
	p.n++
	if p.w == nil {
		return
	}
	t := p.now()
	if t.Sub(p.start) < time.Second || (p.shown && t.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = t, true
	fmt.Fprintf(p.w, "\rtempl: %s", p.text(p.n))
}

// done leaves the final count on its own line.
func (p *progress) done() {
	if p.shown {
		fmt.Fprintf(p.w, "\rtempl: %s\n", p.text(p.n))
	}
}

// clear erases the progress line (carriage return, erase to end of line).
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
