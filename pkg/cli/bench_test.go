package cli

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkRenderInProcess measures one render through the whole CLI path
// (flags, config, template load and parse, render, output), without the
// process start that bench/run.sh measures.
func BenchmarkRenderInProcess(b *testing.B) {
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for i := 0; i < b.N; i++ {
		code := Main([]string{"render", "refund-reject", "--name", "Ivan"}, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench")
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkListInProcess is the same for templ list, which parses every template.
func BenchmarkListInProcess(b *testing.B) {
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for i := 0; i < b.N; i++ {
		if code := Main([]string{"list"}, IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "bench"); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
