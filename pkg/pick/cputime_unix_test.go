//go:build unix

package pick

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, every thread (the
// garbage collector's too) counted.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
