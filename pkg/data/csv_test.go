package data

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

func TestCSV(t *testing.T) {
	runReadCases(t, "csv", []readCase{
		{
			name: "plain",
			in:   "Name,Email,Amount\nIvan,ivan@example.com,10.50\nMaria,maria@example.com,007\n",
			want: []Record{
				rec("line 2", 1, "Name", "Ivan", "Email", "ivan@example.com", "Amount", "10.50"),
				rec("line 3", 2, "Name", "Maria", "Email", "maria@example.com", "Amount", "007"),
			},
		},
		{
			name: "no final newline",
			in:   "Name\nIvan",
			want: []Record{rec("line 2", 1, "Name", "Ivan")},
		},
		{
			name: "BOM",
			in:   "\ufeffName,Email\nIvan,i@example.com\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan", "Email", "i@example.com")},
		},
		{
			name: "quoted newline: Pos is the starting line",
			in:   "Name,Note\nIvan,\"two\nlines\"\nMaria,x\n",
			want: []Record{
				rec("line 2", 1, "Name", "Ivan", "Note", "two\nlines"),
				rec("line 4", 2, "Name", "Maria", "Note", "x"),
			},
		},
		{
			name: "embedded quotes and commas",
			in:   "Name,Note\n\"Smith, John\",\"He said \"\"hi\"\", then left\"\n",
			want: []Record{rec("line 2", 1, "Name", "Smith, John", "Note", `He said "hi", then left`)},
		},
		{
			name: "CRLF line endings",
			in:   "Name,Note\r\nIvan,\"a\r\nb\"\r\nMaria,c\r\n",
			want: []Record{
				rec("line 2", 1, "Name", "Ivan", "Note", "a\nb"),
				rec("line 4", 2, "Name", "Maria", "Note", "c"),
			},
		},
		{
			name: "blank lines are skipped but counted",
			in:   "Name\n\nIvan\n\n\nMaria\n",
			want: []Record{rec("line 3", 1, "Name", "Ivan"), rec("line 6", 2, "Name", "Maria")},
		},
		{
			name: "empty cells and spaces kept literally",
			in:   "Name,Amount\n, 10 \n",
			want: []Record{rec("line 2", 1, "Name", "", "Amount", " 10 ")},
		},
		{
			name: "spaces around header names are trimmed",
			in:   "Name , Email\nIvan,i@example.com\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan", "Email", "i@example.com")},
		},
		{
			name: "unicode",
			in:   "Име,Град\nИван,София\n",
			want: []Record{rec("line 2", 1, "Име", "Иван", "Град", "София")},
		},
		{
			name: "ragged row",
			in:   "Name,Email,Amount,Order\nIvan,a,1,2\nMaria,b,3,4\nPetar,c,5\n",
			want: []Record{
				rec("line 2", 1, "Name", "Ivan", "Email", "a", "Amount", "1", "Order", "2"),
				rec("line 3", 2, "Name", "Maria", "Email", "b", "Amount", "3", "Order", "4"),
			},
			err: "f.csv:4: record has 3 fields, the header has 4",
		},
		{
			name: "row with too many fields names its starting line",
			in:   "Name\n\"a\nb\",c\n",
			err:  "f.csv:2: record has 2 fields, the header has 1",
		},
		{
			name: "empty file",
			in:   "",
			err:  "f.csv: no records; the file is empty",
		},
		{
			name: "only blank lines",
			in:   "\n\r\n\n",
			err:  "f.csv: no records; the file is empty",
		},
		{
			name: "header only",
			in:   "Name,Email\n",
			err:  "f.csv: no records; the file has a header but no rows",
		},
		{
			name: "blank header name",
			in:   "Name,,Email\nIvan,x,y\n",
			err:  "f.csv:1: column 2 of the header is blank; give every column a variable name",
		},
		{
			name: "trailing comma in header",
			in:   "Name,Email,\n",
			err:  "f.csv:1: column 3 of the header is blank; give every column a variable name",
		},
		{
			name: "duplicate header names",
			in:   "Name,Email,Name\n",
			err:  `f.csv:1: header name "Name" appears twice (columns 1 and 3); rename or remove one`,
		},
		{
			name: "bare quote",
			in:   "Name,Note\nIvan,5\" screen\n",
			err:  `f.csv:2: a " in an unquoted field; put the whole field in quotes and double the " inside it ("say ""hi""")`,
		},
		{
			name: "text after closing quote",
			in:   "Name,Note\nIvan,\"a\"b\n",
			err:  `f.csv:2: a quoted field is not closed properly; end it with " followed by a comma or the line end, and double any " inside it`,
		},
		{
			name: "quote never closed",
			in:   "Name,Note\nIvan,\"open\nmore\nlines\"x\n",
			err:  `f.csv:4: a quoted field of the record starting on line 2 is not closed properly; end it with " and double any " inside it`,
		},
		{
			name: "binary garbage",
			in:   "\x00\x01\x02\xff\xfe",
			err:  "f.csv:1: not UTF-8 text (it holds a NUL byte; is it a binary file?); save the data as UTF-8 text",
		},
		{
			name: "Latin-1 text",
			in:   "Name\nJos\xe9\n",
			err:  "f.csv:2: not UTF-8 text; save the file as UTF-8",
		},
	})
}

// Excel saves CSV with semicolons where the decimal separator is a comma
// (Bulgarian, German): a header with a semicolon and no comma says so.
func TestCSVSemicolon(t *testing.T) {
	runReadCases(t, "csv", []readCase{
		{
			name: "Excel in a Bulgarian locale",
			in:   "\ufeffИме;Сума;Бележка\r\nИван;10,50;\"a;b\"\r\nМария;7,00;\r\n",
			want: []Record{
				rec("line 2", 1, "Име", "Иван", "Сума", "10,50", "Бележка", "a;b"),
				rec("line 3", 2, "Име", "Мария", "Сума", "7,00", "Бележка", ""),
			},
		},
		{
			name: "blank lines before the header",
			in:   "\r\n\nName;Amount\nIvan;1,5\n",
			want: []Record{rec("line 4", 1, "Name", "Ivan", "Amount", "1,5")},
		},
		{
			name: "header without a line end",
			in:   "Name;Amount",
			err:  "f.csv: no records; the file has a header but no rows",
		},
		{
			name: "a comma in the header wins",
			in:   "Name,Note\nIvan,a;b\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan", "Note", "a;b")},
		},
		{
			name: "a quoted comma in the header still means commas",
			in:   "\"Name, full\";Amount\nIvan;1\n",
			err:  `f.csv:1: a quoted field is not closed properly; end it with " followed by a comma or the line end, and double any " inside it`,
		},
		{
			name: "one column: commas",
			in:   "Name\nIvan\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan")},
		},
		{
			name: "the message names the semicolon",
			in:   "Name;Note\nIvan;\"a\"b\n",
			err:  `f.csv:2: a quoted field is not closed properly; end it with " followed by a semicolon or the line end, and double any " inside it`,
		},
		{
			name: "not UTF-8 inside the header",
			in:   "Name;Ren\xe9e\nIvan;x\n",
			err:  "f.csv:1: not UTF-8 text; save the file as UTF-8",
		},
	})
}

func TestTSV(t *testing.T) {
	runReadCases(t, "tsv", []readCase{
		{
			name: "tabs; commas and semicolons are text",
			in:   "Name\tNote\tAmount\nIvan\ta, b; c\t10,50\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan", "Note", "a, b; c", "Amount", "10,50")},
		},
		{
			name: "Excel quotes a field with a tab, quote or line break",
			in:   "Name\tNote\r\nIvan\t\"a\tb \"\"c\"\"\r\nd\"\r\n",
			want: []Record{rec("line 2", 1, "Name", "Ivan", "Note", "a\tb \"c\"\nd")},
		},
		{
			name: "ragged",
			in:   "Name\tEmail\nIvan\n",
			err:  "f.tsv:2: record has 1 fields, the header has 2",
		},
		{
			name: "the message names the tab",
			in:   "Name\tNote\nIvan\t\"a\"b\n",
			err:  `f.tsv:2: a quoted field is not closed properly; end it with " followed by a tab or the line end, and double any " inside it`,
		},
	})
}

func TestDelimiterOption(t *testing.T) {
	for _, tt := range []struct {
		format, in string
		delim      rune
		want       []Record
		err        string
	}{
		{"csv", "Name|Note\nIvan|a,b;c\n", '|', []Record{rec("line 2", 1, "Name", "Ivan", "Note", "a,b;c")}, ""},
		{"csv", "Name,Note\nIvan,x\n", ';', []Record{rec("line 2", 1, "Name,Note", "Ivan,x")}, ""}, // the flag wins over the header
		{"csv", "Name;Note\nIvan;x\n", ',', []Record{rec("line 2", 1, "Name;Note", "Ivan;x")}, ""},
		{"tsv", "Name;Note\nIvan;x\n", ';', []Record{rec("line 2", 1, "Name", "Ivan", "Note", "x")}, ""},
		{"csv", "Имé·Град\nИван·София\n", '·', []Record{rec("line 2", 1, "Имé", "Иван", "Град", "София")}, ""},
	} {
		dr, err := NewReaderWith(iotest.OneByteReader(strings.NewReader(tt.in)), tt.format, "f."+tt.format, Options{Delimiter: tt.delim})
		if err != nil {
			t.Fatal(err)
		}
		var got []Record
		for {
			r, err := dr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q: %v", tt.in, err)
			}
			got = append(got, Record{Pos: r.Pos, Number: r.Number, Fields: append([]Field(nil), r.Fields...)})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q with %q (-want +got):\n%s", tt.in, tt.delim, diff)
		}
	}
	_, err := NewReaderWith(strings.NewReader("[]"), "json", "f.json", Options{Delimiter: ';'})
	if want := "f.json: --delimiter applies to CSV and TSV data only, not json; drop it"; err == nil || err.Error() != want {
		t.Errorf("json with a delimiter: %v, want %s", err, want)
	}
}

func TestParseDelimiter(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want rune
		err  string
	}{
		{in: ";", want: ';'},
		{in: ",", want: ','},
		{in: `\t`, want: '\t'},
		{in: "tab", want: '\t'},
		{in: "TAB", want: '\t'},
		{in: "\t", want: '\t'},
		{in: "|", want: '|'},
		{in: "·", want: '·'},
		{in: "", err: `--delimiter "": give one character, such as ";" or "\t" for a tab`},
		{in: ";;", err: `--delimiter ";;": give one character, such as ";" or "\t" for a tab`},
		{in: "\xff", err: `--delimiter "\xff": give one character, such as ";" or "\t" for a tab`},
		{in: `"`, err: `--delimiter "\"" cannot separate fields (quotes and line breaks mean something else in CSV); give a character such as ";" or "\t"`},
		{in: "\n", err: `--delimiter "\n" cannot separate fields (quotes and line breaks mean something else in CSV); give a character such as ";" or "\t"`},
		{in: "\r", err: `--delimiter "\r" cannot separate fields (quotes and line breaks mean something else in CSV); give a character such as ";" or "\t"`},
	} {
		got, err := ParseDelimiter(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("ParseDelimiter(%q) = %q, %q; want %q, %q", tt.in, got, gotErr, tt.want, tt.err)
		}
	}
}

// The header decides the delimiter however long it is, up to sniffLimit;
// past that it is read with commas.
func TestSniffLimit(t *testing.T) {
	long := strings.Repeat("x", sniffLimit-len("Name;\n"))
	got, err := readAll(t, iotest.HalfReader(strings.NewReader("Name;"+long+"\nIvan;y\n")), "csv")
	if want := []Record{rec("line 2", 1, "Name", "Ivan", long, "y")}; err != "" || !cmp.Equal(want, got) {
		t.Errorf("header of sniffLimit bytes: %v %q", got, err)
	}
	got, err = readAll(t, strings.NewReader("Name;"+long+"x\nIvan;y\n"), "csv")
	if want := []Record{rec("line 2", 1, "Name;"+long+"x", "Ivan;y")}; err != "" || !cmp.Equal(want, got) {
		t.Errorf("header past sniffLimit: %v %q", got, err)
	}
}
