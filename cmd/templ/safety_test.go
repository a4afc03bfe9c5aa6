//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests run the real templ (the test binary on PATH) in a child
// process, for what only a process shows: signals, file descriptors,
// /dev/stdout. Each is issue 13's attack, which a5c0147 failed.

// safetyCmd is templ render ARGS in dir, with its own config and TMPDIR.
// The config names a sender, as a user's would, so mail formats print no
// "no From" warning and stderr holds only what the test is about.
func safetyCmd(dir, tmp string, args ...string) *exec.Cmd {
	config := filepath.Join(dir, ".config", "templ", "config.yaml")
	if _, err := os.Stat(config); err != nil {
		os.MkdirAll(filepath.Dir(config), 0o755)
		os.WriteFile(config, []byte("from: Support <support@example.com>\n"), 0o644)
	}
	cmd := exec.Command("templ", append([]string{"render"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, ".cache"), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "SOURCE_DATE_EPOCH=1795000000")
	return cmd
}

// runSafety runs templ render ARGS in dir to the end.
func runSafety(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := safetyCmd(dir, t.TempDir(), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	code = exitCode(t, cmd.Run())
	return o.String(), e.String(), code
}

// exitCode is the child's exit code, or 128 + the signal that killed it.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// customersCSV is n records, for a batch that runs long enough to signal.
func customersCSV(n int) string {
	var b strings.Builder
	b.WriteString("Name,Order,Reason\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Customer %d,A-%d,the return period has ended\n", i, i)
	}
	return b.String()
}

// A record's --out-dir name does not depend on --start.
func TestSafetyResumeKeepsNames(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": "Name,Order,Reason\nIvan,A1,r\nPetar,A2,r\nIvan,A3,r\nMaria,A4,r\n"})
	if _, stderr, code := runSafety(t, dir, "refund-reject", "--data", "d.csv", "--out-dir", "out"); code != 0 {
		t.Fatalf("full run: %d %s", code, stderr)
	}
	full := map[string][]byte{}
	for _, n := range []string{"Ivan.eml", "Petar.eml", "Ivan-2.eml", "Maria.eml"} {
		b, err := os.ReadFile(filepath.Join(dir, "out", n))
		if err != nil {
			t.Fatal(err)
		}
		full[n] = b
	}
	for _, args := range [][]string{{"--start", "3"}, {"--start", "3", "--force"}} {
		// As an interrupted run leaves it: records 1 and 2 written.
		os.Remove(filepath.Join(dir, "out", "Ivan-2.eml"))
		os.Remove(filepath.Join(dir, "out", "Maria.eml"))
		_, stderr, code := runSafety(t, dir, append([]string{"refund-reject", "--data", "d.csv", "--out-dir", "out"}, args...)...)
		if code != 0 || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q; want 0 and nothing", args, code, stderr)
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "out"))
		if len(entries) != 4 {
			t.Errorf("%v: %d files, want 4", args, len(entries))
		}
		for n, want := range full {
			if got, _ := os.ReadFile(filepath.Join(dir, "out", n)); !bytes.Equal(got, want) {
				t.Errorf("%v: %s is not the full run's (order %s)", args, n, regexp.MustCompile(`A\d`).Find(got))
			}
		}
	}
}

// SIGQUIT (caught, exit 131) and SIGKILL (not catchable) in the middle of
// a batch leave no temporary file beside -o's target or in --out-dir, and
// no spool in TMPDIR. On a5c0147 SIGQUIT left .out.mbox.tmp-* (a stack
// dump, exit 2) and so did SIGKILL.
func TestSafetySignalsLeaveNoFiles(t *testing.T) {
	csv := customersCSV(20000)
	for _, tc := range []struct {
		name   string
		sig    syscall.Signal
		args   []string
		stdin  bool
		code   int
		stderr string // the last line, for a caught signal
	}{
		{"-o SIGQUIT", syscall.SIGQUIT, []string{"-f", "mbox", "-o", "out.mbox"}, false, 131, `^templ: interrupted; no partial file was left behind$`},
		{"-o SIGKILL", syscall.SIGKILL, []string{"-f", "mbox", "-o", "out.mbox"}, false, 137, ""},
		{"--out-dir SIGQUIT", syscall.SIGQUIT, []string{"--out-dir", "outdir"}, false, 131, `^templ: interrupted: (\d+) of 20000 written; resume with --start (\d+)$`},
		{"--out-dir SIGKILL", syscall.SIGKILL, []string{"--out-dir", "outdir"}, false, 137, ""},
		{"stdin spool -o SIGQUIT", syscall.SIGQUIT, []string{"-f", "mbox", "-o", "out.mbox"}, true, 131, `^templ: interrupted; no partial file was left behind$`},
		{"stdin spool -o SIGKILL", syscall.SIGKILL, []string{"-f", "mbox", "-o", "out.mbox"}, true, 137, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			writeFiles(t, dir, map[string]string{"d.csv": csv, "outdir/keep": ""})
			data := []string{"--data", "d.csv"}
			if tc.stdin {
				data = []string{"--data", "-", "--data-format", "csv"}
			}
			cmd := safetyCmd(dir, tmp, append(append([]string{"refund-reject"}, data...), tc.args...)...)
			if tc.stdin {
				cmd.Stdin = strings.NewReader(csv)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once the second pass is writing: an unnamed file is
			// open in the directory, or a record's file is there.
			deadline := time.Now().Add(60 * time.Second)
			for !unnamedFileOpen(cmd.Process.Pid, dir) && !exists(filepath.Join(dir, ".out.mbox.tmp-*")) && !unnamedFileOpen(cmd.Process.Pid, filepath.Join(dir, "outdir")) && !exists(filepath.Join(dir, "outdir", "Customer 1.eml")) && !exists(filepath.Join(dir, "outdir", ".Customer 1.eml.tmp-*")) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the batch never got going: %s", stderr.String())
				}
				time.Sleep(time.Millisecond)
			}
			cmd.Process.Signal(tc.sig)
			if code := exitCode(t, cmd.Wait()); code != tc.code {
				t.Errorf("exit %d, want %d (stderr %.100q)", code, tc.code, stderr.String())
			}
			if tc.stderr != "" {
				lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
				if !regexp.MustCompile(tc.stderr).MatchString(lines[len(lines)-1]) || len(lines) != 1 {
					t.Errorf("stderr %.100q, want one line matching %s", stderr.String(), tc.stderr)
				}
			}
			for _, d := range []string{dir, filepath.Join(dir, "outdir")} {
				if left, _ := filepath.Glob(filepath.Join(d, ".*tmp*")); len(left) > 0 {
					t.Errorf("temporary files left: %v", left)
				}
			}
			if exists(filepath.Join(dir, "out.mbox")) {
				t.Error("out.mbox exists after the signal")
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("files left in TMPDIR: %v", left)
			}
		})
	}
}

func exists(pattern string) bool {
	m, _ := filepath.Glob(pattern)
	return len(m) > 0
}

// --data /dev/fd/N (bash's <(cat x.csv)) is a pipe: read once, spooled,
// and both passes see the records. On a5c0147 --out-dir said "the file is
// empty" while --check said 3 records ok.
func TestSafetyDataFromDescriptor(t *testing.T) {
	for _, args := range [][]string{{"--check"}, {"--out-dir", "out"}, {"-f", "jsonl"}} {
		dir, tmp := t.TempDir(), t.TempDir()
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := safetyCmd(dir, tmp, append([]string{"refund-reject", "--data", "/dev/fd/3", "--data-format", "csv"}, args...)...)
		cmd.ExtraFiles = []*os.File{r}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		io.WriteString(w, "Name,Order,Reason\nIvan,A1,r\nPetar,A2,r\nMaria,A3,r\n")
		w.Close()
		if code := exitCode(t, cmd.Wait()); code != 0 || stderr.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
		switch args[0] {
		case "--check":
			if stdout.String() != "3 records ok\n" {
				t.Errorf("--check: stdout %q", stdout.String())
			}
		case "--out-dir":
			if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) != 3 {
				t.Errorf("--out-dir: %d files, want 3", len(entries))
			}
		default:
			if n := strings.Count(stdout.String(), "\n"); n != 3 {
				t.Errorf("jsonl: %d lines, want 3", n)
			}
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("files left in TMPDIR: %v", left)
		}
	}
}

// A data file renamed over while templ runs is not rendered: the second
// pass reads the file the first pass checked, through the same
// descriptor. The rename happens once templ has the file open (seen in
// /proc), so the result does not depend on timing. On a5c0147 --out-dir's
// second pass opened the path again and wrote the new file's records
// unchecked.
func TestSafetyDataReplacedDuringRun(t *testing.T) {
	const n = 3000
	dir, tmp := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": customersCSV(n),
		"evil.csv": "Name,Order,Reason\nMallory,X,r\n"})
	cmd := safetyCmd(dir, tmp, "refund-reject", "--data", "d.csv", "--out-dir", "out")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "d.csv")
	deadline := time.Now().Add(60 * time.Second)
	for !hasOpen(cmd.Process.Pid, path) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("templ never opened d.csv: %s", stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
	if err := os.Rename(filepath.Join(dir, "evil.csv"), path); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd.Wait()); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	if len(entries) != n || exists(filepath.Join(dir, "out", "Mallory.eml")) {
		t.Errorf("%d files, Mallory.eml among them: %v; want the %d checked ones", len(entries), exists(filepath.Join(dir, "out", "Mallory.eml")), n)
	}
}

// hasOpen reports whether pid has path open.
func hasOpen(pid int, path string) bool {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		if target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); target == path {
			return true
		}
	}
	return false
}

// --exec with a blank command is refused before any record is read.
func TestSafetyBlankExec(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": "Name,Order,Reason\nIvan,A1,r\nPetar,A2,r\n"})
	for _, command := range []string{" ", "", "\t \n"} {
		stdout, stderr, code := run(t, dir, "", "render", "refund-reject", "--data", "d.csv", "--exec", command)
		want := fmt.Sprintf("templ: --exec %q: the command is empty; give one, such as --exec \"sendmail -t\"\n", command)
		if code != 2 || stderr != want || stdout != "" {
			t.Errorf("--exec %q: exit %d, stdout %q, stderr %q; want 2 and %q", command, code, stdout, stderr, want)
		}
	}
	// Before any record: a data file that does not exist is not reached.
	if _, stderr, code := run(t, dir, "", "render", "refund-reject", "--data", "nope.csv", "--exec", " "); code != 2 || !strings.Contains(stderr, "the command is empty") {
		t.Errorf("--exec ' ' with missing data: exit %d, %q", code, stderr)
	}
}
