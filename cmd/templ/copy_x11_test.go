package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/templ-mail/templ/internal/xvfbtest"
)

// TestCopyScripts runs testdata/script/x11/*.txtar against a private X
// server: --copy there reaches a real clipboard, which the scripts read back
// with the clipboard command. Without Xvfb and xclip it skips, unless
// TEMPL_REQUIRE_X=1 (scripts/test.sh) makes that a failure.
func TestCopyScripts(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_X", "Xvfb", "xclip"); !ok {
		t.Skip(reason)
	}
	display := xvfbtest.Start(t)
	t.Setenv("DISPLAY", display) // for xclip -o in the clipboard command
	t.Setenv("WAYLAND_DISPLAY", "")
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script", "x11"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			env.Setenv("SOURCE_DATE_EPOCH", "1795000000")
			env.Setenv("TEMPL_LANG", "")
			env.Setenv("TEMPL_PATH", "")
			env.Setenv("TEMPL_CONFIG", "")
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			env.Setenv("DISPLAY", display)
			env.Setenv("WAYLAND_DISPLAY", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exit":      cmdExit,
			"clipboard": cmdClipboard,
		},
	})
}

// cmdClipboard checks that the X clipboard holds exactly the bytes of FILE:
//
//	clipboard want-body.txt
//
// It reads until they match or 5 seconds pass: the clipboard tool hands the
// selection to a background process, which may take it over a little later.
func cmdClipboard(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: clipboard FILE")
	}
	want, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
		if err == nil && bytes.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("clipboard holds %q (xclip: %v), want %q (%s)", got, err, want, args[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}
