//go:build unix

package send

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an advisory lock on f without waiting: exclusive for the
// run that writes a log, shared for one that reads it to resume. The lock
// goes with the descriptor, so a run that dies leaves none behind.
func lockFile(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}
