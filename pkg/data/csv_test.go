package data

import "testing"

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
