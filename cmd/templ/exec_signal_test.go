package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExecChildStoppedOnSignal: SIGTERM or SIGINT while an --exec command
// runs stops that command and waits for it before templ exits with the
// resume line; the command is not left running on its own (issue 13).
func TestExecChildStoppedOnSignal(t *testing.T) {
	for _, tc := range []struct {
		sig          syscall.Signal
		code         int
		name, script string
	}{
		// exec: the PID written is the sleep's, templ's direct child.
		{syscall.SIGTERM, 143, "child", "echo $$ >child.pid; exec sleep 60"},
		{syscall.SIGINT, 130, "child", "echo $$ >child.pid; exec sleep 60"},
		// The sleep is the shell's child: signalling only the shell would
		// leave it running.
		{syscall.SIGTERM, 143, "grandchild", "sleep 60 & echo $! >child.pid; wait"},
	} {
		t.Run(tc.sig.String()+"/"+tc.name, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			writeFiles(t, dir, map[string]string{"d.csv": customersCSV(3)})
			cmd := safetyCmd(dir, tmp, "refund-reject", "--data", "d.csv", "--to", "ivan@example.com",
				"--exec", tc.script)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := waitForSleep(t, cmd.Process.Kill, filepath.Join(dir, "child.pid"))
			start := time.Now()
			cmd.Process.Signal(tc.sig)
			code := exitCode(t, cmd.Wait())
			// templ exited: the child must be gone already, not merely dying.
			// A grandchild, reparented when its shell exits, is reaped by
			// init a moment later: a zombie counts as gone.
			alive := syscall.Kill(pid, 0)
			for deadline := time.Now().Add(2 * time.Second); alive == nil && tc.name == "grandchild" && time.Now().Before(deadline); alive = syscall.Kill(pid, 0) {
				if stat, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); strings.Contains(string(stat), ") Z ") {
					alive = syscall.ESRCH
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr.String())
			}
			if want := "templ: interrupted: 0 of 3 sent; resume with --start 1\n"; stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
			if !errors.Is(alive, syscall.ESRCH) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("the --exec child %d still exists after templ exited (kill -0: %v)", pid, alive)
			}
			// Stopped by the signal, not by the 10 s grace period's SIGKILL.
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("templ took %v to exit", d)
			}
		})
	}
}

// waitForSleep returns the PID in pidFile once that process is running
// sleep (the shell has exec'd it), or fails the test after 30 s.
func waitForSleep(t *testing.T, kill func() error, pidFile string) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, _ := os.ReadFile(pidFile)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			comm, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
			if strings.TrimSpace(string(comm)) == "sleep" {
				return pid
			}
		}
		if time.Now().After(deadline) {
			kill()
			t.Fatal("the --exec command never started sleeping")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
