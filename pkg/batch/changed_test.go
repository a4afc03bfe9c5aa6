package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/templ-mail/templ/pkg/email"
)

// bigCSV is n records of Customer N, 16 bytes a line, or pad more.
func bigCSV(n, pad int) string {
	var b strings.Builder
	b.WriteString("Name,Pad\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Customer %06d,%s\n", i, strings.Repeat("x", pad))
	}
	return b.String()
}

// onFirstWrite is stdout that runs change when the batch first flushes
// into it: the second pass is under way, some records written.
type onFirstWrite struct {
	bytes.Buffer
	change func()
}

func (w *onFirstWrite) Write(p []byte) (int, error) {
	if w.change != nil {
		w.change()
		w.change = nil
	}
	return w.Buffer.Write(p)
}

// writeAt overwrites path in place (same inode, same size) at off.
func writeAt(t *testing.T, path string, off int64, b string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(b), off); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// A data file changed in place while the second pass of a stdout batch
// reads it: what reaches stdout is whole emails of checked records, in
// order, and the run stops with exit 2 (an input error) before the first
// record it has not checked; the message says how far it got.
func TestChangedDuringSecondPass(t *testing.T) {
	const n = 20000 // 20 bytes a record: about six chunks
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"rewritten in place, same size", func(t *testing.T, path string) {
			writeAt(t, path, 300000, "Mallory")
		}},
		{"truncated and written again, shorter", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(bigCSV(n/2, 0)), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"appended to", func(t *testing.T, path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			f.WriteString("Mallory\n")
			f.Close()
		}},
		{"last byte changed", func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			writeAt(t, path, st.Size()-2, "X")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := &onFirstWrite{}
			o, _, errb := newRun(t, bigCSV(n, 0), email.JSONL, &Stream{Out: out})
			out.change = func() { tc.change(t, o.Data) }
			err := Run(context.Background(), o)
			var be *Error
			if !errors.As(err, &be) || !be.Input {
				t.Fatalf("Run: %v (%s), want an input error", err, errb)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			want := fmt.Sprintf("--data %s: changed while templ was writing the emails, so it stopped before any record it had not checked: the first %d of %d emails are on stdout", o.Data, len(lines), n)
			if err.Error() != want || be.Hint != "let nothing else write the data file while templ runs" {
				t.Errorf("error %q (hint %q)\nwant  %q", err, be.Hint, want)
			}
			if len(lines) == 0 || len(lines) >= n {
				t.Fatalf("%d emails on stdout; want some, not all", len(lines))
			}
			for i, l := range lines {
				if !strings.Contains(l, fmt.Sprintf(`"Name":"Customer %06d"`, i+1)) {
					t.Fatalf("email %d is %q; want Customer %06d's, whole", i+1, l, i+1)
				}
			}
		})
	}
}

// The same change under --exec: each record goes to a real child process,
// and the second record's child changes the data file in place, as another
// program could. Only checked records are sent, and the message gives the
// --start that goes on.
func TestChangedDuringExec(t *testing.T) {
	const n = 300 // 1024 bytes a record: about five chunks
	dir := t.TempDir()
	sent := filepath.Join(dir, "sent")
	o, _, errb := newRun(t, bigCSV(n, 1006), email.Text, nil)
	cmd := fmt.Sprintf(`grep -m1 -o 'Customer [0-9]*' >> %s; if [ "$TEMPL_RECORD" = 2 ]; then printf Mallory | dd of=%s bs=1 seek=150000 conv=notrunc 2>/dev/null; fi`, sent, o.Data)
	o.Sink = &Exec{Command: cmd, Output: &bytes.Buffer{}}
	err := Run(context.Background(), o)
	var be *Error
	if !errors.As(err, &be) || !be.Input {
		t.Fatalf("Run: %v (%s), want an input error", err, errb)
	}
	got, _ := os.ReadFile(sent)
	names := strings.Split(strings.TrimSpace(string(got)), "\n")
	k := len(names)
	want := fmt.Sprintf("--data %s: changed while templ was writing the emails, so it stopped before any record it had not checked: %d of %d sent; resume with --start %d", o.Data, k, n, k+1)
	if err.Error() != want {
		t.Errorf("error %q\nwant  %q", err, want)
	}
	// The change is at byte 150000, in the third chunk: the records of the
	// first two are sent, none after them.
	if k != 2*chunkSize/1024 {
		t.Errorf("%d sent", k)
	}
	for i, name := range names {
		if name != fmt.Sprintf("Customer %06d", i+1) {
			t.Fatalf("sent %d: %q", i+1, name)
		}
	}
}

// A change the second pass does not reach (the bytes were read and
// checked before it) leaves the run as checked: every record written, the
// ones of the file as it was.
func TestChangeAfterReadingIsHarmless(t *testing.T) {
	out := &onFirstWrite{}
	o, _, errb := newRun(t, bigCSV(100, 0), email.JSONL, &Stream{Out: out})
	out.change = func() { writeAt(t, o.Data, 20, "Mallory") }
	// bufio only writes to out when it flushes at the end.
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v (%s)", err, errb)
	}
	if c := strings.Count(out.String(), "\n"); c != 100 || strings.Contains(out.String(), "Mallory") {
		t.Errorf("%d emails, Mallory in them: %v", c, strings.Contains(out.String(), "Mallory"))
	}
}

// BenchmarkFingerprint is what the fingerprint adds to a two-pass batch:
// both passes' hashing and the second's copy, per byte of data (compare
// with the batch's own time per record, bench/run.sh -only jsonl).
func BenchmarkFingerprint(b *testing.B) {
	data := []byte(bigCSV(100000, 60)) // about bench's 100k-record CSV
	b.SetBytes(int64(len(data)))
	buf := make([]byte, 64<<10)
	for b.Loop() {
		rec := newRecorder(bytes.NewReader(data))
		for {
			if _, err := rec.Read(buf); err != nil {
				break
			}
		}
		fp, _ := rec.finish()
		v := newVerifier(bytes.NewReader(data), fp, nil)
		for {
			if _, err := v.Read(buf); err != nil {
				break
			}
		}
	}
}
