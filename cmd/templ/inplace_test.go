//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// devSandbox runs "$@" with a /dev of its own (a private mount namespace,
// for root): were templ to rename a file over /dev/stdout, as a5c0147 did
// with --force as root, only the sandbox's would go. It then reports on
// stderr whether /dev/stdout is still the link it was.
const devSandbox = `set -e
old=$(mktemp -d)
mount --bind /dev "$old"
mount -t tmpfs tmpfs /dev
for n in null zero urandom random; do touch /dev/$n; mount --bind "$old/$n" /dev/$n; done
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
set +e
"$@"
code=$?
[ -L /dev/stdout ] || echo "/dev/stdout was replaced" >&2
exit $code
`

// sandboxed reports whether devSandbox can run here (root with mount
// namespaces); elsewhere templ could not replace /dev/stdout anyway.
func sandboxed() bool {
	return os.Geteuid() == 0 && exec.Command("unshare", "-m", "true").Run() == nil
}

// -o -, /dev/stdout, /dev/fd/1, /proc/self/fd/1 and a link to one write in
// place to templ's stdout, here a regular file as after a shell's ">", for
// one email and for a batch, with --force too (the tests run as root). On
// a5c0147 they failed with "file exists", wrote a file named "-", or with
// --force renamed a regular file over the path.
func TestSafetyOutInPlace(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": "Name,Order,Reason\nIvan,A1,r\nPetar,A2,r\n", "mystdout": "->/proc/self/fd/1"})
	single := []string{"refund-reject", "--name", "Ivan", "--var", "Reason=r", "-f", "eml"}
	batch := []string{"refund-reject", "--data", "d.csv", "-f", "mbox"}
	box := sandboxed()
	for _, kind := range []struct {
		name string
		args []string
	}{{"single", single}, {"batch", batch}} {
		want, stderr, code := runSafety(t, dir, kind.args...)
		if code != 0 || want == "" {
			t.Fatalf("%s to stdout: exit %d, %s", kind.name, code, stderr)
		}
		for _, target := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "mystdout"} {
			for _, force := range []bool{false, true} {
				args := append(append([]string{"render"}, kind.args...), "-o", target)
				if force {
					args = append(args, "--force")
				}
				cmd := safetyCmd(dir, t.TempDir())
				cmd.Args = append([]string{"templ"}, args...)
				if box && strings.HasPrefix(target, "/dev/") {
					cmd.Path, _ = exec.LookPath("unshare")
					cmd.Args = append([]string{"unshare", "-m", "--propagation", "private", "sh", "-c", devSandbox, "sh", "templ"}, args...)
				}
				out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
				if err != nil {
					t.Fatal(err)
				}
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = out, &stderr
				code := exitCode(t, cmd.Run())
				out.Close()
				got, _ := os.ReadFile(out.Name())
				name := kind.name + " -o " + target
				if force {
					name += " --force"
				}
				if code != 0 || stderr.Len() != 0 || string(got) != want {
					t.Errorf("%s: exit %d, stderr %q, stdout %d bytes (want 0, nothing, %d bytes)", name, code, stderr.String(), len(got), len(want))
				}
				if st, err := os.Lstat(filepath.Join(dir, "mystdout")); err != nil || st.Mode()&os.ModeSymlink == 0 {
					t.Fatalf("%s: mystdout is no longer a link", name)
				}
				if exists(filepath.Join(dir, "-")) {
					os.Remove(filepath.Join(dir, "-"))
					t.Errorf("%s: wrote a file named -", name)
				}
			}
		}
	}
}

// A descriptor other than stdout is written as inherited: 3>>file appends.
func TestSafetyOutToDescriptor(t *testing.T) {
	dir := t.TempDir()
	want, _, _ := runSafety(t, dir, "refund-reject", "--name", "Ivan", "--var", "Reason=r", "-f", "eml")
	path := filepath.Join(dir, "log")
	os.WriteFile(path, []byte("first\n"), 0o644)
	for _, target := range []string{"/dev/fd/3", "/proc/self/fd/3"} {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		cmd := safetyCmd(dir, t.TempDir(), "refund-reject", "--name", "Ivan", "--var", "Reason=r", "-f", "eml", "-o", target, "--force")
		cmd.ExtraFiles = []*os.File{f}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if code := exitCode(t, cmd.Run()); code != 0 {
			t.Errorf("-o %s: exit %d, %s", target, code, stderr.String())
		}
		f.Close()
	}
	if got, _ := os.ReadFile(path); string(got) != "first\n"+want+want {
		t.Errorf("log:\n%s\nwant first, then the email twice", got)
	}
	// A descriptor that is not open is one line, exit 1.
	_, stderr, code := runSafety(t, dir, "refund-reject", "--name", "Ivan", "--var", "Reason=r", "-o", "/dev/fd/9")
	if code != 1 || stderr != "templ: /dev/fd/9: descriptor 9 is not open\n" {
		t.Errorf("-o /dev/fd/9: exit %d, %q", code, stderr)
	}
}
