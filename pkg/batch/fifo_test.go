//go:build unix

package batch

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/templ-mail/templ/pkg/email"
)

// A FIFO can be read once: --data on one is spooled for the two passes, and
// the spool, unlinked at once, leaves nothing in TMPDIR.
func TestRunFromAFIFO(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	out := filepath.Join(t.TempDir(), "out")
	o, _, errb := newRun(t, "Name\n", email.Text, &Dir{Dir: out, Filename: "[Name].txt"})
	o.Data = filepath.Join(t.TempDir(), "people.fifo")
	if err := syscall.Mkfifo(o.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		f, err := os.OpenFile(o.Data, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.WriteString("Name\nIvan\nPetar\n")
		f.Close()
	}()
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v (stderr %q)", err, errb)
	}
	for _, name := range []string{"Ivan.txt", "Petar.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("files left in TMPDIR: %v", left)
	}
}
