package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type csvReader struct {
	name   string
	src    io.Reader
	delim  rune        // 0 until known: then a comma or semicolon from the header
	cr     *csv.Reader // nil until the first next
	header []string    // nil until the header is read
	budget *recordBudget
	last   int // the line the last record read ended on
	b      recordBuilder
}

// maxCSVRecord bounds one CSV record, as readfile.MaxSize bounds a
// template or context file: a quote never closed makes the rest of the file
// one field, which encoding/csv would read into memory whole.
const maxCSVRecord = 16 << 20

// recordBudget is the CSV's source, failing once one record has read more
// than max bytes (give or take encoding/csv's read-ahead).
type recordBudget struct {
	r    io.Reader
	used int
}

var errHugeRecord = errors.New("record too large")

func (b *recordBudget) Read(p []byte) (int, error) {
	if b.used > maxCSVRecord {
		return 0, errHugeRecord
	}
	n, err := b.r.Read(p)
	b.used += n
	return n, err
}

// newCSVReader reads CSV separated by delim, or, when delim is 0, by
// whatever sniffDelimiter finds in the header.
func newCSVReader(r io.Reader, name string, delim rune) *csvReader {
	return &csvReader{name: name, src: r, delim: delim}
}

func (c *csvReader) start() {
	src := c.src
	if c.delim == 0 {
		c.delim, src = sniffDelimiter(src)
	}
	c.budget = &recordBudget{r: src}
	c.cr = csv.NewReader(c.budget)
	c.cr.Comma = c.delim
	c.cr.FieldsPerRecord = -1 // ragged rows get our own message, naming both counts
	c.cr.ReuseRecord = true
}

func (c *csvReader) next() (*Record, error) {
	if c.cr == nil {
		c.start()
	}
	if c.header == nil {
		if err := c.readHeader(); err != nil {
			return nil, err
		}
	}
	c.budget.used = 0
	row, err := c.cr.Read()
	if errors.Is(err, errHugeRecord) {
		return nil, fmt.Errorf("%s: the record after line %d is larger than %d MiB; a record that big is not a customer's: look for a quote that is not closed", c.name, c.last, maxCSVRecord>>20)
	}
	if err == io.EOF {
		if c.b.rec.Number == 0 {
			return nil, noRecords(c.name, "the file has a header but no rows")
		}
		return nil, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// encoding/csv goes on after a malformed row, from the next line.
		number := c.b.rec.Number + 1
		c.last = pe.Line
		c.b.reset("line "+strconv.Itoa(pe.StartLine), number)
		return nil, &BadRecordError{File: c.name, Line: pe.Line, Number: number, Err: parseProblem(pe, c.delim)}
	}
	if err != nil {
		return nil, c.error(err)
	}
	line, _ := c.cr.FieldPos(0)
	c.last, _ = c.cr.FieldPos(len(row) - 1)
	c.b.reset("line "+strconv.Itoa(line), c.b.rec.Number+1)
	if len(row) != len(c.header) {
		return nil, &BadRecordError{File: c.name, Line: line, Number: c.b.rec.Number,
			Err: fmt.Errorf("record has %d fields, the header has %d", len(row), len(c.header))}
	}
	for i, v := range row {
		// Header names are checked already and a CSV file cannot hold NUL
		// bytes, so add never fails here; append directly.
		c.b.rec.Fields = append(c.b.rec.Fields, Field{Name: c.header[i], Value: v})
	}
	return &c.b.rec, nil
}

func (c *csvReader) readHeader() error {
	row, err := c.cr.Read()
	if err == io.EOF {
		return noRecords(c.name, "the file is empty")
	}
	if err != nil {
		return c.error(err)
	}
	line, _ := c.cr.FieldPos(0)
	c.last, _ = c.cr.FieldPos(len(row) - 1)
	header := make([]string, len(row))
	column := make(map[string]int, len(row))
	for i, v := range row {
		// Spaces around a name are never meant to be part of it ("Name, Email").
		name := strings.TrimSpace(v)
		if name == "" {
			return fmt.Errorf("%s:%d: column %d of the header is blank; give every column a variable name", c.name, line, i+1)
		}
		if first, dup := column[name]; dup {
			return fmt.Errorf("%s:%d: header name %q appears twice (columns %d and %d); rename or remove one", c.name, line, name, first+1, i+1)
		}
		column[name] = i
		header[i] = name
	}
	c.header = header
	return nil
}

// error turns an error from encoding/csv into a one-line message naming
// the file and line, with a hint.
func (c *csvReader) error(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return readError(c.name, err)
	}
	return fmt.Errorf("%s:%d: %w", c.name, pe.Line, parseProblem(pe, c.delim))
}

// parseProblem says what is wrong with a malformed CSV row, and how to fix it.
func parseProblem(pe *csv.ParseError, delim rune) error {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return errors.New(`a " in an unquoted field; put the whole field in quotes and double the " inside it ("say ""hi""")`)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return fmt.Errorf(`a quoted field of the record starting on line %d is not closed properly; end it with " and double any " inside it`, pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Errorf(`a quoted field is not closed properly; end it with " followed by %s or the line end, and double any " inside it`, delimiterName(delim))
	}
	return errors.New(oneLine(pe.Err.Error()))
}

// sniffLimit bounds how much of a file sniffDelimiter reads: a header line
// longer than this is taken to be comma-separated.
const sniffLimit = 64 << 10

// sniffDelimiter picks ';' when the header (the first line that is not
// blank) holds a semicolon and no comma, as Excel writes CSV in locales with
// a decimal comma, and ',' otherwise. The reader it returns gives back the
// bytes it read, then the rest of r, then r's error.
func sniffDelimiter(r io.Reader) (rune, io.Reader) {
	var buf []byte
	chunk := make([]byte, 4<<10)
	var err error
	for {
		line, complete := firstLine(buf)
		if complete || err != nil || len(buf) >= sniffLimit {
			delim := ','
			if (complete || err != nil) && bytes.IndexByte(line, ';') >= 0 && bytes.IndexByte(line, ',') < 0 {
				delim = ';'
			}
			rest := r
			if err != nil {
				rest = errReader{err}
			}
			return delim, io.MultiReader(bytes.NewReader(buf), rest)
		}
		var n int
		n, err = r.Read(chunk)
		buf = append(buf, chunk[:n]...)
	}
}

// firstLine returns the first line of buf with more than a line ending
// (encoding/csv skips empty lines), and whether its end is in buf. Only the
// first sniffLimit bytes count, so the answer does not depend on how the
// bytes arrived.
func firstLine(buf []byte) ([]byte, bool) {
	buf = buf[:min(len(buf), sniffLimit)]
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return buf, false
		}
		if line := bytes.TrimSuffix(buf[:i], []byte("\r")); len(line) > 0 {
			return line, true
		}
		buf = buf[i+1:]
	}
	return nil, false
}

// errReader returns err for every read: the error the sniffing read hit,
// kept for the CSV reader to meet after the bytes before it.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
