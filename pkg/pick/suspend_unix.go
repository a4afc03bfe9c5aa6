//go:build unix

package pick

import (
	"os"

	"golang.org/x/sys/unix"
)

// canSuspend reports whether Ctrl-Z may stop the picker: only when a shell
// with job control is there to continue it (fg). The kernel throws the stop
// signal away for a process group that no such shell watches (templ run as
// a tmux pane's or a terminal's own command), and the picker, having given
// the terminal up, would wait for a continue that never comes. The parent
// in another process group of the same session is that shell.
func canSuspend() bool {
	ppid := os.Getppid()
	ppgid, err1 := unix.Getpgid(ppid)
	sid, err2 := unix.Getsid(0)
	psid, err3 := unix.Getsid(ppid)
	return err1 == nil && err2 == nil && err3 == nil && ppgid != unix.Getpgrp() && psid == sid
}
