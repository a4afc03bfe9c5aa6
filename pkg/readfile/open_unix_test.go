//go:build unix

package readfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Open refuses what File refuses for its kind, at once (a FIFO without a
// writer does not block), but not a file larger than MaxSize: its caller
// reads under a limit of its own.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	big, err := os.Create(path("big.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(MaxSize + 1); err != nil { // sparse
		t.Fatal(err)
	}
	big.Close()
	if err := syscall.Mkfifo(path("pipe.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, st, err := Open(path("big.pdf"))
	if err != nil || st.Size() != MaxSize+1 {
		t.Fatalf("Open(big.pdf) = %v, %v", st, err)
	}
	f.Close()
	for name, want := range map[string]string{
		dir:              "open " + dir + ": is a directory; give a file",
		path("pipe.pdf"): "open " + path("pipe.pdf") + ": is a named pipe, not a regular file; templ reads only regular files",
		"/dev/null":      "open /dev/null: is a device, not a regular file; templ reads only regular files",
		path("nope.pdf"): "stat " + path("nope.pdf") + ": no such file or directory",
	} {
		if f, _, err := Open(name); err == nil || err.Error() != want {
			t.Errorf("Open(%s) = %v, %v; want %s", name, f, err, want)
		}
	}
}
