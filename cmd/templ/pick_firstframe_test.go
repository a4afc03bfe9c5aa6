//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// frameTime is one start of the picker: the wall time until the terminal
// had the whole first frame, and the CPU time the process had used by then.
type frameTime struct{ wall, cpu time.Duration }

// firstFrame starts templ pick on a fresh 80x24 pseudo-terminal, as its
// controlling terminal, and times it until the help line, drawn last, has
// reached the terminal.
func firstFrame(t *testing.T, bin string, env []string) frameTime {
	t.Helper()
	cmd := exec.Command(bin, "pick")
	cmd.Env = env
	start := time.Now()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		ptmx.Close()
	}()
	// The reader runs apart so that a picker that never draws fails the
	// test at the deadline instead of blocking it.
	chunks := make(chan []byte, 64)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 64<<10)
			n, err := ptmx.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	var seen []byte
	timeout := time.After(10 * time.Second)
	for {
		select {
		case chunk, ok := <-chunks:
			seen = append(seen, chunk...)
			if bytes.Contains(seen, []byte("quit")) { // the end of the help line
				return frameTime{wall: time.Since(start), cpu: onCPU(t, cmd.Process.Pid)}
			}
			if ok {
				continue
			}
		case <-timeout:
		}
		break
	}
	t.Fatalf("no first frame within 10s; the terminal got %q", seen)
	return frameTime{}
}

// onCPU is the time every thread of pid has spent on a CPU, from the
// first field of /proc/PID/task/*/schedstat (nanoseconds).
func onCPU(t *testing.T, pid int) time.Duration {
	files, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schedstat for %d: %v", pid, err)
	}
	var sum time.Duration
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue // a thread that has just ended
		}
		n, err := strconv.ParseInt(strings.Fields(string(data))[0], 10, 64)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		sum += time.Duration(n)
	}
	return sum
}

// TestPickFirstFrame starts the picker 20 times and reports the median time
// to its first frame; the picker must be drawn before a person can type
// (50 ms). Six engineers share this 2-core machine, so the wall time waits
// for a free CPU as often as not; the test holds the CPU time the first
// frame costs to the budget, which the wall time equals on an idle machine,
// and logs both.
func TestPickFirstFrame(t *testing.T) {
	bin := buildTempl(t)
	env := append(os.Environ(), "TERM=xterm-256color",
		"XDG_CONFIG_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "TEMPL_CACHE=")
	var walls, cpus []time.Duration
	for range 20 {
		ft := firstFrame(t, bin, env)
		walls, cpus = append(walls, ft.wall), append(cpus, ft.cpu)
	}
	median := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return (d[9] + d[10]) / 2
	}
	wall, cpu := median(walls), median(cpus)
	t.Logf("first frame of 20 starts: wall median %v (min %v, max %v); CPU median %v",
		wall.Round(time.Microsecond*100), walls[0].Round(time.Microsecond*100), walls[19].Round(time.Microsecond*100), cpu.Round(time.Microsecond*100))
	if cpu > 50*time.Millisecond {
		t.Errorf("the first frame takes %v of CPU (median of 20), want within 50ms", cpu)
	}
}
