package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type csvReader struct {
	name   string
	cr     *csv.Reader
	header []string // nil until the header is read
	b      recordBuilder
}

func newCSVReader(r io.Reader, name string) *csvReader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows get our own message, naming both counts
	cr.ReuseRecord = true
	return &csvReader{name: name, cr: cr}
}

func (c *csvReader) next() (*Record, error) {
	if c.header == nil {
		if err := c.readHeader(); err != nil {
			return nil, err
		}
	}
	row, err := c.cr.Read()
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
		c.b.reset("line "+strconv.Itoa(pe.StartLine), number)
		return nil, &BadRecordError{File: c.name, Line: pe.Line, Number: number, Err: parseProblem(pe)}
	}
	if err != nil {
		return nil, c.error(err)
	}
	line, _ := c.cr.FieldPos(0)
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
	return fmt.Errorf("%s:%d: %w", c.name, pe.Line, parseProblem(pe))
}

// parseProblem says what is wrong with a malformed CSV row, and how to fix it.
func parseProblem(pe *csv.ParseError) error {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return errors.New(`a " in an unquoted field; put the whole field in quotes and double the " inside it ("say ""hi""")`)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return fmt.Errorf(`a quoted field of the record starting on line %d is not closed properly; end it with " and double any " inside it`, pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote):
		return errors.New(`a quoted field is not closed properly; end it with " followed by a comma or the line end, and double any " inside it`)
	}
	return errors.New(oneLine(pe.Err.Error()))
}
