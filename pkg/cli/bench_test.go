package cli

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkRenderInProcess measures one render through the whole CLI path
// (flags, config, template load and parse, render, output), without the
// process start that bench/run.sh measures.
func BenchmarkRenderInProcess(b *testing.B) {
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for i := 0; i < b.N; i++ {
		code := Main([]string{"render", "refund-reject", "--name", "Ivan", "--var", "Reason=the return period has ended"}, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench")
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkRenderUserTemplate is the same for a template read and parsed
// from a directory.
func BenchmarkRenderUserTemplate(b *testing.B) {
	args := []string{"render", "bench-email", "--templates", "../../bench/testdata", "--name", "Ivan", "--product", "Acme Cloud", "--brand", "Acme", "--var", "Order=A-1042"}
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for i := 0; i < b.N; i++ {
		if code := Main(args, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench"); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkListInProcess is the same for templ list of the built-in catalogue.
func BenchmarkListInProcess(b *testing.B) {
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for i := 0; i < b.N; i++ {
		if code := Main([]string{"list"}, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench"); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkBatch renders a 10,000-record CSV batch per iteration, both passes.
func BenchmarkBatch(b *testing.B) {
	dir := b.TempDir()
	b.Setenv("XDG_CONFIG_HOME", dir)
	var csv strings.Builder
	csv.WriteString("Name,Product,Brand,Order,Reason\n")
	for i := 0; i < 10000; i++ {
		csv.WriteString("Customer " + strconv.Itoa(i) + ",Acme Cloud,Acme,A-" + strconv.Itoa(i) + ",the return period has ended\n")
	}
	path := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"mbox", "jsonl"} {
		b.Run(format, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				code := Main([]string{"render", "refund-reject", "--data", path, "-f", format}, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench")
				if code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10000), "ns/record")
		})
	}
}
