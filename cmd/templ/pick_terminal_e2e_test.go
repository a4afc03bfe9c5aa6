//go:build linux

package main

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// noClipboard is the environment of a desktop-less session: no display,
// no SSH (which would make the copy an OSC 52 sequence).
var noClipboard = []string{"DISPLAY=", "WAYLAND_DISPLAY=", "SSH_TTY=", "SSH_CONNECTION="}

// TestPickWithoutClipboard: with no display to copy to, Enter says so in
// the picker, which stays open with what was typed; Ctrl-O then prints
// the email.
func TestPickWithoutClipboard(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin, noClipboard...)
	want := renderWith(t, bin, env, "refund-status", "--name", "Иван")
	term := startPick(t, env, "templ pick status")
	term.waitFor("▸ refund-status")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.press("Enter")
	screen := term.waitFor("cannot copy body (^o prints it instead): no display to hold the clipboard")
	if !strings.Contains(screen, "Hi Иван,") {
		t.Errorf("the picker did not keep the email on screen:\n%s", screen)
	}
	term.press("C-o")
	code, stdout, stderr := term.wait()
	if code != "0" || stderr != "" {
		t.Errorf("exit %s, stderr %q; want 0 and nothing", code, stderr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-templ render +templ pick):\n%s", diff)
	}
}

// TestPickCopyFailsLate: a clipboard tool that fails once the picker has
// closed (DISPLAY names no X server) loses nothing: the body is printed
// on stdout, and the error says so; exit 1.
func TestPickCopyFailsLate(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_X", "xclip"); !ok {
		t.Skip(reason)
	}
	t.Parallel()
	bin := buildTempl(t)
	env, state := pickEnv(t, bin, append(noClipboard, "DISPLAY=:97")...)
	want := renderWith(t, bin, env, "refund-status", "--name", "Иван", "-f", "body")
	term := startPick(t, env, "templ pick status")
	term.waitFor("▸ refund-status")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.waitFor("Hi Иван,")
	term.press("Enter")
	code, stdout, stderr := term.wait()
	wantErr := "templ: xclip could not set the clipboard (exit status 1); check that DISPLAY=\":97\" is a running X server you may use\n" +
		"hint: the email is printed on stdout instead; copy it from there\n"
	if code != "1" || stderr != wantErr {
		t.Errorf("exit %s, stderr %q; want 1 and %q", code, stderr, wantErr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-templ render -f body +templ pick):\n%s", diff)
	}
	if entries, _ := os.ReadDir(state); len(entries) != 0 {
		t.Errorf("a failed copy wrote the history: %v", entries)
	}
}
