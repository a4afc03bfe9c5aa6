package data

import (
	"bytes"
	"io"
	"testing"
)

func benchmarkRead(b *testing.B, format string) {
	const n = 100_000
	// Generate the file once so the benchmark measures the reader alone.
	data, err := io.ReadAll(generators(n)[format]())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), format, "bench."+format)
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("read %d records, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkCSV100k(b *testing.B)   { benchmarkRead(b, "csv") }
func BenchmarkJSON100k(b *testing.B)  { benchmarkRead(b, "json") }
func BenchmarkJSONL100k(b *testing.B) { benchmarkRead(b, "jsonl") }
func BenchmarkYAML100k(b *testing.B)  { benchmarkRead(b, "yaml") }
