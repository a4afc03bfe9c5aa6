//go:build linux

package atomicfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The paths -o writes in place: "-" and the names of templ's own file
// descriptors, however reached (whatever they are open on: here stdout is
// go test's pipe), devices and pipes. On main before this change "-" and a
// descriptor that is not open were plain files to replace; cmd/templ's
// TestSafetyOutInPlace shows stdout as a regular file, where a5c0147 failed.
func TestIsSpecial(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("/proc/self/fd/1", filepath.Join(dir, "mystdout"))
	os.Symlink("/proc/self/fd", filepath.Join(dir, "fds"))
	os.Symlink("/dev/stdout", filepath.Join(dir, "chain"))
	os.WriteFile(filepath.Join(dir, "plain"), nil, 0o644)
	os.Symlink("plain", filepath.Join(dir, "toplain"))
	pid := strconv.Itoa(os.Getpid())
	for path, want := range map[string]bool{
		"-": true, "/dev/stdout": true, "/dev/stderr": true, "/dev/stdin": true,
		"/dev/fd/1": true, "/dev/fd/2": true, "/dev/fd/9": true, "/proc/self/fd/1": true,
		"/proc/thread-self/fd/1": true, "/proc/" + pid + "/fd/1": true, "/dev/null": true,
		filepath.Join(dir, "mystdout"): true, filepath.Join(dir, "fds", "1"): true, filepath.Join(dir, "chain"): true,
		filepath.Join(dir, "plain"): false, filepath.Join(dir, "toplain"): false, filepath.Join(dir, "new.eml"): false,
		"/proc/1/fd/1": os.Getpid() == 1, "./-": false,
	} {
		if got := IsSpecial(path); got != want {
			t.Errorf("IsSpecial(%q) = %v, want %v", path, got, want)
		}
	}
}

// A descriptor is written as inherited: at its offset, so what was written
// before stays; descriptor 1 is the stdout given.
func TestOpenInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("before\n")
	for _, name := range []string{"/dev/fd/", "/proc/self/fd/"} {
		w, err := OpenInPlace(context.Background(), name+strconv.Itoa(int(f.Fd())), nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(name + "\n"))
		w.Close()
	}
	f.WriteString("after\n") // the descriptor is still open and at the end
	if got, _ := os.ReadFile(path); string(got) != "before\n/dev/fd/\n/proc/self/fd/\nafter\n" {
		t.Errorf("file %q", got)
	}
	if st, _ := os.Lstat(path); !st.Mode().IsRegular() {
		t.Errorf("%s replaced: %v", path, st.Mode())
	}
	var stdout bytes.Buffer
	for _, name := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		w, err := OpenInPlace(context.Background(), name, &stdout)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(name + " "))
		w.Close()
	}
	if stdout.String() != "- /dev/stdout /dev/fd/1 /proc/self/fd/1 " {
		t.Errorf("stdout %q", stdout.String())
	}
	if _, err := OpenInPlace(context.Background(), "/dev/fd/987", nil); err == nil || err.Error() != "/dev/fd/987: descriptor 987 is not open" {
		t.Errorf("a closed descriptor: %v", err)
	}
}

// On Linux the temporary file has no name until Commit: a run killed
// mid-write (SIGKILL, SIGQUIT) leaves nothing in the directory.
func TestTemporaryFileHasNoName(t *testing.T) {
	for _, force := range []bool{false, true} {
		dir := t.TempDir()
		target := filepath.Join(dir, "out.mbox")
		if force {
			os.WriteFile(target, []byte("old"), 0o600)
		}
		f, err := Create(target, force)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("new")
		entries, _ := os.ReadDir(dir)
		if want := map[bool]int{false: 0, true: 1}[force]; len(entries) != want {
			t.Errorf("force=%v: %d entries while writing, want %d", force, len(entries), want)
		}
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		entries, _ = os.ReadDir(dir)
		got, _ := os.ReadFile(target)
		if len(entries) != 1 || string(got) != "new" {
			t.Errorf("force=%v: after Commit %v, %q", force, entries, got)
		}
		if st, _ := os.Stat(target); force && st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600 kept", st.Mode())
		}
	}
}
