package atomicfile

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// createUnnamed opens a file in dir that has no name (O_TMPFILE), or
// returns nil where the file system or kernel cannot, or /proc, which
// Commit links it in through, is missing.
func createUnnamed(dir, target string) *os.File {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil
	}
	fd, err := unix.Open(dir, unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(fd), target)
}

// linkUnnamed gives the unnamed file f the name target; it fails with
// EEXIST if target exists.
func linkUnnamed(f *os.File, target string) error {
	proc := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, target, unix.AT_SYMLINK_FOLLOW); err != nil {
		return &os.LinkError{Op: "link", Old: proc, New: target, Err: err}
	}
	return nil
}
