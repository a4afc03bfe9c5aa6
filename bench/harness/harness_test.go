package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMedianLeavesInputUnsorted(t *testing.T) {
	in := []int64{3, 1, 2}
	median(in)
	if diff := cmp.Diff([]int64{3, 1, 2}, in); diff != "" {
		t.Errorf("median changed its input (-want +got):\n%s", diff)
	}
}

func TestPairedRatiosDivideWithinARound(t *testing.T) {
	ms := func(walls ...int) []sample {
		var s []sample
		for _, w := range walls {
			s = append(s, sample{Wall: time.Duration(w) * time.Millisecond})
		}
		return s
	}
	got := pairedRatios(ms(2, 4, 10), ms(3, 8, 10))
	if diff := cmp.Diff([]float64{1.5, 2, 1}, got); diff != "" {
		t.Errorf("pairedRatios (-want +got):\n%s", diff)
	}
}

func TestShellLine(t *testing.T) {
	c := command{
		Env:   []string{"Product=Acme Cloud", "Empty="},
		Args:  []string{"/tmp/x1/bin/templ", "--var", "Note=it's", "$Name", "/tmp/x1/data/a.csv"},
		Stdin: "/tmp/x1/data/tpl/email.envsubst",
	}
	short := strings.NewReplacer("/tmp/x1/bin", "$BIN", "/tmp/x1/data", "$DATA")
	want := `Product='Acme Cloud' Empty='' $BIN/templ --var 'Note=it'\''s' '$Name' $DATA/a.csv < $DATA/tpl/email.envsubst`
	if diff := cmp.Diff(want, shellLine(c, short)); diff != "" {
		t.Errorf("shellLine (-want +got):\n%s", diff)
	}
}

func TestFirstDifference(t *testing.T) {
	out := func(s string) output {
		o, err := capture(command{Args: []string{"printf", "%s", s}}, os.Environ())
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	floor := out("a\nb\n")
	// Outputs longer than headSize can differ where no head shows it.
	beyondHead := out("a\nb\n")
	beyondHead.Sum, beyondHead.Size = [32]byte{1}, headSize+1
	tests := []struct {
		name string
		got  output
		want string
	}{
		{"same", out("a\nb\n"), ""},
		{"changed line", out("a\nc\n"), `line 2: floor "b\n", this "c\n"`},
		{"longer", out("a\nb\nc\n"), `line 3: the floor's output ends, this has "c\n"`},
		{"shorter", out("a\n"), `line 2: this output ends, the floor's has "b\n"`},
		{"beyond the head", beyondHead, "65537 bytes against the floor's 4"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, firstDifference(floor, tt.got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestMeasure(t *testing.T) {
	sh := func(script string) command { return command{Args: []string{"sh", "-c", script}} }
	// Ratios to a floor that failed are left empty.
	w := workload{Runs: 3, Floors: []floor{{1, "to same"}, {2, "to fails"}}, Contenders: []contender{
		{Name: "floor", Cmd: sh(`printf 'a\n'`)},
		{Name: "same", Cmd: sh(`printf 'a\n'`), SameOutput: true},
		{Name: "fails", Cmd: sh(`echo boom >&2; exit 3`)},
		{Name: "fails late", Cmd: sh(`test -e "$0" && exit 4; touch "$0"`)},
		{Name: "absent", Package: "not-installed", Cmd: sh("exit 0")},
	}}
	marker := filepath.Join(t.TempDir(), "ran")
	w.Contenders[3].Cmd.Args = append(w.Contenders[3].Cmd.Args, marker)

	results, err := measure(w, os.Environ(), 2, []string{"not-installed"})
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Samples, Ratios int
		FloorRatios     []int // how many ratios to each of w.Floors
		Size            int64
		Skipped, Failed string
	}
	var got []summary
	for _, r := range results {
		s := summary{Samples: len(r.Samples), Ratios: len(r.Ratios), Size: r.Output.Size, Skipped: r.Skipped}
		for _, f := range r.FloorRatios {
			s.FloorRatios = append(s.FloorRatios, len(f))
		}
		if r.Failed != nil {
			s.Failed = r.Failed.Error()
		}
		got = append(got, s)
	}
	want := []summary{
		{Samples: 3, Ratios: 3, FloorRatios: []int{3, 0}, Size: 2},
		{Samples: 3, Ratios: 3, FloorRatios: []int{3, 0}, Size: 2},
		{Failed: "exit status 3: boom"},
		{Failed: "exit status 4: "},
		{Skipped: "skipped: Debian package not-installed is not installed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("measure (-want +got):\n%s", diff)
	}
	if results[0].Samples[0].MaxRSS <= 0 {
		t.Errorf("MaxRSS = %d, want the child's peak memory", results[0].Samples[0].MaxRSS)
	}
}

func TestMeasureFailsWithoutAFloor(t *testing.T) {
	w := workload{Runs: 1, Contenders: []contender{{Name: "floor", Cmd: command{Args: []string{"sh", "-c", "echo broken >&2; exit 1"}}}}}
	_, err := measure(w, os.Environ(), 1, nil)
	want := "the floor failed: exit status 1: broken"
	if err == nil || err.Error() != want {
		t.Errorf("measure error = %v, want %q", err, want)
	}
}

func TestWriteCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.csv")
	if err := writeCSV(path, 3, 0); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "Name,Product,Brand,Order\n" +
		"Ivan,Acme Cloud,Acme,A-0000001\n" +
		"Maria,Acme Cloud,Acme,A-0000002\n" +
		"Georgi,Acme Cloud,Acme,A-0000003\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("writeCSV (-want +got):\n%s", diff)
	}
}

// The naming workload's file has exactly distinctNames names, Cyrillic ones
// among them, each repeated in turn.
func TestWriteCSVWithNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.csv")
	if err := writeCSV(path, 1_000, distinctNames); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	rows := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")[1:]
	for _, row := range rows {
		name, _, _ := strings.Cut(row, ",")
		count[name]++
	}
	if len(rows) != 1_000 || len(count) != distinctNames || count["Ivan 0"] != 10 || count["Иван 9"] != 10 {
		t.Errorf("%d rows, %d names, %d × Ivan 0, %d × Иван 9; want 1000, %d, 10 and 10", len(rows), len(count),
			count["Ivan 0"], count["Иван 9"], distinctNames)
	}
}

// A command's Fresh directory is empty at the start of every run and gone
// after it.
func TestRunEmptiesFreshDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	count := filepath.Join(t.TempDir(), "count")
	c := command{Fresh: dir, Args: []string{"sh", "-c", `ls -A "$0" | wc -l >> "$1"; touch "$0/file"`, dir, count}}
	for range 2 {
		if _, err := run(c, os.Environ(), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("the directory is still there after the run: %v", err)
		}
	}
	got, err := os.ReadFile(count)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"0", "0"}, strings.Fields(string(got))); diff != "" {
		t.Errorf("entries at the start of each run (-want +got):\n%s", diff)
	}
}

func TestCounts(t *testing.T) {
	var got []string
	for _, n := range []int{999, 1_000, 1_500, 100_000, 1_000_000} {
		got = append(got, countLabel(n)+" "+countWords(n))
	}
	want := []string{"999 999", "1k 1,000", "1500 1,500", "100k 100,000", "1M 1,000,000"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("countLabel and countWords (-want +got):\n%s", diff)
	}
}

func TestMarkdownRows(t *testing.T) {
	w := workload{Name: "cold", Title: "Cold", Runs: 2, Contenders: []contender{
		{Name: "floor", Cmd: command{Args: []string{"/b/hello"}}},
		{Name: "templ", Cmd: command{Args: []string{"/b/templ", "render"}}, SameOutput: true},
		{Name: "broken", Cmd: command{Args: []string{"/b/broken"}}},
		{Name: "absent", Cmd: command{Args: []string{"absent"}}},
	}}
	floorOut := output{Size: 1025, Sum: [32]byte{1}}
	results := []result{
		{Output: floorOut, Samples: []sample{{Wall: 2 * time.Millisecond, MaxRSS: 3 << 20}, {Wall: 4 * time.Millisecond, MaxRSS: 3 << 20}}, RSSBound: 4 << 20},
		{Output: floorOut, Samples: []sample{{Wall: 6 * time.Millisecond, MaxRSS: 8 << 20}, {Wall: 8 * time.Millisecond, MaxRSS: 10 << 20}}, Ratios: []float64{3, 2}},
		{Failed: errors.New("exit status 2: templ: /b/x | y")},
		{Skipped: "skipped: Debian package p is not installed"},
	}
	report := markdown(machine{}, []workload{w}, [][]result{results}, 2, strings.NewReplacer("/b", "$BIN"))
	_, table, _ := strings.Cut(report, "|---|---:|---:|---:|---|\n")
	table, _, _ = strings.Cut(table, "\n\n")
	want := "| floor | 3.0 ms | ≤ 4.0 MiB | 1.00 (floor) | 1,025 bytes |\n" +
		"| templ | 7.0 ms | 9.0 MiB | 2.50× | 1,025 bytes, same as the floor |\n" +
		`| broken | — | — | — | failed: exit status 2: templ: $BIN/x \| y |` + "\n" +
		"| absent | — | — | — | skipped: Debian package p is not installed |"
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("markdown table (-want +got):\n%s", diff)
	}
	if !strings.Contains(report, "```sh\n# floor\n$BIN/hello\n# templ\n$BIN/templ render\n") {
		t.Errorf("markdown lacks the commands:\n%s", report)
	}
}

// Each of a workload's other floors adds a column of ratios to it.
func TestMarkdownFloorColumns(t *testing.T) {
	w := workload{Name: "cold", Title: "Cold", Runs: 2, Floors: []floor{{1, "ratio to cobra floor"}, {2, "ratio to libraries floor"}},
		Contenders: []contender{
			{Name: "floor", Cmd: command{Args: []string{"/b/hello"}}},
			{Name: "cobra", Cmd: command{Args: []string{"/b/cobrahello"}}},
			{Name: "libraries", Cmd: command{Args: []string{"/b/cobradeps"}}},
			{Name: "templ", Cmd: command{Args: []string{"/b/templ"}}},
			{Name: "absent", Cmd: command{Args: []string{"absent"}}},
		}}
	out := output{Size: 10}
	ms := func(n int) []sample {
		return []sample{{Wall: time.Duration(n) * time.Millisecond}, {Wall: time.Duration(n) * time.Millisecond}}
	}
	results := []result{{Samples: ms(2)}, {Samples: ms(4)}, {Samples: ms(5)}, {Samples: ms(6)}, {Skipped: "skipped"}}
	for i := range results[:4] {
		results[i].Output = out
		results[i].Ratios = pairedRatios(results[0].Samples, results[i].Samples)
		for _, f := range w.Floors {
			results[i].FloorRatios = append(results[i].FloorRatios, pairedRatios(results[f.Contender].Samples, results[i].Samples))
		}
	}
	report := markdown(machine{}, []workload{w}, [][]result{results}, 2, strings.NewReplacer("/b", "$BIN"))
	_, table, _ := strings.Cut(report, "| contender | median time | median max RSS | ratio to floor | ratio to cobra floor | "+
		"ratio to libraries floor | output |\n|---|---:|---:|---:|---:|---:|---|\n")
	table, _, _ = strings.Cut(table, "\n\n")
	want := "| floor | 2.0 ms | ≤ 0.0 MiB | 1.00 (floor) | 0.50× | 0.40× | 10 bytes |\n" +
		"| cobra | 4.0 ms | ≤ 0.0 MiB | 2.00× | 1.00 (floor) | 0.80× | 10 bytes |\n" +
		"| libraries | 5.0 ms | ≤ 0.0 MiB | 2.50× | 1.25× | 1.00 (floor) | 10 bytes |\n" +
		"| templ | 6.0 ms | ≤ 0.0 MiB | 3.00× | 1.50× | 1.20× | 10 bytes |\n" +
		"| absent | — | — | — | — | — | skipped |"
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("markdown table (-want +got):\n%s", diff)
	}
}

// The cold workload's targets name the templ command and the floor they
// are judged by; a contender added in the wrong place would move them.
func TestColdTargets(t *testing.T) {
	w := workloads(paths{Bin: "/b", Data: "/d", Templates: "/t"}, 1, 1, 1)[0]
	var got []string
	for _, tg := range w.Targets {
		against := w.Contenders[0].Name
		if tg.Floor > 0 {
			against = w.Contenders[w.Floors[tg.Floor-1].Contender].Name
		}
		got = append(got, fmt.Sprintf("%s | %s | %.2f", w.Contenders[tg.Contender].Name, against, tg.Ratio))
	}
	want := []string{
		"templ render, built-in | cobra floor: Go + cobra hello world | 1.25",
		"templ list | cobra floor: Go + cobra hello world | 1.30",
		"templ render | cobra floor: Go + cobra hello world | 1.40",
		"templ render, built-in | libraries floor: cobra floor + all four | 1.25",
		"templ list | libraries floor: cobra floor + all four | 1.30",
		"templ render | libraries floor: cobra floor + all four | 1.40",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cold targets (-want +got):\n%s", diff)
	}
	if args := w.Contenders[2].Cmd.Args; args[0] != "/b/cobratls" || args[1] != "render" {
		t.Errorf("the crypto/tls floor runs %q", args)
	}
}

// A batch table adds the CPU time ratios, to the floor and the second floor.
func TestMarkdownCPUColumns(t *testing.T) {
	w := workload{Name: "outdir", Title: "Out", Runs: 1, Floors: []floor{{1, "ratio to unique names"}}, CPU: true,
		Contenders: []contender{{Name: "floor"}, {Name: "unique"}, {Name: "names"}}}
	ms := func(wall, cpu int) []sample {
		return []sample{{Wall: time.Duration(wall) * time.Millisecond, CPU: time.Duration(cpu) * time.Millisecond}}
	}
	results := []result{{Samples: ms(10, 8)}, {Samples: ms(20, 10)}, {Samples: ms(30, 11)}}
	for i := range results {
		results[i].Ratios = pairedRatios(results[0].Samples, results[i].Samples)
		results[i].CPURatios = cpuRatios(results[0].Samples, results[i].Samples)
		results[i].FloorRatios = [][]float64{pairedRatios(results[1].Samples, results[i].Samples)}
		results[i].CPUFloorRatios = [][]float64{cpuRatios(results[1].Samples, results[i].Samples)}
	}
	report := markdown(machine{}, []workload{w}, [][]result{results}, 1, strings.NewReplacer())
	_, table, _ := strings.Cut(report, "| contender | median time | median max RSS | ratio to floor | ratio to unique names | "+
		"CPU time ratio to floor | CPU time ratio to unique names | output |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
	table, _, _ = strings.Cut(table, "\n\n")
	want := "| floor | 10.0 ms | ≤ 0.0 MiB | 1.00 (floor) | 0.50× | 1.00 (floor) | 0.80× | 0 bytes |\n" +
		"| unique | 20.0 ms | ≤ 0.0 MiB | 2.00× | 1.00 (floor) | 1.25× | 1.00 (floor) | 0 bytes |\n" +
		"| names | 30.0 ms | ≤ 0.0 MiB | 3.00× | 1.50× | 1.38× | 1.10× | 0 bytes |"
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("markdown table (-want +got):\n%s", diff)
	}
}

// A child started by the harness reports at least the harness's own peak
// memory; the report relies on that bound.
func TestChildRSSIncludesHarnessPeak(t *testing.T) {
	s, err := run(command{Args: []string{"true"}}, os.Environ(), nil)
	if err != nil {
		t.Fatal(err)
	}
	bound := harnessPeakRSS()
	if bound <= 0 || s.MaxRSS < bound/2 {
		t.Errorf("child max RSS %d, harness peak %d: want a positive peak that the child's is close to", s.MaxRSS, bound)
	}
}

// templ must see no TEMPL_* variable and no configuration of the user's.
func TestIsolatedEnv(t *testing.T) {
	data := t.TempDir()
	t.Setenv("TEMPL_LANG", "bg")
	t.Setenv("XDG_CONFIG_HOME", "/users/config")

	env, err := isolatedEnv(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "TEMPL_") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			got = append(got, kv)
		}
	}
	want := []string{"XDG_CONFIG_HOME=" + filepath.Join(data, "xdg-config")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templ's environment (-want +got):\n%s", diff)
	}
	if info, err := os.Stat(want[0][len("XDG_CONFIG_HOME="):]); err != nil || !info.IsDir() {
		t.Errorf("the configuration directory was not made: %v", err)
	}
}

func TestTargetSummary(t *testing.T) {
	w := workload{Name: "outdir", Title: "Out", Runs: 1, Floors: []floor{{1, "ratio to unique names"}}, CPU: true,
		Contenders: []contender{{Name: "floor"}, {Name: "unique"}, {Name: "names"}},
		Targets: []target{{What: "unique", Contender: 1, Ratio: 1.2}, {What: "names", Contender: 2, Floor: 1, Ratio: 1.2},
			{What: "rss", Contender: 2, RSS: 1 << 20}}}
	ms := func(wall, cpu int) []sample {
		return []sample{{Wall: time.Duration(wall) * time.Millisecond, CPU: time.Duration(cpu) * time.Millisecond, MaxRSS: 2 << 20}}
	}
	results := []result{{Samples: ms(10, 8)}, {Samples: ms(20, 10)}, {Samples: ms(30, 11)}}
	for i := range results {
		results[i].Ratios = pairedRatios(results[0].Samples, results[i].Samples)
		results[i].CPURatios = cpuRatios(results[0].Samples, results[i].Samples)
		results[i].FloorRatios = [][]float64{pairedRatios(results[1].Samples, results[i].Samples)}
		results[i].CPUFloorRatios = [][]float64{cpuRatios(results[1].Samples, results[i].Samples)}
	}
	report := markdown(machine{}, []workload{w}, [][]result{results}, 1, strings.NewReplacer())
	_, table, _ := strings.Cut(report, "| target | wall ratio (or max RSS) | CPU time ratio | target | met |\n|---|---:|---:|---:|---|\n")
	table, _, _ = strings.Cut(table, "\n\n")
	// Judged by CPU time: unique is 2.00x in wall time but 1.25x in CPU time.
	want := "| unique | 2.00× | 1.25× | 1.20× | **no** |\n" +
		"| names | 1.50× | 1.10× | 1.20× | yes |\n" +
		"| rss | 2.0 MiB | — | at most 1.0 MiB | **no** |"
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("targets table (-want +got):\n%s", diff)
	}
}

func TestBinarySizes(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int64{"hello": 1_500_000, "templ": 10_250_000} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := binarySizes(paths{Bin: dir}, "hello", "templ"), " Binary sizes: hello 1.5 MB, templ 10.2 MB."; got != want {
		t.Errorf("binarySizes = %q, want %q", got, want)
	}
	if got := binarySizes(paths{Bin: dir}, "hello", "absent"); got != "" {
		t.Errorf("binarySizes with a missing binary = %q, want none", got)
	}
}
