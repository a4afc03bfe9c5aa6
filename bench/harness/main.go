// Command harness times whole processes for bench/run.sh: each workload runs
// its contenders in interleaved, rotated rounds (A B C, B C A, C A B, ...)
// after warm-ups, takes
// the median wall time and peak memory of each, and divides each round's time
// by the floor's time in the same round. It writes the results as Markdown.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	var p paths
	flag.StringVar(&p.Bin, "bin", "", "`dir` holding the templ, hello, cobrahello, cobra{tls,mail,pick,yaml,deps} and replacer binaries (required)")
	flag.StringVar(&p.Data, "data", "", "scratch `dir` for the generated CSV files and templates (required)")
	flag.StringVar(&p.Templates, "templates", "bench/testdata", "`dir` holding bench-email.yaml")
	flag.StringVar(&p.Contenders, "contenders", "bench/contenders", "`dir` holding the Jinja2 and mustache scripts")
	flag.StringVar(&p.Python, "python", "/usr/bin/python3", "Debian's Python, which sees python3-jinja2")
	flag.StringVar(&p.Ruby, "ruby", "/usr/bin/ruby", "Debian's Ruby, which sees ruby-mustache")
	flag.StringVar(&p.OutDirs, "out-dirs", defaultOutDirs(), "scratch `dir` for the --out-dir workloads' files; a tmpfs keeps the disk's fsync time out of the ratios")
	coldRuns := flag.Int("cold-runs", 300, "timed `runs` of each cold-start contender")
	batchRuns := flag.Int("batch-runs", 5, "timed `runs` of each batch contender")
	memRuns := flag.Int("mem-runs", 3, "timed `runs` of each peak-memory contender")
	warmups := flag.Int("warmups", 2, "untimed `runs` before the timed ones; the first checks the output")
	missing := flag.String("missing", "", "comma-separated Debian `packages` that are not installed; their contenders are skipped")
	only := flag.String("only", "", "run only the workloads whose name starts with this `prefix`")
	out := flag.String("out", "", "write the Markdown report to `file`; empty or - for stdout")
	flag.Parse()
	if p.Bin == "" || p.Data == "" || flag.NArg() > 0 || *warmups < 1 || min(*coldRuns, *batchRuns, *memRuns) < 1 {
		fmt.Fprintln(os.Stderr, "harness: usage: harness -bin DIR -data DIR [flags]; runs and warm-ups must be at least 1 (see -help)")
		os.Exit(2)
	}
	if err := benchmark(p, *coldRuns, *batchRuns, *memRuns, *warmups, *missing, *only, *out); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(1)
	}
}

func benchmark(p paths, coldRuns, batchRuns, memRuns, warmups int, missing, only, out string) error {
	var err error
	for _, dir := range []*string{&p.Bin, &p.Data, &p.OutDirs} {
		if *dir, err = filepath.Abs(*dir); err != nil {
			return err
		}
	}
	// Check the report can be written before spending minutes on measuring.
	if out != "" && out != "-" {
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		probe, err := os.CreateTemp(filepath.Dir(out), ".benchmarks-*")
		if err != nil {
			return fmt.Errorf("cannot write the report next to %s: %w", out, err)
		}
		probe.Close()
		os.Remove(probe.Name())
	}
	env, err := isolatedEnv(p.Data)
	if err != nil {
		return err
	}
	if err := writeTemplates(filepath.Join(p.Data, "tpl")); err != nil {
		return err
	}
	var selected []workload
	var names []string
	for _, w := range workloads(p, coldRuns, batchRuns, memRuns) {
		names = append(names, w.Name)
		if strings.HasPrefix(w.Name, only) {
			selected = append(selected, w)
		}
	}
	if len(selected) == 0 {
		return fmt.Errorf("no workload name starts with %q; the workloads are %s", only, strings.Join(names, ", "))
	}
	defer os.RemoveAll(p.OutDirs)
	skip := strings.Split(missing, ",")
	m := machineInfo(p) // before measuring, so the load average is the machine's own
	var results [][]result
	for _, w := range selected {
		// Generating data just in time keeps the harness small during the
		// cold workload, whose children inherit its peak memory.
		if err := writeData(p.Data, w); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "harness: %s: %d warm-ups and %d rounds of %d contenders\n", w.Name, warmups, w.Runs, len(w.Contenders))
		rs, err := measure(w, env, warmups, skip)
		if err != nil {
			return fmt.Errorf("%s: %w", w.Name, err)
		}
		results = append(results, rs)
	}
	report := markdown(m, selected, results, warmups, strings.NewReplacer(p.Bin, "$BIN", p.Data, "$DATA"))
	if out == "" || out == "-" {
		_, err = io.WriteString(os.Stdout, report)
		return err
	}
	return writeAtomically(out, report)
}

// defaultOutDirs is a directory under /dev/shm when it is there (a tmpfs),
// else under the system's temporary directory.
func defaultOutDirs() string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		return filepath.Join("/dev/shm", fmt.Sprintf("templ-bench-%d", os.Getpid()))
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("templ-bench-%d", os.Getpid()))
}

// writeAtomically replaces path with text in one step, so an interrupted
// run never leaves half a report.
func writeAtomically(path, text string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".benchmarks-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// isolatedEnv keeps the user's templ configuration and TEMPL_* variables out
// of the measurements: templ sees an empty configuration directory.
func isolatedEnv(data string) ([]string, error) {
	config := filepath.Join(data, "xdg-config")
	if err := os.MkdirAll(config, 0o755); err != nil {
		return nil, err
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TEMPL_") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=")
	})
	return append(env, "XDG_CONFIG_HOME="+config), nil
}

// writeData generates the CSV file of w's size unless it exists, and for
// a naming workload the one with distinctNames names.
func writeData(dir string, w workload) error {
	if w.Records == 0 {
		return nil
	}
	path, names := csvPath(dir, w.Records), 0
	if w.Names {
		path, names = namesCSVPath(dir, w.Records), distinctNames
	}
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	fmt.Fprintf(os.Stderr, "harness: writing %s records\n", countWords(w.Records))
	return writeCSV(path, w.Records, names)
}

// result is what a workload measured of one contender.
type result struct {
	Skipped string // why it did not run
	Failed  error
	Output  output
	Samples []sample
	Ratios  []float64 // per round, against the floor
	// FloorRatios are per round against each of the workload's Floors.
	FloorRatios [][]float64
	// CPURatios and CPUFloorRatios are the same for CPU time.
	CPURatios      []float64
	CPUFloorRatios [][]float64
	// RSSBound is the harness's peak memory after the workload; see harnessPeakRSS.
	RSSBound int64
}

// measure runs w: warm-ups first (the first one captures each output), then
// interleaved rounds. A contender that fails is dropped with its error; a
// failing floor fails the workload, since nothing can be compared to it.
func measure(w workload, env []string, warmups int, missing []string) ([]result, error) {
	results := make([]result, len(w.Contenders))
	active := func(i int) bool { return results[i].Skipped == "" && results[i].Failed == nil }
	for i, c := range w.Contenders {
		if c.Package != "" && slices.Contains(missing, c.Package) {
			results[i].Skipped = "skipped: Debian package " + c.Package + " is not installed"
			continue
		}
		if results[i].Output, results[i].Failed = capture(c.Cmd, env); results[i].Failed != nil && i == 0 {
			return nil, fmt.Errorf("the floor failed: %w", results[i].Failed)
		}
	}
	for round := -(warmups - 1); round < w.Runs; round++ {
		// Each round starts one contender later, so that each follows every
		// other equally often: a run right after a heavy one (Python, Ruby)
		// finds colder caches, and a fixed order would always hand that
		// penalty to the same contender, usually the floor.
		for k := range w.Contenders {
			i := (k + max(round, 0)) % len(w.Contenders)
			c := w.Contenders[i]
			if !active(i) {
				continue
			}
			s, err := run(c.Cmd, env, nil)
			if err != nil {
				if i == 0 {
					return nil, fmt.Errorf("the floor failed: %w", err)
				}
				results[i].Failed, results[i].Samples = err, nil
				continue
			}
			if round >= 0 {
				results[i].Samples = append(results[i].Samples, s)
			}
		}
	}
	bound := harnessPeakRSS()
	for i := range results {
		results[i].RSSBound = bound
		if active(i) {
			results[i].Ratios = pairedRatios(results[0].Samples, results[i].Samples)
			results[i].CPURatios = cpuRatios(results[0].Samples, results[i].Samples)
			for _, f := range w.Floors {
				var wall, cpu []float64
				if active(f.Contender) {
					wall = pairedRatios(results[f.Contender].Samples, results[i].Samples)
					cpu = cpuRatios(results[f.Contender].Samples, results[i].Samples)
				}
				results[i].FloorRatios = append(results[i].FloorRatios, wall)
				results[i].CPUFloorRatios = append(results[i].CPUFloorRatios, cpu)
			}
		}
	}
	return results, nil
}

// machine describes where the figures were measured.
type machine struct {
	Date, CPU, Kernel, GoVersion string
	Load                         string // load averages when the run began
	Busy                         bool   // the 1-minute load reached the CPU count
	CPUs                         int
	Tools                        []string // versions of the other contenders
}

func machineInfo(p paths) machine {
	m := machine{
		Date:      time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		CPU:       "unknown",
		Kernel:    "unknown",
		GoVersion: runtime.Version(),
		CPUs:      runtime.NumCPU(), // what nproc prints: the CPUs this process may use
	}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(info)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		if fields := strings.Fields(string(load)); len(fields) >= 3 {
			m.Load = strings.Join(fields[:3], " ")
			load1, err := strconv.ParseFloat(fields[0], 64)
			m.Busy = err == nil && load1 >= float64(m.CPUs)
		}
	}
	if release, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(release))
	}
	for _, args := range [][]string{
		{"dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "gettext-base", "python3-jinja2", "ruby-mustache"},
		{p.Python, "--version"},
		{p.Ruby, "--version"},
	} {
		// A missing tool just leaves its line out; the contender notes say why.
		if out, err := exec.Command(args[0], args[1:]...).Output(); err == nil {
			for line := range strings.Lines(string(out)) {
				m.Tools = append(m.Tools, strings.TrimSpace(line))
			}
		}
	}
	return m
}
