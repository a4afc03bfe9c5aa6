package clipboard

import (
	"os"
	"os/exec"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/internal/xvfbtest"
)

// TestCopyToRealXServer copies Bulgarian text through xclip to a private
// Xvfb server and reads it back. CI sets TEMPL_REQUIRE_X=1, which turns
// missing programs into a failure.
func TestCopyToRealXServer(t *testing.T) {
	requireX(t, "Xvfb", "xclip")
	display := xvfbtest.Start(t)
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")

	const text = "Здравейте, Иван!\nВашата поръчка №1042 е изпратена.\n"
	method, err := Copy(text, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if method != Clipboard {
		t.Errorf("method %q, want %q", method, Clipboard)
	}
	if diff := cmp.Diff(text, xvfbtest.Clipboard(t, text)); diff != "" {
		t.Errorf("clipboard (-want +got):\n%s", diff)
	}
}

// TestToolsWriteToRealXServer runs each X11 tool diagnose can choose the way
// Copy runs it, and reads the clipboard back with xclip.
func TestToolsWriteToRealXServer(t *testing.T) {
	requireX(t, "Xvfb", "xclip", "xsel")
	t.Setenv("DISPLAY", xvfbtest.Start(t))
	for _, tool := range []string{"xclip", "xsel"} {
		text := "Здравейте от " + tool + "!\n"
		if err := writeAll(tool, text); err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		if diff := cmp.Diff(text, xvfbtest.Clipboard(t, text)); diff != "" {
			t.Errorf("%s: clipboard (-want +got):\n%s", tool, diff)
		}
	}
}

// requireX skips the test when a program it runs is missing, or fails it
// when TEMPL_REQUIRE_X=1 (as CI sets, so that the test always runs there).
func requireX(t *testing.T, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			msg := p + " is not on PATH; install the xvfb, xclip and xsel packages to run this test"
			if os.Getenv("TEMPL_REQUIRE_X") == "1" {
				t.Fatal(msg + " (TEMPL_REQUIRE_X=1 requires it)")
			}
			t.Skip(msg)
		}
	}
}
