package plainfile

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// ReadFile reads what os.ReadFile reads, and fails as it fails, message
// for message.
func TestReadFileIsOSReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("templ\n"), size)[:size], 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	paths := []string{
		write("empty", 0),
		write("one", 1),
		write("small", 511),
		write("first-guess", 512),
		write("template", 3000),
		write("large", 3<<20),
		"/proc/self/status", // says size 0, holds more
		dir,                 // a directory: open works, read fails
		filepath.Join(dir, "missing"),
		filepath.Join(dir, "empty", "below-a-file"),
	}
	for _, p := range paths {
		want, wantErr := os.ReadFile(p)
		got, err := ReadFile(p)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, os.ReadFile's %v", p, err, wantErr)
			continue
		}
		// /proc/self/status differs between the two reads (VmRSS and such):
		// compare its first line only.
		if p == "/proc/self/status" {
			want, _, _ = bytes.Cut(want, []byte("\n"))
			got, _, _ = bytes.Cut(got, []byte("\n"))
			if len(got) == 0 {
				t.Errorf("%s: read nothing", p)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes, os.ReadFile %d", p, len(got), len(want))
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("a missing file is not fs.ErrNotExist: %v", err)
	}
}

func TestReadFileUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root reads any file; /proc/self/mem is unreadable even for root.
		_, wantErr := os.ReadFile("/proc/self/mem")
		_, err := ReadFile("/proc/self/mem")
		if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
			t.Fatalf("/proc/self/mem: error %v, os.ReadFile's %v", err, wantErr)
		}
		return
	}
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte("x"), 0o200); err != nil {
		t.Fatal(err)
	}
	_, wantErr := os.ReadFile(p)
	_, err := ReadFile(p)
	if err == nil || err.Error() != wantErr.Error() || !os.IsPermission(err) {
		t.Fatalf("%s: error %v, os.ReadFile's %v", p, err, wantErr)
	}
}

// DirFS passes the standard file system conformance test, and its errors
// name files as os.DirFS's do.
func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"a.yaml": "id: a\n", "sub/b.yaml": "id: b\n"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "a.yaml", "sub/b.yaml"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"missing.yaml", "sub", "../a.yaml", "/a.yaml"} {
		_, wantErr := fs.ReadFile(os.DirFS(dir), name)
		_, err := fs.ReadFile(fsys, name)
		if err == nil || wantErr == nil {
			t.Errorf("%s: error %v, os.DirFS's %v", name, err, wantErr)
			continue
		}
		if err.Error() != wantErr.Error() {
			t.Errorf("%s: error %q, os.DirFS's %q", name, err, wantErr)
		}
	}
}
