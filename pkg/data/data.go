// Package data reads batch data files — CSV (comma, semicolon or any
// delimiter), TSV, JSON arrays, JSON Lines and YAML lists — one customer
// record at a time, so memory stays flat however many records a file holds.
package data

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/templ-mail/templ/pkg/readfile"
)

// Field is one variable of a record: its name and its literal text.
type Field struct{ Name, Value string }

// Record is one customer row. Pos is how errors name it: "line 7" for CSV
// and JSON Lines (the line the record starts on, the CSV header being line
// 1), "record 3" for JSON arrays and YAML lists.
type Record struct {
	Pos    string
	Number int     // 1-based record number
	Fields []Field // in source order; values are the literal text ("10.50" stays "10.50")
}

// Reader hands out the records of a data file in order.
type Reader interface {
	// Next returns the next record, or io.EOF after the last one. The
	// *Record may be reused by the next call. A *BadRecordError is one
	// record that cannot be read, passed over: the next call reads on.
	// After any other error every later call returns the same error.
	Next() (*Record, error)
}

// BadRecordError is one record that cannot be read, where the reader can
// still find the next one: a ragged or misquoted CSV row, a line of JSON
// Lines that is not one object of text values. A batch lists it with the
// records that cannot be rendered, instead of stopping at it.
type BadRecordError struct {
	File   string
	Line   int
	Number int   // the record's number, bad records counted too
	Err    error // what is wrong with it, without file and line
}

func (e *BadRecordError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *BadRecordError) Unwrap() error { return e.Err }

// Pos names the record as Record.Pos does.
func (e *BadRecordError) Pos() string { return "line " + strconv.Itoa(e.Line) }

// ErrNoRecords is wrapped by the error the first Next returns for a data
// file without records.
var ErrNoRecords = errors.New("no records")

// Formats are the names FormatOf returns and NewReader accepts.
const (
	CSV   = "csv"
	TSV   = "tsv" // CSV with tabs: quoting as Excel writes it
	JSON  = "json"
	JSONL = "jsonl"
	YAML  = "yaml"
)

var formatOfExt = map[string]string{
	".csv":    CSV,
	".tsv":    TSV,
	".json":   JSON,
	".jsonl":  JSONL,
	".ndjson": JSONL,
	".yaml":   YAML,
	".yml":    YAML,
}

// FormatOf picks the format of path from its extension, or returns override
// if it is non-empty (one of csv, tsv, json, jsonl, yaml).
func FormatOf(path, override string) (string, error) {
	if override != "" {
		switch f := strings.ToLower(override); f {
		case CSV, TSV, JSON, JSONL, YAML:
			return f, nil
		}
		return "", fmt.Errorf("unknown data format %q; use --data-format csv, tsv, json, jsonl or yaml", override)
	}
	if f, ok := formatOfExt[strings.ToLower(filepath.Ext(path))]; ok {
		return f, nil
	}
	return "", fmt.Errorf("%s: cannot tell the data format from the file name; name it .csv, .tsv, .json, .jsonl or .yaml, or pass --data-format csv|tsv|json|jsonl|yaml", path)
}

// NewReader reads r in the given format (see FormatOf) with the default
// Options; name is the file name used in error messages. Nothing is read
// until the first Next.
func NewReader(r io.Reader, format, name string) (Reader, error) {
	return NewReaderWith(r, format, name, Options{})
}

// NewReaderWith is NewReader with options (a --delimiter).
func NewReaderWith(r io.Reader, format, name string, opt Options) (Reader, error) {
	if opt.Delimiter != 0 && format != CSV && format != TSV {
		return nil, fmt.Errorf("%s: --delimiter applies to CSV and TSV data only, not %s; drop it", name, format)
	}
	tr := newTextReader(r)
	var next func() (*Record, error)
	switch format {
	case CSV:
		next = newCSVReader(tr, name, opt.Delimiter).next
	case TSV:
		next = newCSVReader(tr, name, cmp.Or(opt.Delimiter, '\t')).next
	case JSON:
		next = newJSONReader(tr, name).next
	case JSONL:
		next = newJSONLReader(tr, name).next
	case YAML:
		next = newYAMLReader(tr, name).next
	default:
		return nil, fmt.Errorf("%s: unknown data format %q; use csv, tsv, json, jsonl or yaml", name, format)
	}
	return &stickyReader{next: next}, nil
}

// stickyReader remembers the first error (io.EOF included) so no format
// reader has to cope with being called again after it failed. A bad
// record is not such an error: the format reader has passed over it.
type stickyReader struct {
	next func() (*Record, error)
	err  error
}

func (s *stickyReader) Next() (*Record, error) {
	if s.err != nil {
		return nil, s.err
	}
	rec, err := s.next()
	var bad *BadRecordError
	if err != nil && !errors.As(err, &bad) {
		s.err = err
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// noRecords is the error for a file without records; why says what the file
// holds instead ("the file is empty").
func noRecords(name, why string) error {
	return fmt.Errorf("%s: %w; %s", name, ErrNoRecords, why)
}

// readError turns an error from the underlying reader into one line naming
// the file: a notTextError names the line, anything else is an I/O error.
func readError(name string, err error) error {
	var nt *notTextError
	if errors.As(err, &nt) {
		return fmt.Errorf("%s:%d: %s", name, nt.line, nt.msg())
	}
	// The path is the file we name already.
	return fmt.Errorf("%s: cannot read: %s", name, oneLine(readfile.UnwrapPath(err).Error()))
}

// oneLine keeps messages from libraries on a single line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if part = strings.TrimSpace(part); part != "" {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, "; ")
}

// recordBuilder collects the fields of one record, rejecting empty and
// duplicate keys and values that could not go into an email.
type recordBuilder struct {
	rec  Record
	seen map[string]struct{}
}

func (b *recordBuilder) reset(pos string, number int) {
	b.rec.Pos = pos
	b.rec.Number = number
	b.rec.Fields = b.rec.Fields[:0]
	if b.seen == nil {
		b.seen = make(map[string]struct{})
	}
	clear(b.seen)
}

// add appends a field; the error is a bare message the caller prefixes with
// the file and position.
func (b *recordBuilder) add(key, value string) error {
	if strings.TrimSpace(key) == "" {
		return errors.New("a key is empty; every value needs a variable name")
	}
	if _, dup := b.seen[key]; dup {
		return fmt.Errorf("key %q appears twice; keep one", key)
	}
	if strings.IndexByte(value, 0) >= 0 {
		return fmt.Errorf("key %q holds a NUL character; values must be text", key)
	}
	b.seen[key] = struct{}{}
	b.rec.Fields = append(b.rec.Fields, Field{Name: key, Value: value})
	return nil
}

// nestedError is the message for a value that is an object or a list.
func nestedError(key, what string) error {
	return fmt.Errorf("key %q holds %s; values must be text, numbers or booleans", key, what)
}
