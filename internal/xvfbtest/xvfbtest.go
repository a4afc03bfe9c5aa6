// Package xvfbtest starts a real X server for tests that use the clipboard.
package xvfbtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Start starts Xvfb on a free display, which Xvfb picks itself and reports
// through -displayfd, and stops it when the test ends. It returns the
// DISPLAY value. xclip keeps serving the selection until the server goes.
func Start(t testing.TB) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// In the child, ExtraFiles[0] is file descriptor 3.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "640x480x24")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatal("Xvfb exited without reporting a display number")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not report a display within 20s")
	}
	return ""
}

// Clipboard reads the CLIPBOARD selection with xclip until it holds want,
// or 5 seconds pass, and returns what it read last. Clipboard tools hand
// the selection to a background process of their own, which may take it
// over only after the tool has returned, so a single read right after a
// copy can still see the previous owner's text.
func Clipboard(t testing.TB, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, err := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
		if err == nil && string(out) == want || time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("xclip -o -selection clipboard: %v", err)
			}
			return string(out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
