package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// jsonReader streams a JSON array of objects: Token for the '[' and then
// each element token by token, so only one record is ever in memory and
// numbers keep the text they were written with (json.Number).
type jsonReader struct {
	name   string
	tr     *textReader
	dec    *json.Decoder
	opened bool // the '[' has been read
	b      recordBuilder
}

func newJSONReader(tr *textReader, name string) *jsonReader {
	tr.track = true // syntax errors carry a byte offset; we report lines
	dec := json.NewDecoder(tr)
	dec.UseNumber()
	return &jsonReader{name: name, tr: tr, dec: dec}
}

func (j *jsonReader) next() (*Record, error) {
	if !j.opened {
		tok, err := j.dec.Token()
		if err == io.EOF {
			return nil, noRecords(j.name, "the file is empty")
		}
		if err != nil {
			return nil, j.decodeError(err)
		}
		if tok != json.Delim('[') {
			hint := `a JSON data file must be an array of objects: [{"Name": "Ivan"}, ...]`
			if tok == json.Delim('{') {
				hint = "wrap the object in [ ] (or, for one object per line, name the file .jsonl)"
			}
			return nil, fmt.Errorf("%s:%d: the top level is %s, not an array; %s", j.name, j.tr.lineAt(j.dec.InputOffset()-1), describeJSON(tok), hint)
		}
		j.opened = true
	}
	if !j.dec.More() {
		return nil, j.close()
	}
	tok, err := j.dec.Token()
	if err != nil {
		return nil, j.decodeError(err)
	}
	number := j.b.rec.Number + 1
	pos := "record " + strconv.Itoa(number)
	if tok != json.Delim('{') {
		return nil, fmt.Errorf(`%s: %s is %s, not an object; each record must be an object like {"Name": "Ivan"}`, j.name, pos, describeJSON(tok))
	}
	j.b.reset(pos, number)
	bad, err := readObject(j.dec, &j.b)
	if err != nil {
		return nil, j.decodeError(err)
	}
	if bad != nil {
		return nil, fmt.Errorf("%s: %s: %w", j.name, pos, bad)
	}
	j.tr.forget(j.dec.InputOffset())
	return &j.b.rec, nil
}

// close reads the ']' and checks nothing follows it.
func (j *jsonReader) close() error {
	if _, err := j.dec.Token(); err != nil {
		return j.decodeError(err)
	}
	if _, err := j.dec.Token(); err != io.EOF {
		var se *json.SyntaxError
		if err != nil && !errors.As(err, &se) {
			return j.decodeError(err)
		}
		return fmt.Errorf("%s:%d: unexpected text after the closing ]; a JSON data file holds one array", j.name, j.tr.lineAt(j.dec.InputOffset()))
	}
	if j.b.rec.Number == 0 {
		return noRecords(j.name, "the array is empty")
	}
	return io.EOF
}

func (j *jsonReader) decodeError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%s:%d: invalid JSON: %s", j.name, j.tr.lineAt(se.Offset), oneLine(se.Error()))
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return fmt.Errorf("%s: invalid JSON: the file ends inside the array; check for a missing ] or }", j.name)
	}
	return readError(j.name, err)
}

// jsonlReader reads JSON Lines: one object per line, blank lines skipped.
// Lines may be any length.
type jsonlReader struct {
	name  string
	lines *lineReader
	b     recordBuilder
}

func newJSONLReader(tr *textReader, name string) *jsonlReader {
	return &jsonlReader{name: name, lines: newLineReader(tr)}
}

func (j *jsonlReader) next() (*Record, error) {
	for {
		text, err := j.lines.next()
		if err == io.EOF {
			switch {
			case j.b.rec.Number > 0:
				return nil, io.EOF
			case j.lines.line > 0:
				return nil, noRecords(j.name, "the file has only blank lines")
			}
			return nil, noRecords(j.name, "the file is empty")
		}
		if err != nil {
			return nil, readError(j.name, err)
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		return j.parse(text)
	}
}

// parse reads one line. Every line stands alone, so a line that is not one
// object of text values is a bad record, and the reader goes on after it.
func (j *jsonlReader) parse(text []byte) (*Record, error) {
	j.b.reset("line "+strconv.Itoa(j.lines.line), j.b.rec.Number+1)
	bad := func(err error) error {
		return &BadRecordError{File: j.name, Line: j.lines.line, Number: j.b.rec.Number, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, bad(syntaxProblem(err))
	}
	if tok != json.Delim('{') {
		hint := `put one object like {"Name": "Ivan"} on each line`
		if tok == json.Delim('[') && j.b.rec.Number == 1 {
			hint = "for a JSON array of objects name the file .json"
		}
		return nil, bad(fmt.Errorf("the line holds %s, not an object; %s", describeJSON(tok), hint))
	}
	problem, err := readObject(dec, &j.b)
	if err != nil {
		return nil, bad(syntaxProblem(err))
	}
	if problem != nil {
		return nil, bad(problem)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, bad(errors.New("unexpected text after the object; put exactly one object on each line"))
	}
	return &j.b.rec, nil
}

// syntaxProblem says what is wrong with a line that is not valid JSON. The
// line is already in memory, so every error is about its text.
func syntaxProblem(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON: %s", oneLine(se.Error()))
	}
	return errors.New("invalid JSON: the line ends inside the object; put each whole record on one line")
}

// readObject reads the members of an object whose '{' dec has just
// returned. bad is a problem with the record's content; err is a problem
// with the JSON itself.
func readObject(dec *json.Decoder, b *recordBuilder) (bad, err error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == json.Delim('}') {
			return nil, nil
		}
		key, _ := tok.(string) // Token only returns strings as object keys
		if tok, err = dec.Token(); err != nil {
			return nil, err
		}
		var value string
		switch v := tok.(type) {
		case string:
			value = v
		case json.Number:
			value = v.String()
		case bool:
			value = strconv.FormatBool(v)
		case nil:
			value = "" // null counts as not given
		case json.Delim:
			return nestedError(key, describeJSON(v)), nil
		}
		if bad := b.add(key, value); bad != nil {
			return bad, nil
		}
	}
}

// describeJSON names the kind of value a token starts.
func describeJSON(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}
