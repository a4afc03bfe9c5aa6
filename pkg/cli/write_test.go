package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fullWriter fails every write, as a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// testIO is an IO on buffers with an empty environment and a fixed clock.
func testIO(out interface{ Write([]byte) (int, error) }, errb *bytes.Buffer, env map[string]string) IO {
	return IO{
		In: strings.NewReader(""), Out: out, Err: errb,
		Getenv:  func(k string) string { return env[k] },
		Environ: func() []string { return nil },
		Now:     func() time.Time { return time.Unix(1795000000, 0) },
	}
}

// TestEveryWriteIsChecked: each command whose output cannot be written
// exits 1 with one line on stderr.
func TestEveryWriteIsChecked(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config")}
	for _, args := range [][]string{
		{"list"},
		{"list", "--json"},
		{"show", "refund-reject"},
		{"lint"},
		{"config", "path"},
		{"--version"},
		{"--help"},
		{"render", "refund-reject", "--name", "Ivan", "--var", "Reason=x"},
		{"new", "my-reply", "--dir", filepath.Join(dir, "new")},
		{"export", "refund-reject", "--dir", filepath.Join(dir, "export")},
	} {
		var errb bytes.Buffer
		code := Main(args, testIO(fullWriter{}, &errb, env), "v1.0.0")
		want := "templ: writing output: no space left on device\n"
		if code != ExitWork || errb.String() != want {
			t.Errorf("templ %s: exit %d, stderr %q; want 1 and %q", strings.Join(args, " "), code, errb.String(), want)
		}
	}
}

// TestDevFull runs the real binary's code path on /dev/full.
func TestDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatalf("/dev/full: %v", err)
	}
	defer full.Close()
	var errb bytes.Buffer
	code := Main([]string{"list"}, testIO(full, &errb, nil), "v1.0.0")
	if want := "templ: writing output: no space left on device\n"; code != ExitWork || errb.String() != want {
		t.Errorf("templ list >/dev/full: exit %d, stderr %q; want 1 and %q", code, errb.String(), want)
	}
}

// TestEnvironmentComesFromIO: the language, the template path and the Date
// come from the IO value, not from the process.
func TestEnvironmentComesFromIO(t *testing.T) {
	env := map[string]string{"TEMPL_LANG": "bg", "XDG_CONFIG_HOME": t.TempDir()}
	var out, errb bytes.Buffer
	if code := Main([]string{"render", "refund-reject", "--name", "Иван", "--var", "Reason=x"}, testIO(&out, &errb, env), "v1.0.0"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "Subject: Относно") {
		t.Errorf("want the IO's TEMPL_LANG=bg, got:\n%s", out.String())
	}
	out.Reset()
	if code := Main([]string{"render", "refund-reject", "--name", "Ivan", "--var", "Reason=x", "-f", "eml"}, testIO(&out, &errb, env), "v1.0.0"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "Date: Wed, 18 Nov 2026 11:06:40 +0000\r\n") {
		t.Errorf("want the IO's clock, got:\n%s", out.String())
	}
	out.Reset()
	env["SOURCE_DATE_EPOCH"] = "0"
	if code := Main([]string{"render", "refund-reject", "--name", "Ivan", "--var", "Reason=x", "-f", "eml"}, testIO(&out, &errb, env), "v1.0.0"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") {
		t.Errorf("want the IO's SOURCE_DATE_EPOCH, got:\n%s", out.String())
	}
}
