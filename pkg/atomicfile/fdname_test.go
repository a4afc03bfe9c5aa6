package atomicfile

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// fdOfName parses by hand what these regexps matched before; the test
// keeps them as the oracle, over names that reach every branch.
func TestFdOfNameMatchesRegexps(t *testing.T) {
	devStd := regexp.MustCompile(`^/dev/(stdin|stdout|stderr)$`)
	procPID := regexp.MustCompile(`^/proc/(\d+)/`)
	fdPath := regexp.MustCompile(`^(?:/dev/fd|/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd)/(\d+)$`)
	oracle := func(abs string) (int, bool) {
		if m := devStd.FindStringSubmatch(abs); m != nil {
			return map[string]int{"stdin": 0, "stdout": 1, "stderr": 2}[m[1]], true
		}
		m := fdPath.FindStringSubmatch(abs)
		if m == nil {
			return 0, false
		}
		if pid := procPID.FindStringSubmatch(abs); pid != nil && pid[1] != strconv.Itoa(os.Getpid()) {
			return 0, false
		}
		fd, err := strconv.Atoi(m[1])
		return fd, err == nil
	}
	pid := strconv.Itoa(os.Getpid())
	var names []string
	for _, dir := range []string{"/dev/fd", "/dev", "/proc/self", "/proc/thread-self", "/proc/" + pid, "/proc/1",
		"/proc/self/task/12", "/proc/" + pid + "/task/7", "/proc/selfx", "/proc/self/task", "/proc/self/task/x",
		"/proc/self/task/", "/proc/", "/proc", "/proc/0" + pid, "/dev/fdx", "/proc/-1", "/proc/1a", "/sys/self"} {
		for _, fd := range []string{"/fd/1", "/fd/12", "/fd/", "/fd/x", "/fd/1/", "/fd/-1", "/fd/+1", "/fd/99999999999999999999",
			"/1", "/9", "/stdout", "/stdin", "/stderr", "/stdoutx", "", "/fd", "/fd/01", "/task/3/fd/2"} {
			names = append(names, dir+fd)
		}
	}
	names = append(names, "/dev/stdout", "/dev/stdin", "/dev/stderr", "/dev/stdio", "dev/stdout", "/dev/stdout/", "-", "")
	for _, name := range names {
		gotFD, gotOK := fdOfName(name)
		wantFD, wantOK := oracle(name)
		if gotFD != wantFD || gotOK != wantOK {
			t.Errorf("fdOfName(%q) = %d, %v; the regexps say %d, %v", name, gotFD, gotOK, wantFD, wantOK)
		}
	}
}
