package vars

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigJSONContext is a JSON context of n keys, one a line.
func bigJSONContext(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  \"Key %d\": \"value %d\"", i, i)
	}
	b.WriteString("\n}\n")
	return []byte(b.String())
}

func timeParse(t *testing.T, data []byte) time.Duration {
	t.Helper()
	start := time.Now()
	if _, err := ParseContext("big.json", data); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

// TestParseJSONContextIsLinear: eight times the keys must take about eight
// times as long, not 64 (a count of the lines before each key was
// quadratic: 100,000 keys took 6.6 s). The best of three runs is taken to
// calm a busy machine.
func TestParseJSONContextIsLinear(t *testing.T) {
	small, big := bigJSONContext(10_000), bigJSONContext(80_000)
	best := func(data []byte) time.Duration {
		d := timeParse(t, data)
		for range 2 {
			d = min(d, timeParse(t, data))
		}
		return d
	}
	ds, db := best(small), best(big)
	if ratio := float64(db) / float64(ds); ratio > 24 {
		t.Errorf("10,000 keys: %v, 80,000 keys: %v (%.0fx); want about 8x", ds, db, ratio)
	}
}

// TestParseJSONContextLines: errors still name the right line after many
// keys.
func TestParseJSONContextLines(t *testing.T) {
	data := append(bigJSONContext(1000)[:0:0], bigJSONContext(1000)...)
	data = []byte(strings.Replace(string(data), "\"Key 999\": \"value 999\"", "\"Key 999\": [1]", 1))
	_, err := ParseContext("big.json", data)
	want := `big.json:1001: key "Key 999" holds a list; context values must be text, numbers or true/false`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	data = []byte("{\n\"a\": 1,\n\"b\": 2,\n\"B\": 3\n}")
	_, err = ParseContext("c.json", data)
	want = `c.json:4: key "B" is the same variable as "b" (names ignore case, spaces, '_' and '-'); keep one`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	_, err = ParseContext("c.json", []byte("{\n\"a\": 1,\n\n\"b\": x}"))
	if err == nil || !strings.HasPrefix(err.Error(), "c.json:4: invalid JSON") {
		t.Errorf("got %v, want c.json:4: invalid JSON", err)
	}
}

// BenchmarkParseJSONContext: go test -run '^$' -bench=ParseJSONContext -benchtime=3x ./pkg/vars
func BenchmarkParseJSONContext(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		data := bigJSONContext(n)
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := ParseContext("big.json", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
