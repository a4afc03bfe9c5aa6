//go:build unix

package batch

import (
	"os/exec"
	"syscall"
)

// stopAsGroup runs cmd in a process group of its own, and makes an
// interrupt stop the whole group: signalling only the shell of
// sh -c 'CMD; other' would leave the program it waits for running on its
// own after templ exits. (Ctrl-C at a terminal reaches templ, which then
// stops the group the same way.)
func stopAsGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
}
