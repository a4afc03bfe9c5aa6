// The memory and huge-value tests measure the heap and read hundreds of
// thousands of records: under the race detector they took over two minutes
// and measured its shadow memory as much as templ's. They are built only
// without it; scripts/test.sh runs them in a step of their own.

//go:build !race

package data

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// Reading ten times more records must not take more memory: every reader
// keeps at most one record. CSV reads 200,000 records; the slower formats
// 100,000, enough for anything kept per record or per line to show.
func TestMemoryStaysFlat(t *testing.T) {
	const bound = 8 << 20  // absolute ceiling for the heap after the last record
	const growth = 1 << 20 // what the records after the first tenth may add, at most
	for _, format := range []string{"csv", "json", "jsonl", "yaml"} {
		large := 100_000
		if format == "csv" {
			large = 200_000
		}
		small := large / 10
		gen := generators(large)[format]
		t.Run(format, func(t *testing.T) {
			r, err := NewReader(gen(), format, "big."+format)
			if err != nil {
				t.Fatal(err)
			}
			var atSmall uint64
			for i := 1; i <= large; i++ {
				rec, err := r.Next()
				if err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				if want := fmt.Sprintf("Customer %d", i); rec.Number != i || rec.Fields[0].Value != want {
					t.Fatalf("record %d = %+v, want Number %d and Name %q", i, rec, i, want)
				}
				if i == small {
					atSmall = heapInUse()
				}
			}
			atLarge := heapInUse()
			if _, err := r.Next(); err != io.EOF {
				t.Fatalf("after the last record: %v, want io.EOF", err)
			}
			t.Logf("HeapInuse: %d KiB after %d records, %d KiB after %d", atSmall>>10, small, atLarge>>10, large)
			if atLarge > bound {
				t.Errorf("HeapInuse after %d records = %d KiB, want under %d KiB", large, atLarge>>10, bound>>10)
			}
			if atLarge > atSmall+growth {
				t.Errorf("HeapInuse grew from %d KiB to %d KiB between %d and %d records, want under %d KiB growth", atSmall>>10, atLarge>>10, small, large, growth>>10)
			}
		})
	}
}

// A single 10 MB value must come through whole: no line length limit.
func TestHugeValue(t *testing.T) {
	huge := strings.Repeat("0123456789абвгд ", 10<<20/20) // about 10 MB, multi-byte runes included
	inputs := map[string]string{
		"csv":   "Name,Note\nIvan,\"" + huge + "\"\n",
		"json":  `[{"Name": "Ivan", "Note": "` + huge + `"}]`,
		"jsonl": "{\"Name\": \"Ivan\", \"Note\": \"" + huge + "\"}\n",
		"yaml":  "- Name: Ivan\n  Note: \"" + huge + "\"\n",
	}
	for format, in := range inputs {
		t.Run(format, func(t *testing.T) {
			got, err := readAll(t, strings.NewReader(in), format)
			if err != "" {
				t.Fatal(err)
			}
			if len(got) != 1 || len(got[0].Fields) != 2 {
				t.Fatalf("got %d records, want 1 with 2 fields", len(got))
			}
			if got[0].Fields[1].Value != huge {
				t.Errorf("Note has %d bytes, want the %d bytes written", len(got[0].Fields[1].Value), len(huge))
			}
		})
	}
}
