package data

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// fuzzRead reads data in format and checks what must hold for any input:
// no panic, records numbered 1, 2, 3... (bad records counted), every error
// one line starting with the file name, a bad record passed over and any
// other error sticky, and the same outcome whether the bytes arrive at once
// or one at a time.
func fuzzRead(t *testing.T, format string, data []byte) {
	whole := fuzzOutcome(t, format, strings.NewReader(string(data)))
	byByte := fuzzOutcome(t, format, iotest.OneByteReader(strings.NewReader(string(data))))
	if whole != byByte {
		t.Fatalf("reading at once and byte by byte differ:\n%s\n---\n%s", whole, byByte)
	}
}

// fuzzOutcome summarises the records and the final error of one read.
func fuzzOutcome(t *testing.T, format string, r io.Reader) string {
	name := "f." + format
	dr, err := NewReader(r, format, name)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for n := 1; ; n++ {
		rec, err := dr.Next()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("error is not one line: %q", msg)
			}
			if !strings.HasPrefix(msg, name+":") {
				t.Fatalf("error does not start with %q: %q", name+":", msg)
			}
			var bad *BadRecordError
			if errors.As(err, &bad) {
				if bad.Number != n {
					t.Fatalf("bad record %d has Number %d: %q", n, bad.Number, msg)
				}
				fmt.Fprintf(&b, "bad %s: %v\n", bad.Pos(), bad.Err)
				continue
			}
			if _, again := dr.Next(); again != err {
				t.Fatalf("second Next after %q returned %v", msg, again)
			}
			return b.String() + "error: " + msg
		}
		if rec.Number != n || rec.Pos == "" {
			t.Fatalf("record %d has Number %d, Pos %q", n, rec.Number, rec.Pos)
		}
		for _, f := range rec.Fields {
			if strings.TrimSpace(f.Name) == "" {
				t.Fatalf("record %d has a field without a name: %+v", n, rec.Fields)
			}
		}
		fmt.Fprintf(&b, "%s %q\n", rec.Pos, rec.Fields)
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("Name,Email\nIvan,\"a\nb\"\r\n"))
	f.Add([]byte("\r\n\nName;Amount\r\nIvan;\"1,5\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "csv", data) })
}

func FuzzTSV(f *testing.F) {
	f.Add([]byte("Name\tNote\nIvan\t\"a\tb\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "tsv", data) })
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"Name": "Ivan", "Amount": 10.50, "Paid": true, "Note": null}]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "json", data) })
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte("{\"Name\": \"Ivan\"}\n\n{\"Name\": \"Maria\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "jsonl", data) })
}

func FuzzYAML(f *testing.F) {
	f.Add([]byte("- Name: Ivan\n  Amount: 10.50\n- Name: Maria\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "yaml", data) })
}
