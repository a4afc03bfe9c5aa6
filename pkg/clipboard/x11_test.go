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
	for _, tool := range []string{"Xvfb", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " is not on PATH; install the xvfb and xclip packages to run this test"
			if os.Getenv("TEMPL_REQUIRE_X") == "1" {
				t.Fatal(msg + " (TEMPL_REQUIRE_X=1 requires it)")
			}
			t.Skip(msg)
		}
	}
	display := xvfbtest.Start(t)
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
