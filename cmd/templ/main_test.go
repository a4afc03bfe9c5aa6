package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/templ-mail/templ/pkg/cli"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

// TestMain lets the test binary act as the templ command inside scripts, so
// scripts run the real main path: flags, exit codes, stdout and stderr.
func TestMain(m *testing.M) {
	// A program built with -race sleeps a second before it exits; every
	// templ a test runs would pay it.
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	testscript.Main(m, map[string]func(){
		"templ": func() { os.Exit(cli.Main(os.Args[1:], cli.StdIO(), "v0.0.0-test")) },
	})
}

// TestScripts runs every testdata/script/*.txtar: one behaviour each.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Each script gets its own config home, a fixed
			// clock for Date and Message-ID, and no language from the caller.
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			env.Setenv("SOURCE_DATE_EPOCH", "1795000000")
			env.Setenv("TEMPL_LANG", "")
			env.Setenv("TEMPL_PATH", "")
			env.Setenv("TEMPL_CONFIG", "")
			env.Setenv("TEMPL_SMTP_PASSWORD", "")
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exit":      cmdExit,
			"truncate":  cmdTruncate,
			"smtpd":     cmdSMTPD,
			"waitlines": cmdWaitLines,
			"gosmtpd":   cmdGoSMTPD,
		},
	})
}

// cmdExit runs a command and checks its exact exit code:
//
//	exit 2 templ render nope
//
// Its stdout and stderr are kept for the stdout and stderr commands after it.
func cmdExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exit CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exit: %q is not a number", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exit: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdTruncate makes a file of SIZE bytes (sparse, so cheap), creating it if
// needed, for files too large to keep in a txtar:
//
//	truncate big.yaml 17825792
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate NAME SIZE")
	}
	size, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		ts.Fatalf("truncate: %q is not a number", args[1])
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|os.O_CREATE, 0o644)
	ts.Check(err)
	ts.Check(f.Truncate(size))
	ts.Check(f.Close())
}
