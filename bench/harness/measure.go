package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// command is one process to time: its argv, extra environment and stdin.
type command struct {
	Env   []string // KEY=VALUE, added to the harness's environment
	Args  []string
	Stdin string // a file, or "" for none
	// Fresh is a directory the command writes into; it is made empty before
	// every run and removed after it, outside the timed part, so that only
	// one run's files take space (in /dev/shm, memory) at a time.
	Fresh string
}

// sample is what one run of a command cost.
type sample struct {
	Wall   time.Duration
	MaxRSS int64         // bytes, from the child's rusage
	CPU    time.Duration // user and system time, from the child's rusage
}

// output identifies what a command wrote, to check contenders render the same
// email as the floor without keeping hundreds of megabytes around.
type output struct {
	Sum  [sha256.Size]byte
	Size int64
	Head []byte // the first headSize bytes, to show where outputs differ
}

const headSize = 64 << 10

// run starts c once and waits for it. Stdout goes to stdout, or to /dev/null
// when stdout is nil; a failure reports the first line of the command's stderr.
func run(c command, baseEnv []string, stdout io.Writer) (sample, error) {
	if c.Fresh != "" {
		if err := os.RemoveAll(c.Fresh); err != nil {
			return sample{}, err
		}
		if err := os.MkdirAll(c.Fresh, 0o755); err != nil {
			return sample{}, err
		}
		defer os.RemoveAll(c.Fresh)
	}
	cmd := exec.Command(c.Args[0], c.Args[1:]...)
	cmd.Env = append(slices.Clone(baseEnv), c.Env...)
	cmd.Stdout = stdout // nil means /dev/null to os/exec, with no copying
	// stderr goes to a file, not a buffer: for a buffer os/exec makes a pipe
	// and a goroutine to drain it, and waits for both, which would add a
	// fixed cost to every run and flatten every ratio towards 1.
	stderr, err := os.CreateTemp("", "harness-stderr-*")
	if err != nil {
		return sample{}, err
	}
	defer os.Remove(stderr.Name())
	defer stderr.Close()
	cmd.Stderr = stderr
	if c.Stdin != "" {
		f, err := os.Open(c.Stdin)
		if err != nil {
			return sample{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		msg, _ := os.ReadFile(stderr.Name())
		line, _, _ := strings.Cut(strings.TrimSpace(string(msg)), "\n")
		return sample{}, fmt.Errorf("%v: %s", err, line)
	}
	s := sample{Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = int64(ru.Maxrss) * 1024 // Linux reports kilobytes
		s.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, nil
}

// harnessPeakRSS is the harness's own peak memory (VmHWM). os/exec starts a
// child with vfork, sharing the harness's memory until exec, and Linux
// carries that peak into the child's rusage: a child's max RSS at or below
// this value only says its real peak is no higher.
func harnessPeakRSS() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb * 1024
		}
	}
	return 0
}

// capture runs c once and summarises its stdout.
func capture(c command, baseEnv []string) (output, error) {
	h := sha256.New()
	head := &limitedBuffer{limit: headSize}
	counter := &countingWriter{}
	w := bufio.NewWriterSize(io.MultiWriter(h, head, counter), 64<<10)
	if _, err := run(c, baseEnv, w); err != nil {
		return output{}, err
	}
	if err := w.Flush(); err != nil {
		return output{}, err
	}
	var out output
	copy(out.Sum[:], h.Sum(nil))
	out.Size, out.Head = counter.n, head.Bytes()
	return out, nil
}

type limitedBuffer struct {
	bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// firstDifference names the first line where got differs from want, judging
// by their heads; it returns "" when both outputs are the same.
func firstDifference(want, got output) string {
	if want.Sum == got.Sum {
		return ""
	}
	wantLines, gotLines := lines(want.Head), lines(got.Head)
	for i := range max(len(wantLines), len(gotLines)) {
		switch {
		case i >= len(wantLines):
			return fmt.Sprintf("line %d: the floor's output ends, this has %q", i+1, gotLines[i])
		case i >= len(gotLines):
			return fmt.Sprintf("line %d: this output ends, the floor's has %q", i+1, wantLines[i])
		case wantLines[i] != gotLines[i]:
			return fmt.Sprintf("line %d: floor %q, this %q", i+1, wantLines[i], gotLines[i])
		}
	}
	// The heads agree, so the difference lies beyond them.
	return fmt.Sprintf("%d bytes against the floor's %d", got.Size, want.Size)
}

// lines splits b after each newline, without SplitAfter's empty last element.
func lines(b []byte) []string {
	l := strings.SplitAfter(string(b), "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}

// median returns the middle value of xs (the mean of the two middle values
// for an even count), or 0 for none.
func median[T ~int64 | ~float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// pairedRatios divides each round's time by the floor's time in the same
// round, so that drift in the machine's speed during a run cancels out.
func pairedRatios(floor, contender []sample) []float64 {
	ratios := make([]float64, min(len(floor), len(contender)))
	for i := range ratios {
		ratios[i] = float64(contender[i].Wall) / float64(floor[i].Wall)
	}
	return ratios
}

// cpuRatios divides each run's CPU time by the floor's in the same round.
// On a shared machine the wall time includes waiting for a CPU; the CPU
// time does not.
func cpuRatios(floor, contender []sample) []float64 {
	ratios := make([]float64, min(len(floor), len(contender)))
	for i := range ratios {
		ratios[i] = float64(contender[i].CPU) / float64(max(floor[i].CPU, 1))
	}
	return ratios
}

// shellLine renders c as a line to paste into sh. short then turns the long
// temporary directories into the variables that name them ($BIN, $DATA); they
// hold only safe characters, so they are never inside quotes.
func shellLine(c command, short *strings.Replacer) string {
	var words []string
	for _, kv := range c.Env {
		k, v, _ := strings.Cut(kv, "=")
		words = append(words, k+"="+shellQuote(v))
	}
	for _, a := range c.Args {
		words = append(words, shellQuote(a))
	}
	if c.Stdin != "" {
		words = append(words, "<", shellQuote(c.Stdin))
	}
	return short.Replace(strings.Join(words, " "))
}

// shellQuote quotes s for sh when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !isSafe(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isSafe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r)
}
