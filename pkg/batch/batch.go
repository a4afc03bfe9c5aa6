// Package batch renders one email per record of a data file, end to end:
// it reads the records, checks every one in a first pass, and only then
// writes them in a second pass to one sink: one stream (stdout or -o), one
// file per record (--out-dir), one command per record (--exec) or an SMTP
// server (--send, through pkg/send). Nothing is written unless every record
// passes (or SkipInvalid says to go on).
// Both passes stream, so memory stays flat however many records there are;
// input that cannot be read twice (stdin, a pipe) is spooled to an
// unlinked temporary file, and rendered mail never is.
package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/plural"
	"github.com/templ-mail/templ/pkg/printable"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// Options are one batch run, checked by the caller before any I/O.
type Options struct {
	Data       string    // --data: a file, or "-" for In
	DataFormat string    // csv, tsv, json, jsonl or yaml (see data.FormatOf)
	Delimiter  rune      // --delimiter for CSV and TSV; 0 for the format's own
	In         io.Reader // standard input

	Start       int   // skip the records before it (1-based)
	Shard       Shard // write only these records; every record is still checked
	Limit       int   // write at most this many records (0: all); all are checked
	SkipInvalid bool  // write the good records, report the bad ones
	CheckOnly   bool  // --check: check every record and print the count

	Composer *email.Composer // values -> bytes, the same as a single render
	Layers   vars.Layers     // every layer but Record, which each record fills
	// ConfigFor, when set, gives the config layer for a record's language
	// (a config variable may hold one value per language); nil keeps
	// Layers.Config for every record.
	ConfigFor func(lang string) *vars.Values

	// Sink is where the emails go: *Stream, *Dir, *Exec or *SMTP.
	Sink Sink

	Out, Err io.Writer        // stdout (the --check count), stderr (reports)
	Progress bool             // a progress line on Err (for a terminal)
	Now      func() time.Time // the progress line's clock
}

// Error is a batch that failed. Input marks the user's input (exit 2);
// otherwise the work failed (exit 1). When Reported is set its lines are on
// Err already.
type Error struct {
	Err      error
	Input    bool
	Hint     string
	Reported bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// InterruptedError is a run stopped by a signal; it says how far it got.
type InterruptedError struct {
	Msg   string
	Cause error // context.Cause of the run's context
}

func (e *InterruptedError) Error() string { return e.Msg }
func (e *InterruptedError) Unwrap() error { return e.Cause }

func inputErrorf(format string, args ...any) *Error {
	return &Error{Err: fmt.Errorf(format, args...), Input: true}
}

// Run runs the batch. An interrupt (ctx done) stops it between two
// records; what it was writing is removed by the deferred aborts, and the
// error says how far it got.
func Run(ctx context.Context, o *Options) (err error) {
	src, err := openSource(ctx, o)
	if err != nil {
		return err
	}
	defer src.close()
	w, err := o.Sink.start(ctx, o)
	if err != nil {
		return err
	}
	defer w.abort()
	p, recs := o.newPasses(ctx, src, w)
	p.refuse = w.refuse
	// --limit stops writing part of the way, which one pass cannot know
	// until every record is checked.
	if one, ok := w.(onePass); ok && one.onePass() && o.Limit == 0 {
		return o.runOnce(ctx, p, recs, w)
	}
	// Two passes: the second must read what the first checked.
	src.verify = !o.CheckOnly
	report, err := p.check(w.namer())
	if stop, err := o.afterCheck(ctx, w, recs, report, err); stop {
		return err
	}
	good := p.selected
	if o.CheckOnly {
		_, err := fmt.Fprintf(o.Out, "%s ok\n", plural.Count(report.Good(), "record"))
		return writeError(err)
	}
	if err := w.prepare(); err != nil {
		return err
	}
	if pt, ok := w.(interface{ progress(total int) string }); ok {
		p.progressText = func(_, total int) string { return pt.progress(total) }
	}
	total := good
	if o.Limit > 0 {
		total = min(good, o.Limit)
	}
	err = p.write(total, w.namer(), w.write)
	if src.changed {
		return changedError(o, w, total)
	}
	if err != nil {
		if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
			return w.interrupted(c, total)
		}
		return passError(err)
	}
	if err := w.finish(o); err != nil {
		return err
	}
	recs.left.warn(o.Err)
	if total < good {
		_, err := fmt.Fprintf(o.Err, "templ: --limit %d: stopped after record %d; --start %d goes on with the rest\n", o.Limit, p.lastWritten, p.lastWritten+1)
		return writeError(err)
	}
	return nil
}

// changedError is a data file that changed while the second pass read
// it: what was written before the change had been checked, the rest is
// not written.
func changedError(o *Options, w sinkRun, total int) error {
	return &Error{Err: fmt.Errorf("--data %s: changed while templ was writing the emails, so it stopped before any record it had not checked: %s", o.dataName(), w.howFar(total)),
		Input: true, Hint: "let nothing else write the data file while templ runs"}
}

// judge reports the bad records of the first pass, and refuses to go on
// with any unless SkipInvalid, or with none good at all.
func (o *Options) judge(report *Report) error {
	name := o.dataName()
	if report.Failed > 0 && (!o.SkipInvalid || report.Good() == 0) {
		msg := (&FailureError{Name: name, Report: report}).Error()
		switch {
		case o.SkipInvalid:
			msg = fmt.Sprintf("%s: none of the %s can be rendered, so nothing was written", name, plural.Count(report.Records, "record"))
		case o.CheckOnly:
			msg = fmt.Sprintf("%s: %d of %d records cannot be rendered", name, report.Failed, report.Records)
		}
		fmt.Fprintf(o.Err, "templ: %s\n%s", printable.Line(msg), report.Details())
		return &Error{Err: errors.New(msg), Input: true, Reported: true}
	}
	if report.Failed > 0 {
		fmt.Fprintf(o.Err, "templ: skipping %d of %d records that cannot be rendered:\n%s", report.Failed, report.Records, report.Details())
	}
	return nil
}

// afterCheck turns a checking pass's outcome into the run's: an
// interrupt, nothing left to do, unreadable data, a batch-wide mistake or
// bad records end the run (stop, with its error, nil for nothing left);
// otherwise it goes on.
func (o *Options) afterCheck(ctx context.Context, w sinkRun, recs *runRecords, report *Report, err error) (stop bool, _ error) {
	if c := context.Cause(ctx); c != nil && err != nil && errors.Is(err, c) {
		return true, w.interrupted(c, -1)
	}
	if done, err := o.nothingLeft(err); done {
		return true, err
	}
	if err != nil {
		return true, passError(err)
	}
	if err := o.batchWide(report, recs.rv.keys, recs.comps); err != nil {
		return true, err
	}
	if err := o.judge(report); err != nil {
		return true, err
	}
	return false, nil
}

// nothingLeft reports a --start just past the last record (what a resumed
// run that had finished asks for): a line on stderr, and no failure.
func (o *Options) nothingLeft(err error) (bool, error) {
	var done *NothingLeftError
	if !errors.As(err, &done) {
		return false, nil
	}
	_, err = fmt.Fprintf(o.Err, "templ: %v\n", done)
	return true, writeError(err)
}

// runRecords is what newPasses' records taught the run: the columns seen and
// the composers of each language.
type runRecords struct {
	rv     *recordValues
	comps  *composers
	left   leftPlaceholders
	once   bool                    // one pass (runOnce): the pass that writes also checks
	config map[string]*vars.Values // the config layer per language, made once
}

func (r *runRecords) configFor(of func(string) *vars.Values, lang string) *vars.Values {
	v, ok := r.config[lang]
	if !ok {
		if r.config == nil {
			r.config = map[string]*vars.Values{}
		}
		v = of(lang)
		r.config[lang] = v
	}
	return v
}

// newPasses wires the engine to this run: records from src, values from
// the layers, bytes from the composer of the record's language, file
// names from the sink.
func (o *Options) newPasses(ctx context.Context, src *source, w sinkRun) (*passes, *runRecords) {
	p := &passes{open: src.open, start: o.Start, shard: o.Shard, limit: o.Limit, skipInvalid: o.SkipInvalid, ctx: ctx, now: o.Now}
	if len(o.Composer.Attachments) > 0 {
		// The file, its base64 and the message bytes, twice for mbox.
		p.extraMemory = 6 * email.MaxAttachments
	}
	if o.Progress {
		p.progress = o.Err
	}
	filename := ""
	if d, ok := o.Sink.(*Dir); ok {
		filename = d.Filename
	}
	// A sink that needs more of a message than any format does (--send: a
	// From and a recipient) checks it in the first pass.
	inspect, _ := w.(interface {
		inspect(record int, m *email.Message) error
	})
	recs := &runRecords{rv: &recordValues{keys: map[string]string{}}, comps: newComposers(o)}
	rv := recs.rv
	layers := o.Layers
	merged := &vars.Values{} // reused: nothing keeps a record's values past it
	p.encode = func(rec *data.Record, buf *bytes.Buffer) (string, error) {
		record, err := rv.of(rec)
		if err != nil {
			return "", err
		}
		langComp, err := recs.comps.get(rv.lang, rv.hasEmail)
		if err != nil {
			return "", err
		}
		if o.ConfigFor != nil {
			layers.Config = recs.configFor(o.ConfigFor, langComp.Prepared.Lang())
		}
		layers.Record = record
		layers.MergeInto(merged)
		vals := merged
		comp := *langComp
		comp.Clock.Record = rec.Number // the record's stable Message-ID
		var m *email.Message
		if buf == nil { // the first pass: check, write nothing
			m, err = comp.Check(vals)
			if err == nil && inspect != nil {
				err = inspect.inspect(rec.Number, m)
			}
		} else {
			m, err = comp.Compose(vals, buf)
		}
		var me *render.MissingError
		if errors.As(err, &me) {
			// In a batch a value comes from a column as often as a flag.
			return "", errors.New(me.Describe(func(name string) string {
				return anColumn(name) + ", or " + render.FlagFor(name)
			}))
		}
		if err == nil && (buf == nil || recs.once) {
			recs.left.add(m.Left)
		}
		if err != nil || filename == "" {
			return "", err
		}
		return render.Fill("--filename", filename, email.Lookup(vals, m.Vars))
	}
	return p, recs
}

// recordValues turns a record's fields into values, folding each column
// name once per batch, not once per record.
type recordValues struct {
	keys     map[string]string // column name -> folded key
	fields   []fieldKey        // this record's keys so far, reused
	seen     map[string]int    // the same as a map, for a record of many fields
	vals     vars.Values       // this record's values, reused
	lang     string            // this record's Lang field, lower case
	hasEmail bool              // this record has an Email field
}

type fieldKey struct {
	key   string
	field int
}

// manyFields is where a map starts to beat a scan of the keys before.
const manyFields = 32

func (r *recordValues) of(rec *data.Record) (*vars.Values, error) {
	vals := &r.vals
	vals.Reset()
	r.fields = r.fields[:0]
	many := len(rec.Fields) > manyFields
	if many {
		if r.seen == nil {
			r.seen = map[string]int{}
		}
		clear(r.seen)
	}
	r.lang, r.hasEmail = "", false
	for i, f := range rec.Fields {
		key, ok := r.keys[f.Name]
		if !ok {
			key = placeholder.Key(f.Name)
			r.keys[f.Name] = key
		}
		if lang, isLang := recordLang(key, f.Value); isLang {
			r.lang = lang
			continue
		}
		r.hasEmail = r.hasEmail || key == "email"
		// Names match loosely, so "Name" and "name" would fill the same
		// variable and one would silently win. A few fields are scanned;
		// many go through a map, since a CSV may have a million columns.
		if j, dup := r.duplicate(key, many); dup {
			return nil, fmt.Errorf("%q and %q are the same variable; keep one", rec.Fields[j].Name, rec.Fields[i].Name)
		}
		if many {
			r.seen[key] = i
		} else {
			r.fields = append(r.fields, fieldKey{key, i})
		}
		vals.SetKey(key, f.Name, f.Value)
	}
	return vals, nil
}

// duplicate finds an earlier field of the record with key.
func (r *recordValues) duplicate(key string, many bool) (int, bool) {
	if many {
		j, ok := r.seen[key]
		return j, ok
	}
	for _, f := range r.fields {
		if f.key == key {
			return f.field, true
		}
	}
	return 0, false
}

// passError maps an error of a pass: unreadable data and a record that
// fails late are the user's input; the rest is the work's.
func passError(err error) error {
	var be *Error
	var de *DataError
	var re *RecordError
	switch {
	case errors.As(err, &be):
		return be
	case errors.As(err, &de):
		return &Error{Err: de.Err, Input: true}
	case errors.As(err, &re):
		return &Error{Err: re, Input: true}
	}
	return &Error{Err: err}
}

// writeError marks a failed write to stdout or a file as the work's.
func writeError(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Err: fmt.Errorf("writing output: %w", err)}
}

func (o *Options) dataName() string {
	if o.Data == "-" {
		return "<stdin>"
	}
	return o.Data
}
