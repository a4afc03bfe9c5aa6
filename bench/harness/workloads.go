package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

// workload is one comparison: every contender against the first, the floor.
type workload struct {
	Name, Title string
	Runs        int
	Records     int  // the size of the CSV file it reads; 0 for none
	Names       bool // the CSV file has distinctNames names (namesCSVPath)
	Notes       []string
	Contenders  []contender
	// Floors are more floors than the first: for each the report adds a
	// column of ratios to it.
	Floors []floor
	// CPU adds columns of CPU time ratios (see cpuRatios).
	CPU bool
	// Targets are issue 12's limits on this workload's figures, which the
	// report's summary checks.
	Targets []target
}

// floor is a contender that others are also compared to, besides the first.
type floor struct {
	Contender int
	Label     string // the head of its ratio column: "ratio to cobra floor"
}

// target is one limit: contender Contender's median ratio (to the first
// floor, or to Floors[Floor-1] when Floor is set) at most Ratio, or its
// median max RSS at most RSS bytes when RSS is set.
type target struct {
	What      string
	Contender int
	Floor     int
	Ratio     float64
	RSS       int64
}

// contender is one command of a workload.
type contender struct {
	Name string
	// Package is the Debian package the command needs; when it is missing
	// the contender is skipped with a note.
	Package string
	Cmd     command
	// SameOutput is set when the contender must write exactly the floor's bytes.
	SameOutput bool
	Note       string
}

// paths are the directories and interpreters the workloads use.
type paths struct {
	Bin        string // templ, hello, the cobra floors and replacer binaries
	Data       string // generated CSV files and derived templates
	Templates  string // holds bench-email.yaml
	Contenders string // the Jinja2 and mustache scripts
	Python     string
	Ruby       string
	OutDirs    string // scratch space for the --out-dir workloads, removed at the end
}

// Record counts of the generated CSV files.
const (
	batchRecords    = 100_000
	envsubstRecords = 1_000
)

var memoryRecords = []int{10_000, 100_000, 1_000_000}

// shellVars is envsubst's SHELL-FORMAT: only these variables are replaced.
var shellVars = "$" + strings.Join(emailtext.Vars, " $")

func workloads(p paths, coldRuns, batchRuns, memRuns int) []workload {
	bin := func(name string) string { return filepath.Join(p.Bin, name) }
	tpl := func(name string) string { return filepath.Join(p.Data, "tpl", name) }
	script := func(name string) string { return filepath.Join(p.Contenders, name) }
	cold := emailtext.Cold
	templ := func(args ...string) []string {
		return append([]string{bin("templ"), "render", emailtext.ID, "--templates", p.Templates}, args...)
	}

	var envsubstEnv, keyValues []string
	for i, name := range emailtext.Vars {
		envsubstEnv = append(envsubstEnv, name+"="+cold[i])
		keyValues = append(keyValues, name+"="+cold[i])
	}
	ws := []workload{coldWorkload(p, coldRuns, templ, envsubstEnv), {
		Name:  "cold-interpreters",
		Title: "Cold render of the same email by interpreted engines",
		Runs:  coldRuns,
		Notes: []string{"These run apart from the workload above: a 60 ms interpreter run in the same round " +
			"slows the millisecond-long runs after it (colder caches), most of all the floor's, which pulled " +
			"every ratio in that table towards 1."},
		Contenders: []contender{
			{Name: "floor: Go hello world", Cmd: command{Args: []string{bin("hello")}}},
			{Name: "Python 3 + Jinja2", Package: "python3-jinja2", SameOutput: true,
				Cmd: command{Args: append([]string{p.Python, script("jinja_one.py"), filepath.Join(p.Data, "tpl")}, keyValues...)}},
			{Name: "Ruby mustache", Package: "ruby-mustache", SameOutput: true,
				Cmd: command{Args: append([]string{p.Ruby, script("mustache_one.rb"), filepath.Join(p.Data, "tpl")}, keyValues...)}},
		},
	}}

	batch := csvPath(p.Data, batchRecords)
	ws = append(ws, workload{
		Name:    "batch-jsonl",
		Title:   "Batch of 100,000 records from CSV to JSON Lines",
		Runs:    batchRuns,
		Records: batchRecords,
		CPU:     true,
		Targets: []target{{What: "100,000 records to JSON Lines (stdout), to its floor", Contender: 1, Ratio: 1.05},
			{What: "the same with `-o FILE`", Contender: 2, Ratio: 1.05}},
		Notes: []string{"The floor (`bench/floor/replacer`) reads the CSV with encoding/csv and fills the email " +
			"with a strings.Replacer per record (built for each record's values), with no checks or defaults: the plain " +
			"way to do this batch in Go, and the floor issue 12's targets are set against. " +
			"Target (issue 12): templ within 1.05× of it.",
			oFileNote},
		Contenders: []contender{
			{Name: "floor: Go strings.Replacer", Cmd: command{Args: []string{bin("replacer"), "-data", batch, "-f", "jsonl"}}},
			{Name: "templ render --data -f jsonl", SameOutput: true, Cmd: command{Args: templ("--data", batch, "-f", "jsonl")}},
			toFile(p, templ, "jsonl", batch),
			{Name: "Python 3 + Jinja2", Package: "python3-jinja2", SameOutput: true,
				Cmd: command{Args: []string{p.Python, script("jinja_batch.py"), filepath.Join(p.Data, "tpl"), batch}}},
			{Name: "Ruby mustache", Package: "ruby-mustache", SameOutput: true,
				Cmd: command{Args: []string{p.Ruby, script("mustache_batch.rb"), filepath.Join(p.Data, "tpl"), batch}}},
		},
	}, workload{
		Name:    "batch-mbox",
		Title:   "Batch of 100,000 records from CSV to an mbox",
		Runs:    batchRuns,
		Records: batchRecords,
		CPU:     true,
		Targets: []target{{What: "100,000 records to an mbox (stdout), to its floor", Contender: 1, Ratio: 1.1},
			{What: "the same with `-o FILE`", Contender: 2, Ratio: 1.1}},
		Notes: []string{"The floor (`bench/floor/replacer -f mbox`) fills the email as above and does the MIME work " +
			"templ's mbox does for each message, in the same layout: a From_ line, a Date (now) and a random Message-ID " +
			"through FNV-128a, an RFC 2047 subject (`mime.BEncoding`), the body through one quoted-printable writer, " +
			"and From_ quoting of its lines. Each message has its own Date and Message-ID, so the outputs are not " +
			"compared byte for byte; apart from those three lines they are the same. Target (issue 12): templ within 1.1× of it.",
			oFileNote},
		Contenders: []contender{
			{Name: "floor: Go MIME writer", Cmd: command{Args: []string{bin("replacer"), "-data", batch, "-f", "mbox"}}},
			{Name: "templ render --data -f mbox", Cmd: command{Args: templ("--data", batch, "-f", "mbox")}},
			toFile(p, templ, "mbox", batch),
		},
	})

	small := csvPath(p.Data, envsubstRecords)
	ws = append(ws, workload{
		Name:    "batch-envsubst",
		Title:   "Batch of 1,000 records: envsubst in a shell loop",
		Runs:    batchRuns,
		Records: envsubstRecords,
		CPU:     true,
		Notes: []string{"envsubst starts one process per record, which is too slow for 100,000; " +
			"this workload uses 1,000 records and plain text (the floor writes the same text; templ writes JSON Lines)."},
		Contenders: []contender{
			{Name: "floor: Go strings.Replacer", Cmd: command{Args: []string{bin("replacer"), "-data", small, "-f", "text"}}},
			{Name: "templ render --data -f jsonl", Note: "JSON Lines, not text", Cmd: command{Args: templ("--data", small, "-f", "jsonl")}},
			{Name: "envsubst loop", Package: "gettext-base", SameOutput: true, Cmd: command{
				Args: []string{"sh", "-c", envsubstLoop, "sh", tpl("email.envsubst"), small}}},
		},
	})

	ws = append(ws, execWorkload(p, templ, batchRuns))

	for _, n := range memoryRecords {
		data := csvPath(p.Data, n)
		var targets []target
		if n == 1_000_000 {
			targets = []target{{What: "peak RSS at 1,000,000 records to an mbox", Contender: 1, RSS: 32 << 20}}
		}
		ws = append(ws, workload{
			Targets: targets,
			Name:    "memory-" + countLabel(n),
			Title:   "Peak memory: " + countWords(n) + " records to an mbox",
			Runs:    memRuns,
			Records: n,
			CPU:     true,
			Notes:   []string{"The floor is the mbox floor above. Target (issue 12): at most 32 MiB for templ at 1,000,000 records."},
			Contenders: []contender{
				{Name: "floor: Go MIME writer", Cmd: command{Args: []string{bin("replacer"), "-data", data, "-f", "mbox"}}},
				{Name: "templ render --data -f mbox", Cmd: command{Args: templ("--data", data, "-f", "mbox")}},
			},
		})
	}
	return append(ws, outDirWorkload(p, templ, batchRuns))
}

// The cold workload's other floors: the cobra floor, each group of libraries
// templ links added to it (built with a tag, bench/floor/cobrahello/deps_*.go),
// then all of them.
var libraryFloors = []struct{ Bin, Name string }{
	{"cobrahello", "cobra floor: Go + cobra hello world"},
	{"cobratls", "cobra floor + crypto/tls"},
	{"cobramail", "cobra floor + go-mail (with crypto/tls)"},
	{"cobrapick", "cobra floor + bubbletea, bubbles, lipgloss, fuzzy"},
	{"cobrayaml", "cobra floor + yaml.v3, x/text plural"},
	{"cobradeps", "libraries floor: cobra floor + all four"},
}

// coldWorkload starts each program once to write one email: the floors
// (hello, then libraryFloors), templ's commands, envsubst.
func coldWorkload(p paths, runs int, templ func(args ...string) []string, envsubstEnv []string) workload {
	cold := emailtext.Cold
	values := []string{"--name", cold[0], "--product", cold[1], "--brand", cold[2], "--var", "Order=" + cold[3]}
	cs := []contender{{Name: "floor: Go hello world", Cmd: command{Args: []string{binPath(p, "hello")}}}}
	for _, f := range libraryFloors {
		cs = append(cs, contender{Name: f.Name, SameOutput: true,
			Cmd: command{Args: append([]string{binPath(p, f.Bin), "render", emailtext.ID}, values...)}})
	}
	cobra, libs, first := 1, len(libraryFloors), len(cs) // the templ rows follow the floors
	cs = append(cs,
		contender{Name: "templ render", SameOutput: true, Cmd: command{Args: templ(values...)}},
		contender{Name: "templ render, built-in", Note: "refund-accept, a different email",
			Cmd: command{Args: append([]string{binPath(p, "templ"), "render", "refund-accept"}, values...)}},
		contender{Name: "templ list", Note: "lists the catalogue, so its output differs",
			Cmd: command{Args: []string{binPath(p, "templ"), "list"}}},
		contender{Name: "templ list --templates", Note: "the catalogue and the user template",
			Cmd: command{Args: []string{binPath(p, "templ"), "list", "--templates", p.Templates}}},
		contender{Name: "envsubst", Package: "gettext-base", SameOutput: true,
			Cmd: command{Env: envsubstEnv, Args: []string{"envsubst", shellVars}, Stdin: filepath.Join(p.Data, "tpl", "email.envsubst")}})
	var targets []target
	for k, against := range []string{"the cobra floor", "the libraries floor"} {
		targets = append(targets,
			target{What: "cold `templ render`, built-in, to " + against, Contender: first + 1, Floor: k + 1, Ratio: 1.25},
			target{What: "cold `templ list` to " + against, Contender: first + 2, Floor: k + 1, Ratio: 1.3},
			target{What: "cold `templ render`, user template, to " + against, Contender: first, Floor: k + 1, Ratio: 1.4})
	}
	return workload{
		Name:  "cold",
		Title: "Cold render of one ~1 KB email with 4 variables",
		Runs:  runs,
		Notes: []string{"The floor is a Go program that only writes the finished email: what starting any Go " +
			"binary costs. envsubst is a small C program and starts faster than any Go binary, hence its ratio below 1.",
			"The cobra floor (`bench/floor/cobrahello`) is the same program as a cobra command line, `render ID` " +
				"with the four variables as flags: what cobra and pflag add to any Go CLI's start before it does " +
				"any work. Its columns show each contender against it.",
			"The next four rows are the cobra floor built with one tag each (`bench/floor/cobrahello/deps_*.go`), " +
				"linking one group of the libraries templ links, unused: crypto/tls (SMTP), go-mail (SMTP delivery, " +
				"which brings crypto/tls), the picker's bubbletea, bubbles, lipgloss and fuzzy, and yaml.v3 with x/text's " +
				"plural forms. Their ratio to the cobra floor is what each group's package inits and larger binary cost " +
				"every templ start, whatever the command. The libraries floor (`-tags deps`) links all four groups; " +
				"templ's own start-up is its time over this floor, and its columns show each contender against it.",
			"The floors link the libraries with blank imports, so the linker keeps only what their package inits " +
				"reach and leaves out the code templ calls (the TLS handshake, the picker's screens): templ's binary is " +
				"larger than the libraries floor's, and starting it touches more pages, which templ's own start-up " +
				"above that floor includes." + binarySizes(p, "hello", "cobrahello", "cobradeps", "templ"),
			"`templ render` reads the email's template from a YAML file (`--templates`), as a user's own template " +
				"is read, at every run. Targets (issue 12): a built-in render within 1.25×, `templ list` within 1.3×, " +
				"a user template within 1.4×, against the cobra floor; the Targets table also holds them against the " +
				"libraries floor, which leaves out what the libraries cost.",
			"`templ render, built-in` renders refund-accept from the built-in catalogue, " +
				"with the same four values; it is a different email, so its output differs. " +
				"`templ list` lists the built-in catalogue; `templ list --templates` adds the user template's directory."},
		Floors:     []floor{{Contender: cobra, Label: "ratio to cobra floor"}, {Contender: libs, Label: "ratio to libraries floor"}},
		CPU:        true,
		Targets:    targets,
		Contenders: cs,
	}
}

// binarySizes lists the sizes of the named binaries of p.Bin as a sentence,
// or gives "" if one is missing.
func binarySizes(p paths, names ...string) string {
	var sizes []string
	for _, name := range names {
		info, err := os.Stat(binPath(p, name))
		if err != nil {
			return ""
		}
		sizes = append(sizes, fmt.Sprintf("%s %.1f MB", name, float64(info.Size())/1e6))
	}
	return " Binary sizes: " + strings.Join(sizes, ", ") + "."
}

// outDirWorkload writes one file per record: the floor's synced files, then
// templ's with unique names, then with distinctNames names, each repeated.
func outDirWorkload(p paths, templ func(args ...string) []string, runs int) workload {
	data := namesCSVPath(p.Data, batchRecords)
	dir := func(name string) string { return filepath.Join(p.OutDirs, name) }
	return workload{
		Name:    "outdir",
		Title:   "Batch of 100,000 records, one eml file per record (--out-dir)",
		Runs:    runs,
		Records: batchRecords,
		Names:   true,
		CPU:     true,
		Notes: []string{"The floor (`bench/floor/replacer -f eml -out-dir`) does the MIME work of the mbox floor with " +
			"CRLF line endings and writes each message as templ does: to a temporary file in the directory, synced " +
			"(fsync), then renamed to `ORDER.eml`. The directory is emptied before every run, outside the timed part.",
			fmt.Sprintf("The files go to a tmpfs (`-out-dirs`, /dev/shm by default), where fsync costs no disk time: "+
				"on this machine's ext4 disk one fsync takes about 2 ms, which would make a run of %s records "+
				"take minutes and hide templ's own cost in the disk's.", countWords(batchRecords)),
			fmt.Sprintf("The CSV file has %d distinct names, each on %s records. `--filename '[Order].eml'` gives "+
				"every record its own name; the default `[Name].eml` makes templ number the repeats (`Ivan 0-2.eml`, "+
				"...). Targets (issue 12): unique names within 1.2× of the floor; repeated names within 1.2× of unique "+
				"names (the second ratio column).", distinctNames, countWords(batchRecords/distinctNames))},
		Floors: []floor{{Contender: 1, Label: "ratio to unique names"}},
		Targets: []target{{What: "one eml file per record (`--out-dir`), unique names, to its floor", Contender: 1, Ratio: 1.2},
			{What: fmt.Sprintf("`--out-dir` with %d names to unique names", distinctNames), Contender: 2, Floor: 1, Ratio: 1.2}},
		Contenders: []contender{
			{Name: "floor: Go synced files", Cmd: command{Fresh: dir("floor"),
				Args: []string{binPath(p, "replacer"), "-data", data, "-f", "eml", "-out-dir", dir("floor")}}},
			{Name: "templ --out-dir, unique names", Note: "no stdout", Cmd: command{Fresh: dir("unique"),
				Args: templ("--data", data, "-f", "eml", "--out-dir", dir("unique"), "--filename", "[Order].eml")}},
			{Name: fmt.Sprintf("templ --out-dir, %d names", distinctNames), Note: "no stdout", Cmd: command{Fresh: dir("names"),
				Args: templ("--data", data, "-f", "eml", "--out-dir", dir("names"))}},
		},
	}
}

// execWorkload runs one command per record, as --exec does, against a shell
// loop doing the same forks: sh -c CMD per record with an email on stdin.
func execWorkload(p paths, templ func(args ...string) []string, runs int) workload {
	data, msg := csvPath(p.Data, envsubstRecords), filepath.Join(p.Data, "tpl", "email.envsubst")
	loop := func(cmd string) contender {
		return contender{Name: "shell loop: sh -c '" + cmd + "' per record",
			Cmd: command{Args: []string{"sh", "-c", execLoop, "sh", cmd, msg, data}}}
	}
	run := func(cmd string) contender {
		return contender{Name: "templ render --data --exec '" + cmd + "'", Note: "no stdout",
			Cmd: command{Args: templ("--data", data, "--to", "customer@example.com", "--exec", cmd)}}
	}
	return workload{
		Name:    "exec",
		Title:   "Batch of 1,000 records, one command per record (--exec)",
		Runs:    runs,
		Records: envsubstRecords,
		CPU:     true,
		Notes: []string{"`--exec CMD` starts `/bin/sh -c CMD` for every record with the message on its stdin " +
			"and waits for it. The floor is a shell loop doing the same forks, one `sh -c CMD` per line of the CSV " +
			"file with a ~1 KB email (the envsubst template) on stdin. `true` is a builtin of sh, so that row is " +
			"what a fork and an exec of sh cost; `cat >/dev/null` also starts cat, which reads the message. " +
			"templ's rows add its own start, the check pass and one render per record."},
		Floors:     []floor{{Contender: 2, Label: "ratio to the cat loop"}},
		Contenders: []contender{loop("true"), run("true"), loop("cat >/dev/null"), run("cat >/dev/null")},
	}
}

// execLoop runs the command $1 once per record of the CSV file $3, skipping
// its header, with the file $2 on its stdin.
const execLoop = `{ read -r header; while read -r record; do sh -c "$1" < "$2"; done; } < "$3"`

// oFileNote explains the -o contenders (toFile).
const oFileNote = "To standard output templ checks every record and then renders it again to write it " +
	"(issue 12: rendered customer mail is never spooled). With `-o FILE` it renders each record once, " +
	"straight into the file's own temporary file, which a failure removes: the `-o` row, written to a " +
	"tmpfs (`-out-dirs`), so it costs the floor's write to /dev/null plus a copy into memory."

// toFile is templ writing the batch in format f with -o into a fresh
// directory of p.OutDirs.
func toFile(p paths, templ func(args ...string) []string, f, data string) contender {
	dir := filepath.Join(p.OutDirs, "o-"+f)
	return contender{Name: "templ render --data -f " + f + " -o FILE", Note: "to a file, no stdout",
		Cmd: command{Fresh: dir, Args: templ("--data", data, "-f", f, "-o", filepath.Join(dir, "out."+f))}}
}

func binPath(p paths, name string) string { return filepath.Join(p.Bin, name) }

// envsubstLoop renders the template $1 once per record of the CSV file $2,
// skipping its header. The generated values hold no commas or quotes.
var envsubstLoop = `{ read -r header; while IFS=, read -r ` + strings.Join(emailtext.Vars, " ") + `; do export ` +
	strings.Join(emailtext.Vars, " ") + `; envsubst '` + shellVars + `' < "$1"; done; } < "$2"`
