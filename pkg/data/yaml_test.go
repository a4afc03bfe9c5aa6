package data

import "testing"

func TestYAML(t *testing.T) {
	runReadCases(t, "yaml", []readCase{
		{
			name: "types keep their text",
			in: `# customers
---
- Name: Ivan
  Amount: 10.50
  Hex: 0x1F
  Paid: True
  Late: false
  Note: ~
  Empty:
  Quoted: "null"
  Date: 2024-01-31

# between records
- Name: "Мария"
  Lines: |
    one
    two
  Folded: >-
    a
    b
`,
			want: []Record{
				rec("record 1", 1, "Name", "Ivan", "Amount", "10.50", "Hex", "0x1F", "Paid", "true", "Late", "false", "Note", "", "Empty", "", "Quoted", "null", "Date", "2024-01-31"),
				rec("record 2", 2, "Name", "Мария", "Lines", "one\ntwo\n", "Folded", "a b"),
			},
		},
		{
			name: "dash alone on its line",
			in:   "-\n  Name: Ivan\n-\n  Name: Maria\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan"), rec("record 2", 2, "Name", "Maria")},
		},
		{
			name: "indented list and CRLF",
			in:   "  - Name: Ivan\r\n    Id: 1\r\n  - Name: Maria\r\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan", "Id", "1"), rec("record 2", 2, "Name", "Maria")},
		},
		{
			name: "flow mapping items and anchors within an item",
			in:   "- {Name: Ivan, Id: 1}\n- Name: &n Maria\n  Nick: *n\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan", "Id", "1"), rec("record 2", 2, "Name", "Maria", "Nick", "Maria")},
		},
		{
			name: "flow sequence decoded whole",
			in:   "# comment\n[{Name: Ivan, Amount: 10.50}, {Name: Maria}]\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan", "Amount", "10.50"), rec("record 2", 2, "Name", "Maria")},
		},
		{
			name: "flow sequence after ---",
			in:   "--- [{Name: Ivan}]\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan")},
		},
		{
			name: "document end marker",
			in:   "- Name: Ivan\n...\n# done\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan")},
		},
		{
			name: "nested mapping",
			in:   "- Name: a\n- Name: b\n- Name: c\n  address:\n    city: Sofia\n",
			want: []Record{rec("record 1", 1, "Name", "a"), rec("record 2", 2, "Name", "b")},
			err:  `f.yaml: record 3: key "address" holds a mapping` + nestedMsg,
		},
		{
			name: "nested list",
			in:   "- tags: [a, b]\n",
			err:  `f.yaml: record 1: key "tags" holds a list` + nestedMsg,
		},
		{
			name: "list of scalars",
			in:   "- Name: a\n- Ivan\n",
			want: []Record{rec("record 1", 1, "Name", "a")},
			err:  `f.yaml: record 2 is a single value, not a mapping; each record must be a mapping like "- Name: Ivan"`,
		},
		{
			name: "list of lists",
			in:   "- - a\n  - b\n",
			err:  `f.yaml: record 1 is a list, not a mapping; each record must be a mapping like "- Name: Ivan"`,
		},
		{
			name: "empty item",
			in:   "- Name: a\n-\n- Name: b\n",
			want: []Record{rec("record 1", 1, "Name", "a")},
			err:  `f.yaml: record 2 is empty, not a mapping; each record must be a mapping like "- Name: Ivan"`,
		},
		{
			name: "flow list of scalars",
			in:   "[a, b]\n",
			err:  `f.yaml: record 1 is a single value, not a mapping; each record must be a mapping like "- Name: Ivan"`,
		},
		{
			name: "top level mapping",
			in:   "# c\nName: Ivan\n",
			err:  `f.yaml:2: the top level must be a list of records, each starting with "- " (for example "- Name: Ivan")`,
		},
		{
			name: "top level scalar",
			in:   "hello\n",
			err:  `f.yaml:1: the top level must be a list of records, each starting with "- " (for example "- Name: Ivan")`,
		},
		{
			name: "mapping after the list",
			in:   "- Name: Ivan\nName: Maria\n",
			err:  `f.yaml:2: expected "- " to start the next record at column 1; indent the lines of a record under its first key`,
		},
		{
			name: "second document",
			in:   "- Name: Ivan\n---\n- Name: Maria\n",
			err:  `f.yaml:2: a second YAML document starts here; put all records in one list`,
		},
		{
			name: "text after document end",
			in:   "- Name: Ivan\n...\n- Name: Maria\n",
			err:  `f.yaml:3: text after the "..." end of the document; remove it or the "..."`,
		},
		{
			name: "syntax error keeps the file's line number",
			in:   "- Name: a\n\n- Name: b\n  Email: x\n  Bad: : :\n",
			want: []Record{rec("record 1", 1, "Name", "a")},
			err:  `f.yaml:5: invalid YAML: mapping values are not allowed in this context`,
		},
		{
			name: "syntax error in a flow list",
			in:   "# c\n[{Name: a},\n {Name: @b}]\n",
			err:  `f.yaml:3: invalid YAML: found character that cannot start any token`,
		},
		{
			name: "anchors defined in one item and used in later ones",
			in:   "- Name: &n Ivan\n  Brand: &b Acme\n- Name: *n\n  Brand: *b\n  Nick: \"*b\"\n- Brand: &b Globex\n  Name: *n\n- Name: Maria\n  Brand: *b\n",
			want: []Record{
				rec("record 1", 1, "Name", "Ivan", "Brand", "Acme"),
				rec("record 2", 2, "Name", "Ivan", "Brand", "Acme", "Nick", "*b"),
				rec("record 3", 3, "Brand", "Globex", "Name", "Ivan"),
				rec("record 4", 4, "Name", "Maria", "Brand", "Globex"),
			},
		},
		{
			name: "a whole record anchored and repeated, indented list",
			in:   "  - &base\n    Name: Ivan\n    Brand: Acme\n  - *base\n  -\n    Name: *x\n",
			want: []Record{
				rec("record 1", 1, "Name", "Ivan", "Brand", "Acme"),
				rec("record 2", 2, "Name", "Ivan", "Brand", "Acme"),
			},
			err: `f.yaml:6: invalid YAML: unknown anchor 'x' referenced`,
		},
		{
			name: "an error after a kept anchor keeps its line",
			in:   "- Name: &n Ivan\n- Name: *n\n  Bad: : :\n",
			want: []Record{rec("record 1", 1, "Name", "Ivan")},
			err:  `f.yaml:3: invalid YAML: mapping values are not allowed in this context`,
		},
		{
			name: "duplicate key",
			in:   "- Name: a\n  Name: b\n",
			err:  `f.yaml: record 1: key "Name" appears twice; keep one`,
		},
		{
			name: "key that is a list",
			in:   "- [a]: 1\n",
			err:  `f.yaml: record 1: a key is a list; keys must be plain names`,
		},
		{
			name: "empty key",
			in:   "- \"\": 1\n",
			err:  `f.yaml: record 1: a key is empty; every value needs a variable name`,
		},
		{
			name: "null key",
			in:   "- ~: 1\n",
			err:  `f.yaml: record 1: a key is empty; every value needs a variable name`,
		},
		{
			name: "NUL escape",
			in:   "- Name: \"a\\0b\"\n",
			err:  `f.yaml: record 1: key "Name" holds a NUL character; values must be text`,
		},
		{
			name: "empty file",
			in:   "",
			err:  "f.yaml: no records; the file is empty",
		},
		{
			name: "comments only",
			in:   "---\n# nothing yet\n",
			err:  "f.yaml: no records; the file is empty",
		},
		{
			name: "empty flow list",
			in:   "[]\n",
			err:  "f.yaml: no records; the list is empty",
		},
	})
}
