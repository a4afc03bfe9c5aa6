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
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// run executes the templ command (the test binary, which testscript put on
// PATH) in dir and returns stdout, stderr and the exit code.
func run(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command("templ", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "TEMPL_CACHE=")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(content, "->") { // a symbolic link
			if err := os.Symlink(strings.TrimPrefix(content, "->"), p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if content == "<dir>" {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const okTemplate = "id: ok\ncategory: t\nvars: {Name: {}, Reason: {optional: true}}\nlocales:\n  en: {title: T, subjects: [Hello], body: \"Hi [Name]\\n\\n[Reason]\\n\"}\n"

// unreadable is a file every user, root included, fails to read: reading
// /proc/self/mem from offset 0 is an I/O error.
const unreadable = "->/proc/self/mem"

// TestBadInput: every kind of bad input gets one clear line on stderr and
// the documented exit code, never a panic, and nothing on stdout or disk.
func TestBadInput(t *testing.T) {
	tenMB := strings.Repeat("x", 10<<20)
	tests := []struct {
		name      string
		files     map[string]string
		stdin     string
		args      []string
		code      int
		stderr    string // the first line of stderr, exactly
		notExists []string
	}{
		{name: "malformed template YAML", files: map[string]string{"t/ok.yaml": "id: ok\n  bad: [\n"},
			args: []string{"render", "ok", "--templates", "t", "--name", "I"}, code: 2,
			stderr: "templ: t/ok.yaml:2:3: invalid YAML: mapping values are not allowed in this context"},
		{name: "wrong-typed template YAML", files: map[string]string{"t/ok.yaml": "id: ok\ncategory: t\nvars: [Name]\nlocales: {en: {title: T, subjects: [S], body: B}}\n"},
			args: []string{"render", "ok", "--templates", "t", "--name", "I"}, code: 2,
			stderr: "templ: t/ok.yaml:3:7: vars must be a map, not a list"},
		{name: "invalid UTF-8 in a template", files: map[string]string{"t/ok.yaml": "id: ok\ncategory: t\nlocales: {en: {title: \xff, subjects: [S], body: B}}\n"},
			args: []string{"render", "ok", "--templates", "t"}, code: 2,
			stderr: "templ: t/ok.yaml:3:1: not UTF-8 text; save the file as UTF-8"},
		{name: "invalid UTF-8 in a flag value", files: map[string]string{"t/ok.yaml": okTemplate},
			args: []string{"render", "ok", "--templates", "t", "--name", "I\xffvan"}, code: 2,
			stderr: "templ: --name: not UTF-8 text"},
		{name: "invalid UTF-8 in a context file", files: map[string]string{"t/ok.yaml": okTemplate, "c.yaml": "Name: I\xffvan\n"},
			args: []string{"render", "ok", "--templates", "t", "-c", "c.yaml"}, code: 2,
			stderr: "templ: c.yaml: not UTF-8 text; save the file as UTF-8"},
		{name: "invalid UTF-8 in data", files: map[string]string{"t/ok.yaml": okTemplate, "d.csv": "Name\nIvan\nI\xffvan\n"},
			args: []string{"render", "ok", "--templates", "t", "--data", "d.csv", "-f", "jsonl", "-o", "out.jsonl"}, code: 2,
			stderr: "templ: d.csv:3: not UTF-8 text; save the file as UTF-8", notExists: []string{"out.jsonl"}},
		{name: "empty template file", files: map[string]string{"t/ok.yaml": ""},
			args: []string{"render", "ok", "--templates", "t"}, code: 2,
			stderr: "templ: t/ok.yaml: empty file; a template needs id, category, vars and locales (see 'templ new')"},
		{name: "empty context file gives no values", files: map[string]string{"t/ok.yaml": okTemplate, "c.yaml": ""},
			args: []string{"render", "ok", "--templates", "t", "-c", "c.yaml"}, code: 2,
			stderr: "templ: ok (en) is missing variable: Name (--name)"},
		{name: "empty data file", files: map[string]string{"t/ok.yaml": okTemplate, "d.csv": ""},
			args: []string{"render", "ok", "--templates", "t", "--data", "d.csv", "-f", "mbox", "-o", "out.mbox"}, code: 2,
			stderr: "templ: d.csv: no records; the file is empty", notExists: []string{"out.mbox"}},
		{name: "directory as context", files: map[string]string{"t/ok.yaml": okTemplate, "c": "<dir>"},
			args: []string{"render", "ok", "--templates", "t", "-c", "c"}, code: 2,
			stderr: "templ: --context c: is a directory; give a file"},
		{name: "directory as data", files: map[string]string{"t/ok.yaml": okTemplate, "d.csv": "<dir>"},
			args: []string{"render", "ok", "--templates", "t", "--data", "d.csv", "-f", "jsonl"}, code: 2,
			stderr: "templ: --data d.csv: is a directory; give a file"},
		{name: "directory as config", files: map[string]string{"cfg": "<dir>"},
			args: []string{"render", "refund-reject", "--name", "I", "--config", "cfg"}, code: 2,
			stderr: "templ: config cfg: is a directory; give a file"},
		{name: "directory as template file", files: map[string]string{"t/ok.yaml": "<dir>"},
			args: []string{"render", "ok", "--templates", "t"}, code: 2,
			stderr: "templ: t/ok.yaml: is a directory; give a file"},
		{name: "directory as output", files: map[string]string{"out": "<dir>"},
			args: []string{"render", "refund-reject", "--name", "I", "--var", "Reason=r", "-o", "out"}, code: 1,
			stderr: "templ: out: is a directory"},
		{name: "unreadable context", files: map[string]string{"c.yaml": unreadable},
			args: []string{"render", "refund-reject", "-c", "c.yaml"}, code: 2,
			stderr: "templ: --context c.yaml: input/output error"},
		{name: "unreadable data", files: map[string]string{"d.csv": unreadable},
			args: []string{"render", "refund-reject", "--data", "d.csv", "-f", "jsonl"}, code: 2,
			stderr: "templ: d.csv: cannot read: input/output error"},
		{name: "unreadable template", files: map[string]string{"t/ok.yaml": unreadable},
			args: []string{"render", "ok", "--templates", "t"}, code: 2,
			stderr: "templ: t/ok.yaml: input/output error"},
		{name: "unreadable config", files: map[string]string{"cfg.yaml": unreadable},
			args: []string{"render", "refund-reject", "--name", "I", "--config", "cfg.yaml"}, code: 2,
			stderr: "templ: config cfg.yaml: input/output error"},
		{name: "unwritable output directory", args: []string{"render", "refund-reject", "--name", "I", "--var", "Reason=r", "-o", "/proc/templ-test.txt"}, code: 1,
			stderr: "templ: cannot write in /proc: no such file or directory"},
		{name: "unwritable --out-dir", files: map[string]string{"d.csv": "Name,Reason\nIvan,r\n"},
			args: []string{"render", "refund-reject", "--data", "d.csv", "--out-dir", "/proc/templ-test"}, code: 1,
			stderr: "templ: --out-dir /proc/templ-test: no such file or directory"},
		{name: "10 MB value renders", files: map[string]string{"t/ok.yaml": okTemplate, "c.yaml": "Name: Ivan\nReason: " + tenMB + "\n"},
			args: []string{"render", "ok", "--templates", "t", "-c", "c.yaml", "-f", "eml", "--from", "s@example.com", "-o", "big.eml"}, code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			stdout, stderr, code := run(t, dir, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			first, _, _ := strings.Cut(stderr, "\n")
			if first != tt.stderr {
				t.Errorf("stderr first line:\n got %q\nwant %q", first, tt.stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("stderr has a Go stack trace:\n%s", stderr)
			}
			if tt.code != 0 && stdout != "" {
				t.Errorf("stdout is not empty after a failure: %q", stdout)
			}
			for _, name := range tt.notExists {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("%s was written", name)
				}
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}

// TestListIntoClosedPipe: templ list | head -1 is quiet.
func TestListIntoClosedPipe(t *testing.T) {
	// templ list | head -1: the reader goes away; templ must stay quiet.
	cmd := exec.Command("sh", "-c", "templ list | head -1")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("templ list | head -1: %v (stderr %q)", err, errb.String())
	}
	if got := out.String(); !strings.HasPrefix(got, "ID ") || strings.Count(got, "\n") != 1 {
		t.Errorf("stdout %q, want the header line only", got)
	}
	if errb.Len() != 0 {
		t.Errorf("stderr %q, want nothing", errb.String())
	}
	// And with the reader gone before templ writes at all.
	c := exec.Command("templ", "list")
	c.Env = cmd.Env
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	c.Stdout = w
	var stderr bytes.Buffer
	c.Stderr = &stderr
	err = c.Run()
	w.Close()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGPIPE) {
		t.Errorf("templ list into a closed pipe: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q, want nothing", stderr.String())
	}
}

// TestInterruptLeavesNoPartialFile starts a real templ, sends it a signal
// in the middle of a batch, and checks the exit code (128 + the signal),
// the one line on stderr, and that no temporary or spool file is left in
// TMPDIR or beside the output.
func TestInterruptLeavesNoPartialFile(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("Name,Order,Reason\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&csv, "Customer %d,A-%d,the return period has ended\n", i, i)
	}
	glob := func(dir, pattern string) func() bool {
		return func() bool { m, _ := filepath.Glob(filepath.Join(dir, pattern)); return len(m) > 0 }
	}
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		args  []string
		stdin bool // feed the data through a pipe that stays open
		// started reports whether the batch is far enough along (dir is
		// the test's working directory, pid templ's).
		started func(dir string, pid int) func() bool
		stderr  string // a regular expression for the one line
		check   func(t *testing.T, dir string)
	}{
		{"-o SIGINT", syscall.SIGINT, []string{"--data", "d.csv", "-f", "mbox", "-o", "out.mbox"}, false,
			// The temporary file: hidden beside the target, or on Linux
			// unnamed (O_TMPFILE), seen only among templ's open files.
			func(dir string, pid int) func() bool {
				return func() bool { return glob(dir, ".out.mbox.tmp-*")() || unnamedFileOpen(pid, dir) }
			},
			`^templ: interrupted; no partial file was left behind$`,
			func(t *testing.T, dir string) {
				if _, err := os.Stat(filepath.Join(dir, "out.mbox")); err == nil {
					t.Error("out.mbox exists after the interrupt")
				}
			}},
		{"--out-dir SIGTERM", syscall.SIGTERM, []string{"--data", "d.csv", "--out-dir", "outdir"}, false,
			func(dir string, _ int) func() bool { return glob(dir, "outdir/Customer 1*.eml") },
			`^templ: interrupted: (\d+) of 20000 written; resume with --start (\d+)$`,
			func(t *testing.T, dir string) {
				files, _ := filepath.Glob(filepath.Join(dir, "outdir", "*.eml"))
				for _, f := range files {
					data, _ := os.ReadFile(f)
					if !bytes.HasSuffix(data, []byte("\r\n")) || !bytes.Contains(data, []byte("Subject: ")) {
						t.Errorf("%s is not a whole message", f)
					}
				}
				if tmp, _ := filepath.Glob(filepath.Join(dir, "outdir", ".*")); len(tmp) > 0 {
					t.Errorf("temporary files left: %v", tmp)
				}
			}},
		{"--exec SIGHUP", syscall.SIGHUP, []string{"--data", "d.csv", "--to", "ivan@example.com", "--exec", "cat >/dev/null; echo x >>sent.log"}, false,
			func(dir string, _ int) func() bool { return glob(dir, "sent.log") },
			`^templ: interrupted: (\d+) of 20000 sent; resume with --start (\d+)$`,
			func(t *testing.T, dir string) {}},
		{"stdin spool SIGINT", syscall.SIGINT, []string{"--data", "-", "--data-format", "csv", "-f", "jsonl"}, true,
			func(string, int) func() bool {
				start := time.Now()
				return func() bool { return time.Since(start) > 300*time.Millisecond }
			},
			`^templ: interrupted; nothing was written$`,
			func(t *testing.T, dir string) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			writeFiles(t, dir, map[string]string{"d.csv": csv.String()})
			cmd := exec.Command("templ", append([]string{"render", "refund-reject"}, tc.args...)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
			if tc.stdin {
				w, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				io.WriteString(w, "Name,Order\nIvan,A-1\n") // and never close it
			}
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			stderr, _ := cmd.StderrPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			started := tc.started(dir, cmd.Process.Pid)
			deadline := time.Now().Add(60 * time.Second)
			for !started() {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the batch never got going")
				}
				time.Sleep(2 * time.Millisecond)
			}
			cmd.Process.Signal(tc.sig)
			rest, _ := io.ReadAll(stderr)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 128+int(tc.sig) {
				t.Errorf("exit: %v, want code %d", err, 128+int(tc.sig))
			}
			lines := strings.Split(strings.TrimSuffix(string(rest), "\n"), "\n")
			m := regexp.MustCompile(tc.stderr).FindStringSubmatch(lines[len(lines)-1])
			if m == nil {
				t.Errorf("stderr %q, want a last line matching %s", rest, tc.stderr)
			} else if len(m) == 3 && m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				next, _ := strconv.Atoi(m[2])
				if next != n+1 {
					t.Errorf("%q: resume at %d after %d written", lines[len(lines)-1], next, n)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("files left in TMPDIR: %v", left)
			}
			tc.check(t, dir)
		})
	}
}

// unnamedFileOpen reports whether pid has a file open in dir that has no
// name: the O_TMPFILE an atomic write is filling.
func unnamedFileOpen(pid int, dir string) bool {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if strings.HasPrefix(target, dir+"/") && strings.HasSuffix(target, " (deleted)") {
			return true
		}
	}
	return false
}

// TestClosedStdoutLeavesNoSpool writes a batch from a pipe into a stdout
// whose reader has gone: templ dies of SIGPIPE, as Go programs do, and its
// spool of the input, unlinked at once, leaves nothing in TMPDIR.
func TestClosedStdoutLeavesNoSpool(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	var csv strings.Builder
	csv.WriteString("Name,Order,Reason\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&csv, "Customer %d,A-%d,late\n", i, i)
	}
	cmd := exec.Command("templ", "render", "refund-reject", "--data", "-", "--data-format", "csv", "-f", "jsonl")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
	cmd.Stdin = strings.NewReader(csv.String()) // a pipe: it is spooled
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGPIPE {
		t.Errorf("templ into a closed pipe: %v, want death by SIGPIPE", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("files left in TMPDIR: %v", left)
	}
}
