package data

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// genReader produces a data file on the fly: head, then record(i) for
// i = 1..n with sep between them, then tail. It never holds the whole file,
// so a memory measurement sees only what the data reader keeps.
type genReader struct {
	head, sep, tail string
	record          func(i int) string
	n, i            int
	pending         string
	done            bool
}

func (g *genReader) Read(p []byte) (int, error) {
	written := 0
	for written < len(p) {
		if g.pending == "" {
			switch {
			case g.done:
				if written == 0 {
					return 0, io.EOF
				}
				return written, nil
			case g.i == 0:
				g.pending = g.head
			case g.i <= g.n:
				g.pending = g.record(g.i)
				if g.i < g.n {
					g.pending += g.sep
				}
			default:
				g.pending = g.tail
				g.done = true
			}
			g.i++
		}
		k := copy(p[written:], g.pending)
		g.pending = g.pending[k:]
		written += k
	}
	return written, nil
}

// generators yields n records in each format. JSON and YAML records span
// several lines so that anything kept per line would show up as growth.
func generators(n int) map[string]func() io.Reader {
	return map[string]func() io.Reader{
		"csv": func() io.Reader {
			return &genReader{head: "Name,Email,Amount,Note\n", n: n, record: func(i int) string {
				return fmt.Sprintf("Customer %d,c%d@example.com,%d.50,\"said \"\"hi\"\", twice\"\n", i, i, i)
			}}
		},
		"json": func() io.Reader {
			return &genReader{head: "[\n", sep: ",\n", tail: "\n]\n", n: n, record: func(i int) string {
				return fmt.Sprintf("  {\n    \"Name\": \"Customer %d\",\n    \"Email\": \"c%d@example.com\",\n    \"Amount\": %d.50\n  }", i, i, i)
			}}
		},
		"jsonl": func() io.Reader {
			return &genReader{n: n, record: func(i int) string {
				return fmt.Sprintf("{\"Name\": \"Customer %d\", \"Email\": \"c%d@example.com\", \"Amount\": %d.50}\n", i, i, i)
			}}
		},
		"yaml": func() io.Reader {
			return &genReader{head: "---\n", n: n, record: func(i int) string {
				return fmt.Sprintf("- Name: Customer %d\n  Email: c%d@example.com\n  Amount: %d.50\n", i, i, i)
			}}
		},
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC() // a second cycle frees what the first one's finalizers released
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

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
