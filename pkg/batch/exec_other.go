//go:build !unix

package batch

import "os/exec"

// stopAsGroup: without process groups, an interrupt stops the command itself.
func stopAsGroup(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}
