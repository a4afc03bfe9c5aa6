package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "mail.txt")
	if err := WriteFile(target, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(target, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without force: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "one" {
		t.Errorf("refused write changed the file: %q", got)
	}
	if err := WriteFile(target, []byte("three"), true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "three" {
		t.Errorf("forced write: got %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestCommitRefusesFileThatAppeared(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out")
	f, err := Create(target, false)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("mine")
	os.WriteFile(target, []byte("theirs"), 0o644) // another process got there first
	if err := f.Commit(); !errors.Is(err, ErrExists) {
		t.Errorf("Commit: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "theirs" {
		t.Errorf("target replaced: %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	a, err := Create(filepath.Join(dir, "a"), false)
	if err != nil {
		t.Fatal(err)
	}
	a.WriteString("half")
	a.Abort()
	a.Abort() // twice is harmless, as a deferred Abort after an explicit one
	if err := a.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("a exists")
	}
}

func TestDirectoryTarget(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, true); err == nil || err.Error() != dir+": is a directory" {
		t.Errorf("Create(dir): %v", err)
	}
}
