package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// debianPython is the interpreter that sees Debian's python3-aiosmtpd; a
// python3 earlier on PATH (pyenv, a venv) may not.
func debianPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// cmdSMTPD starts Debian's aiosmtpd on a free loopback port, with the
// handler class given (a module in the script's work directory), and sets
// $SMTP_PORT. The server stops when the script ends.
//
//	smtpd save.Save received
func cmdSMTPD(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: smtpd HANDLER-CLASS [ARG...]")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmdArgs := append([]string{"-m", "aiosmtpd", "-n", "-l", addr, "-c"}, args...)
	cmd := exec.Command(debianPython(), cmdArgs...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+ts.Getenv("WORK"), "PYTHONDONTWRITEBYTECODE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		ts.Fatalf("smtpd: %v (install python3-aiosmtpd; scripts/test.sh does)", err)
	}
	ts.Defer(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(15 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			ts.Fatalf("smtpd: aiosmtpd did not listen on %s: %v\n%s", addr, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Setenv("SMTP_PORT", strconv.Itoa(port))
}

// cmdWaitLines waits until a file has at least N lines (a --log being
// written by a command in the background), for up to a minute:
//
//	waitlines run.log 3
func cmdWaitLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitlines FILE N")
	}
	want, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("waitlines: %q is not a number", args[1])
	}
	var got int
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, _ := os.ReadFile(ts.MkAbs(args[0]))
		if got = bytes.Count(data, []byte("\n")); got >= want {
			return
		}
	}
	ts.Fatalf("waitlines: %s has %d lines after a minute, want %d", args[0], got, want)
}
