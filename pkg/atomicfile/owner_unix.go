//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the open file f the group of old, and its owner too
// when running as root. It is best effort: a user may only give a file a
// group they belong to, and then the file keeps theirs.
func keepOwner(f *os.File, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	uid := -1
	if os.Geteuid() == 0 {
		uid = int(st.Uid)
	}
	_ = f.Chown(uid, int(st.Gid))
}
