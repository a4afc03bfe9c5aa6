//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestForceKeepsModeAndOwner: --force replaces a file's bytes, not its
// permissions. On main a 0600 file came back 0644, owned by whoever ran
// templ.
func TestForceKeepsModeAndOwner(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "secret.eml")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o640); err != nil {
		t.Fatal(err)
	}
	uid, gid := os.Getuid(), os.Getgid()
	if os.Geteuid() == 0 {
		uid, gid = 1234, 5678 // root can give the file away; it must stay so
	}
	if err := os.Chown(target, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(target, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("content %q, want new", got)
	}
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want -rw-r-----", st.Mode().Perm())
	}
	sys := st.Sys().(*syscall.Stat_t)
	if int(sys.Uid) != uid || int(sys.Gid) != gid {
		t.Errorf("owner %d:%d, want %d:%d", sys.Uid, sys.Gid, uid, gid)
	}
}

// TestNewFileMode: a new file still gets 0644 less the umask.
func TestNewFileMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	target := filepath.Join(t.TempDir(), "new.eml")
	if err := WriteFile(target, []byte("x"), true); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(target); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v, %v; want -rw-r--r--", st.Mode(), err)
	}
}
