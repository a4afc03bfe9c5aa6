package clipboard

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCopyToRealXServer copies Bulgarian text through xclip to a private
// Xvfb server and reads it back. CI sets TEMPL_REQUIRE_X=1, which turns
// missing programs into a failure.
func TestCopyToRealXServer(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " is not on PATH; install the xvfb and xclip packages to run this test"
			if os.Getenv("TEMPL_REQUIRE_X") == "1" {
				t.Fatal(msg + " (TEMPL_REQUIRE_X=1 requires it)")
			}
			t.Skip(msg)
		}
	}
	display := startXvfb(t)
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")

	const text = "Здравейте, Иван!\nВашата поръчка №1042 е изпратена.\n"
	method, err := Copy(text)
	if err != nil {
		t.Fatal(err)
	}
	if method != Clipboard {
		t.Errorf("method %q, want %q", method, Clipboard)
	}
	out, err := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
	if err != nil {
		t.Fatalf("xclip -o: %v", err)
	}
	if diff := cmp.Diff(text, string(out)); diff != "" {
		t.Errorf("clipboard (-want +got):\n%s", diff)
	}
}

// startXvfb starts Xvfb on a free display, which Xvfb picks itself and
// reports through -displayfd, and stops it when the test ends. xclip keeps
// serving the selection until the server goes away.
func startXvfb(t *testing.T) string {
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
