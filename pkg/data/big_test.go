package data

import (
	"fmt"
	"io"
	"runtime"
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
