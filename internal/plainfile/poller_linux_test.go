package plainfile

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The reason this package exists: reading a file with ReadFile leaves Go's
// network poller unstarted, where os.ReadFile starts it (an epoll file
// descriptor appears). Each case runs in a fresh process, because once any
// code in a process starts the poller it stays.
func TestReadFileLeavesThePollerAlone(t *testing.T) {
	if reader := os.Getenv("PLAINFILE_TEST_READER"); reader != "" {
		readThenListFDs(reader)
		return
	}
	for reader, wantEpoll := range map[string]bool{"plainfile": false, "os": true} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReadFileLeavesThePollerAlone$")
		cmd.Env = append(os.Environ(), "PLAINFILE_TEST_READER="+reader)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", reader, err, out)
		}
		if got := strings.Contains(string(out), "anon_inode:[eventpoll]"); got != wantEpoll {
			t.Errorf("%s: epoll descriptor open after reading a file: %v, want %v\n%s", reader, got, wantEpoll, out)
		}
	}
}

// readThenListFDs reads this test's own source, then prints what each open
// file descriptor points to.
func readThenListFDs(reader string) {
	read := ReadFile
	if reader == "os" {
		read = os.ReadFile
	}
	if _, err := read("poller_linux_test.go"); err != nil {
		panic(err)
	}
	// os.ReadDir opens directories without the poller.
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		panic(err)
	}
	for _, fd := range fds {
		target, _ := os.Readlink("/proc/self/fd/" + fd.Name())
		os.Stdout.WriteString(fd.Name() + " -> " + target + "\n")
	}
}
