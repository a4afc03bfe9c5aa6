package data

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAll reads every record of in, copying each since Next may reuse it.
// It returns the records read before the first error and that error's text.
func readAll(t *testing.T, r io.Reader, format string) ([]Record, string) {
	t.Helper()
	dr, err := NewReader(r, format, "f."+format)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var recs []Record
	for {
		rec, err := dr.Next()
		if err == io.EOF {
			return recs, ""
		}
		if err != nil {
			return recs, err.Error()
		}
		if rec == nil {
			t.Fatal("Next returned a nil record without an error")
		}
		recs = append(recs, Record{Pos: rec.Pos, Number: rec.Number, Fields: append([]Field(nil), rec.Fields...)})
	}
}

type readCase struct {
	name string
	in   string
	want []Record
	err  string // the error after want's records; "" means io.EOF
}

// runReadCases checks each case through readers that hand out all bytes at
// once, one byte at a time and half a buffer at a time, so multi-byte
// characters and the BOM are split across reads.
func runReadCases(t *testing.T, format string, cases []readCase) {
	t.Helper()
	wrappers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one-byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for _, c := range cases {
		for wname, wrap := range wrappers {
			t.Run(c.name+"/"+wname, func(t *testing.T) {
				got, gotErr := readAll(t, wrap(strings.NewReader(c.in)), format)
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("records (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(c.err, gotErr); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// rec builds a Record from name/value pairs.
func rec(pos string, number int, kv ...string) Record {
	r := Record{Pos: pos, Number: number}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Fields = append(r.Fields, Field{Name: kv[i], Value: kv[i+1]})
	}
	return r
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path, override, want, err string
	}{
		{path: "customers.csv", want: "csv"},
		{path: "dir.v2/DATA.CSV", want: "csv"},
		{path: "a.json", want: "json"},
		{path: "a.jsonl", want: "jsonl"},
		{path: "a.ndjson", want: "jsonl"},
		{path: "a.yaml", want: "yaml"},
		{path: "a.yml", want: "yaml"},
		{path: "people.TSV", want: "tsv"},
		{path: "a.txt", override: "tsv", want: "tsv"},
		{path: "a.txt", override: "JSONL", want: "jsonl"},
		{path: "-", override: "yaml", want: "yaml"},
		{path: "a.csv", override: "json", want: "json"},
		{path: "a.txt", err: "a.txt: cannot tell the data format from the file name; name it .csv, .tsv, .json, .jsonl or .yaml, or pass --data-format csv|tsv|json|jsonl|yaml"},
		{path: "-", err: "-: cannot tell the data format from the file name; name it .csv, .tsv, .json, .jsonl or .yaml, or pass --data-format csv|tsv|json|jsonl|yaml"},
		{path: "a.csv", override: "xml", err: `unknown data format "xml"; use --data-format csv, tsv, json, jsonl or yaml`},
		{path: "a.csv", override: "yml", err: `unknown data format "yml"; use --data-format csv, tsv, json, jsonl or yaml`},
	}
	for _, tt := range tests {
		got, err := FormatOf(tt.path, tt.override)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("FormatOf(%q, %q) = %q, %q; want %q, %q", tt.path, tt.override, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestNewReaderUnknownFormat(t *testing.T) {
	_, err := NewReader(strings.NewReader(""), "xml", "f.xml")
	want := `f.xml: unknown data format "xml"; use csv, tsv, json, jsonl or yaml`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestNoRecordsWrapsErrNoRecords(t *testing.T) {
	for format, in := range map[string]string{
		"csv":   "Name,Email\n",
		"json":  "[ ]",
		"jsonl": "\n",
		"yaml":  "# nothing\n",
	} {
		r, err := NewReader(strings.NewReader(in), format, "f")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); !errors.Is(err, ErrNoRecords) {
			t.Errorf("%s: Next() error = %v, want one wrapping ErrNoRecords", format, err)
		}
	}
}

func TestErrorsAreSticky(t *testing.T) {
	r, err := NewReader(strings.NewReader("[{\"a\": 1} {\"a\": 2}]"), "json", "f.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, first := r.Next()
	_, second := r.Next()
	if first == nil || second != first {
		t.Fatalf("errors %v then %v; want the same error twice", first, second)
	}
}

// A bad record is passed over: the reader goes on to the next one, and
// numbers records counting the bad ones.
func TestBadRecordsArePassedOver(t *testing.T) {
	for _, tt := range []struct {
		format, in string
		want       []string
	}{
		{"csv", "Name,Order\nIvan,A1\nMaria\nPeter,A3,x\nJo,\"bad\"quote\nZed,A6\n", []string{
			`1 line 2 [{Name Ivan} {Order A1}]`,
			`2 f.csv:3: record has 1 fields, the header has 2`,
			`3 f.csv:4: record has 3 fields, the header has 2`,
			`4 f.csv:5: a quoted field is not closed properly; end it with " followed by a comma or the line end, and double any " inside it`,
			`5 line 6 [{Name Zed} {Order A6}]`,
		}},
		{"jsonl", "{\"Name\":\"Ivan\"}\n{\"Name\": \n[1]\n\n{\"Name\":{\"a\":1}}\n{\"Name\":\"Zed\"}\n", []string{
			`1 line 1 [{Name Ivan}]`,
			`2 f.jsonl:2: invalid JSON: the line ends inside the object; put each whole record on one line`,
			`3 f.jsonl:3: the line holds an array, not an object; put one object like {"Name": "Ivan"} on each line`,
			`4 f.jsonl:5: key "Name" holds an object; values must be text, numbers or booleans`,
			`5 line 6 [{Name Zed}]`,
		}},
	} {
		r, err := NewReader(strings.NewReader(tt.in), tt.format, "f."+tt.format)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			var bad *BadRecordError
			switch {
			case errors.As(err, &bad):
				got = append(got, fmt.Sprintf("%d %v", bad.Number, err))
			case err != nil:
				t.Fatalf("%s: %v", tt.format, err)
			default:
				got = append(got, fmt.Sprintf("%d %s %v", rec.Number, rec.Pos, rec.Fields))
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.format, diff)
		}
	}
}

func TestEOFIsSticky(t *testing.T) {
	r, err := NewReader(strings.NewReader(`[{"a": 1}]`), "json", "f.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next after the last record = %v, want io.EOF", err)
		}
	}
}

func TestReadErrorNamesFile(t *testing.T) {
	for _, format := range []string{"csv", "json", "jsonl", "yaml"} {
		_, got := readAll(t, iotest.ErrReader(errors.New("disk on fire")), format)
		want := "f." + format + ": cannot read: disk on fire"
		if got != want {
			t.Errorf("%s: error %q, want %q", format, got, want)
		}
	}
}

// Every format reports bytes that are not UTF-8 text the same way, at the
// line they are on, after handing out the records before them.
func TestNotUTF8(t *testing.T) {
	latin1 := "not UTF-8 text; save the file as UTF-8"
	nul := "not UTF-8 text (it holds a NUL byte; is it a binary file?); save the data as UTF-8 text"
	tests := []struct {
		format, in string
		want       []Record
		err        string
	}{
		{"csv", "Name\nIvan\nRen\xe9e\n", []Record{rec("line 2", 1, "Name", "Ivan")}, "f.csv:3: " + latin1},
		{"csv", "Name\nIvan\x00\n", nil, "f.csv:2: " + nul},
		{"csv", "\x89PNG\r\n\x1a\n\x00\x00", nil, "f.csv:1: " + latin1},
		{"csv", "Name\n\"Ivan\n\xc3\"\n", nil, "f.csv:3: " + latin1}, // cut-off rune inside a quoted field
		{"csv", "Name\nIvan\xe2\x82", nil, "f.csv:2: " + latin1},     // rune cut off by the end of the file
		{"json", "[{\"a\": \"x\"},\n{\"a\": \"\xff\"}]", []Record{rec("record 1", 1, "a", "x")}, "f.json:2: " + latin1},
		{"jsonl", "{\"a\": 1}\n\n{\"a\": \"\xed\xa0\x80\"}\n", []Record{rec("line 1", 1, "a", "1")}, "f.jsonl:3: " + latin1}, // encoded surrogate
		{"yaml", "- a: 1\n- a: \xc0\xaf\n", nil, "f.yaml:2: " + latin1},                                                      // overlong encoding
	}
	for _, tt := range tests {
		got, gotErr := readAll(t, iotest.OneByteReader(strings.NewReader(tt.in)), tt.format)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %q: records (-want +got):\n%s", tt.format, tt.in, diff)
		}
		if gotErr != tt.err {
			t.Errorf("%s %q: error %q, want %q", tt.format, tt.in, gotErr, tt.err)
		}
	}
}

// A byte order mark is dropped in every format, and JSON line numbers
// still count from the top of the file.
func TestBOM(t *testing.T) {
	const bom = "\ufeff"
	tests := []struct {
		format, in string
		want       []Record
		err        string
	}{
		{"csv", bom + "Name\nIvan\n", []Record{rec("line 2", 1, "Name", "Ivan")}, ""},
		{"json", bom + "[{\"Name\": \"Ivan\"}]", []Record{rec("record 1", 1, "Name", "Ivan")}, ""},
		{"json", bom + "[\n{\"Name\": \"Ivan\"},\n{\"Name\" \"Ivan\"}]", []Record{rec("record 1", 1, "Name", "Ivan")}, "f.json:3: invalid JSON: invalid character '\"' after object key"},
		{"jsonl", bom + "{\"Name\": \"Ivan\"}\n", []Record{rec("line 1", 1, "Name", "Ivan")}, ""},
		{"yaml", bom + "- Name: Ivan\n", []Record{rec("record 1", 1, "Name", "Ivan")}, ""},
	}
	for _, tt := range tests {
		got, gotErr := readAll(t, strings.NewReader(tt.in), tt.format)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: records (-want +got):\n%s", tt.format, diff)
		}
		if gotErr != tt.err {
			t.Errorf("%s: error %q, want %q", tt.format, gotErr, tt.err)
		}
	}
}

func TestOneLine(t *testing.T) {
	got := oneLine("yaml: unmarshal errors:\n  line 1: x\r\n  line 2: y")
	if want := "yaml: unmarshal errors:; line 1: x; line 2: y"; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}
