package data

import "testing"

const nestedMsg = "; values must be text, numbers or booleans"

func TestJSON(t *testing.T) {
	runReadCases(t, "json", []readCase{
		{
			name: "types keep their text",
			in: `[
  {"Name": "Ivan", "Amount": 10.50, "Big": 12345678901234567890, "Exp": 1e3, "Paid": true, "Late": false, "Note": null},
  {"Name": "Мария", "Esc": "a\"b\\c\u00e9\n"}
]`,
			want: []Record{
				rec("record 1", 1, "Name", "Ivan", "Amount", "10.50", "Big", "12345678901234567890", "Exp", "1e3", "Paid", "true", "Late", "false", "Note", ""),
				rec("record 2", 2, "Name", "Мария", "Esc", "a\"b\\cé\n"),
			},
		},
		{
			name: "keys keep source order",
			in:   `[{"z": "1", "a": "2", "m": "3"}]`,
			want: []Record{rec("record 1", 1, "z", "1", "a", "2", "m", "3")},
		},
		{
			name: "empty object is a record without fields",
			in:   `[{}]`,
			want: []Record{{Pos: "record 1", Number: 1}},
		},
		{
			name: "nested object",
			in:   `[{"Name": "a"}, {"Name": "b"}, {"Name": "c", "address": {"city": "Sofia"}}]`,
			want: []Record{rec("record 1", 1, "Name", "a"), rec("record 2", 2, "Name", "b")},
			err:  `f.json: record 3: key "address" holds an object` + nestedMsg,
		},
		{
			name: "nested array",
			in:   `[{"tags": ["a", "b"]}]`,
			err:  `f.json: record 1: key "tags" holds an array` + nestedMsg,
		},
		{
			name: "array of non-objects",
			in:   `[{"Name": "a"}, "Ivan"]`,
			want: []Record{rec("record 1", 1, "Name", "a")},
			err:  `f.json: record 2 is a string, not an object; each record must be an object like {"Name": "Ivan"}`,
		},
		{
			name: "array of arrays",
			in:   `[["Name", "Ivan"]]`,
			err:  `f.json: record 1 is an array, not an object; each record must be an object like {"Name": "Ivan"}`,
		},
		{
			name: "null record",
			in:   `[null]`,
			err:  `f.json: record 1 is null, not an object; each record must be an object like {"Name": "Ivan"}`,
		},
		{
			name: "top level object",
			in:   "\n\n{\"Name\": \"Ivan\"}",
			err:  "f.json:3: the top level is an object, not an array; wrap the object in [ ] (or, for one object per line, name the file .jsonl)",
		},
		{
			name: "top level number",
			in:   `42`,
			err:  `f.json:1: the top level is a number, not an array; a JSON data file must be an array of objects: [{"Name": "Ivan"}, ...]`,
		},
		{
			name: "duplicate key",
			in:   `[{"Name": "a", "Name": "b"}]`,
			err:  `f.json: record 1: key "Name" appears twice; keep one`,
		},
		{
			name: "empty key",
			in:   `[{"": "a"}]`,
			err:  `f.json: record 1: a key is empty; every value needs a variable name`,
		},
		{
			name: "NUL escape in a value",
			in:   `[{"Name": "a\u0000b"}]`,
			err:  `f.json: record 1: key "Name" holds a NUL character; values must be text`,
		},
		{
			name: "syntax error names its line",
			in:   "[\n  {\"Name\": \"a\"},\n  {\"Name\": \"b\",}\n]",
			want: []Record{rec("record 1", 1, "Name", "a")},
			err:  `f.json:3: invalid JSON: invalid character '}' looking for beginning of object key string`,
		},
		{
			name: "missing comma between records",
			in:   "[\n{\"a\": 1}\n{\"a\": 2}\n]",
			want: []Record{rec("record 1", 1, "a", "1")},
			err:  `f.json:3: invalid JSON: invalid character '{' after array element`,
		},
		{
			name: "unclosed array",
			in:   `[{"a": 1}`,
			want: []Record{rec("record 1", 1, "a", "1")},
			err:  "f.json: invalid JSON: the file ends inside the array; check for a missing ] or }",
		},
		{
			name: "unclosed object",
			in:   `[{"a": 1`,
			err:  "f.json: invalid JSON: the file ends inside the array; check for a missing ] or }",
		},
		{
			name: "text after the array",
			in:   "[{\"a\": 1}]\n[]",
			want: []Record{rec("record 1", 1, "a", "1")},
			err:  "f.json:2: unexpected text after the closing ]; a JSON data file holds one array",
		},
		{
			name: "garbage after the array",
			in:   "[{\"a\": 1}]\n\nxyz",
			want: []Record{rec("record 1", 1, "a", "1")},
			err:  "f.json:3: unexpected text after the closing ]; a JSON data file holds one array",
		},
		{
			name: "empty file",
			in:   " \n",
			err:  "f.json: no records; the file is empty",
		},
		{
			name: "empty array",
			in:   "[\n]\n",
			err:  "f.json: no records; the array is empty",
		},
	})
}

func TestJSONL(t *testing.T) {
	runReadCases(t, "jsonl", []readCase{
		{
			name: "blank lines skipped, real line numbers",
			in:   "{\"Name\": \"Ivan\", \"Amount\": 10.50}\n\n   \r\n{\"Name\": \"Maria\", \"Paid\": true, \"Note\": null}\r\n\n",
			want: []Record{
				rec("line 1", 1, "Name", "Ivan", "Amount", "10.50"),
				rec("line 4", 2, "Name", "Maria", "Paid", "true", "Note", ""),
			},
		},
		{
			name: "no final newline",
			in:   `{"a": "1"}`,
			want: []Record{rec("line 1", 1, "a", "1")},
		},
		{
			name: "nested value names the line",
			in:   "{\"a\": 1}\n\n{\"address\": {\"city\": \"Sofia\"}}\n",
			want: []Record{rec("line 1", 1, "a", "1")},
			err:  `f.jsonl:3: key "address" holds an object` + nestedMsg,
		},
		{
			name: "not an object",
			in:   "{\"a\": 1}\n\"Ivan\"\n",
			want: []Record{rec("line 1", 1, "a", "1")},
			err:  `f.jsonl:2: the line holds a string, not an object; put one object like {"Name": "Ivan"} on each line`,
		},
		{
			name: "a JSON array in a .jsonl file",
			in:   "[{\"a\": 1}]\n",
			err:  "f.jsonl:1: the line holds an array, not an object; for a JSON array of objects name the file .json",
		},
		{
			name: "pretty-printed object",
			in:   "{\n  \"a\": 1\n}\n",
			err:  "f.jsonl:1: invalid JSON: the line ends inside the object; put each whole record on one line",
		},
		{
			name: "two objects on one line",
			in:   "{\"a\": 1} {\"a\": 2}\n",
			err:  "f.jsonl:1: unexpected text after the object; put exactly one object on each line",
		},
		{
			name: "syntax error",
			in:   "{\"a\": 1}\n{\"a\" 2}\n",
			want: []Record{rec("line 1", 1, "a", "1")},
			err:  "f.jsonl:2: invalid JSON: invalid character '2' after object key",
		},
		{
			name: "empty file",
			in:   "",
			err:  "f.jsonl: no records; the file is empty",
		},
		{
			name: "only blank lines",
			in:   "\n \n\t\n",
			err:  "f.jsonl: no records; the file has only blank lines",
		},
	})
}
