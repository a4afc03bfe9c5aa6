package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/templ-mail/templ/pkg/email"
)

// readDir maps each file in dir to its content.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

func names(files map[string]string) []string {
	var out []string
	for n := range files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// The case: records Ivan, Petar, Ivan, Maria write Ivan.eml
// Petar.eml Ivan-2.eml Maria.eml. A run interrupted after two, resumed with
// --start 3, writes Ivan-2.eml and Maria.eml; it neither fails on
// "Ivan.eml exists" nor, with --force, writes record 3 over record 1.
func TestResumeKeepsNames(t *testing.T) {
	const csv = "Name,Brand\nIvan,A1\nPetar,A2\nIvan,A3\nMaria,A4\n"
	full := filepath.Join(t.TempDir(), "full")
	o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: full, Filename: "[Name].eml"})
	o.Layers.Flags = nil // Brand from the record
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("full run: %v (%s)", err, errb)
	}
	want := readDir(t, full)
	if got := names(want); fmt.Sprint(got) != "[Ivan-2.eml Ivan.eml Maria.eml Petar.eml]" {
		t.Fatalf("full run wrote %v", got)
	}
	for _, force := range []bool{false, true} {
		t.Run(fmt.Sprintf("force=%v", force), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(dir, 0o755)
			for _, n := range []string{"Ivan.eml", "Petar.eml"} { // what the interrupted run wrote
				os.WriteFile(filepath.Join(dir, n), []byte(want[n]), 0o644)
			}
			o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: dir, Filename: "[Name].eml", Force: force})
			o.Layers.Flags = nil
			o.Start = 3
			if err := Run(context.Background(), o); err != nil {
				t.Fatalf("--start 3: %v (%s)", err, errb)
			}
			got := readDir(t, dir)
			for n, w := range want {
				if got[n] != w {
					t.Errorf("%s:\n%q\nwant\n%q", n, got[n], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("files %v, want %v", names(got), names(want))
			}
		})
	}
}

// Every --start gives each record the name of the full run, with repeats
// in any case, a record that fails (--skip-invalid takes no name for it),
// a bad CSV row, names SafeName changes and names that clash with a
// suffixed one ("Ivan-2").
func TestResumeNamesAgreeWithFullRun(t *testing.T) {
	csv := "Name,Brand\nIvan,1\nPetar,2\nIvan,3\n,4\nIVAN,5\nIvan-2,6\nx,y,z\nA/B,8\nA_B,9\nIvan,10\nPetar,11\n"
	full := filepath.Join(t.TempDir(), "full")
	o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: full, Filename: "[Name].txt"})
	o.Layers.Flags, o.SkipInvalid = nil, true
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("full run: %v (%s)", err, errb)
	}
	want := readDir(t, full)
	if len(want) != 9 {
		t.Fatalf("full run wrote %v", names(want))
	}
	for start := 2; start <= 11; start++ {
		dir := filepath.Join(t.TempDir(), "out")
		o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: dir, Filename: "[Name].txt"})
		o.Layers.Flags, o.SkipInvalid, o.Start = nil, true, start
		if err := Run(context.Background(), o); err != nil {
			t.Fatalf("--start %d: %v (%s)", start, err, errb)
		}
		for n, body := range readDir(t, dir) {
			if want[n] != body {
				t.Errorf("--start %d wrote %s:\n%q\nthe full run wrote\n%q", start, n, body, want[n])
			}
		}
	}
}

// The second pass reads exactly what the first checked. A file renamed
// over the data between the passes is not read (the first pass's open
// descriptor is); a file changed in place is refused before anything is
// written.
func TestSecondPassReadsWhatFirstChecked(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, path string)
		err    string // "" for a run that writes the checked records
	}{
		{"renamed over", func(t *testing.T, path string) {
			tmp := path + ".new"
			os.WriteFile(tmp, []byte("Name\nMallory\n\n"), 0o644)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"appended to", func(t *testing.T, path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			f.WriteString("Mallory\n")
			f.Close()
		}, "changed while templ was checking it, so nothing was written; run again when nothing else writes it"},
		{"rewritten, same size", func(t *testing.T, path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.WriteString("Name\nEvil\n")
			f.Close()
		}, "changed while templ was checking it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout strings.Builder
			o, _, errb := newRun(t, "Name\nIvan\n", email.JSONL, &Stream{Out: &stdout})
			betweenPasses = func() { tc.change(t, o.Data) }
			defer func() { betweenPasses = nil }()
			err := Run(context.Background(), o)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("Run: %v (%s)", err, errb)
				}
				if !strings.Contains(stdout.String(), `"Name":"Ivan"`) || strings.Contains(stdout.String(), "Mallory") {
					t.Errorf("stdout %q, want Ivan's email only", stdout.String())
				}
				return
			}
			var be *Error
			if !errors.As(err, &be) || !be.Input || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "--data "+o.Data+": ") {
				t.Fatalf("Run: %v, want an input error %q", err, tc.err)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

// --shard I/N gives each record the name of the unsharded run, so N
// machines writing into one directory (or their directories merged) never
// clash or overwrite: the records of other shards take their names too.
func TestShardKeepsNames(t *testing.T) {
	const csv = "Name,Brand\nIvan,A1\nIvan,A2\nIvan,A3\nIvan,A4\nPetar,A5\n"
	full := filepath.Join(t.TempDir(), "full")
	o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: full, Filename: "[Name].eml"})
	o.Layers.Flags = nil
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("full run: %v (%s)", err, errb)
	}
	want := readDir(t, full)
	merged := map[string]string{}
	for i := 0; i < 2; i++ {
		dir := filepath.Join(t.TempDir(), "out")
		o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: dir, Filename: "[Name].eml"})
		o.Layers.Flags = nil
		o.Shard = Shard{I: i, N: 2}
		if err := Run(context.Background(), o); err != nil {
			t.Fatalf("--shard %d/2: %v (%s)", i, err, errb)
		}
		for n, body := range readDir(t, dir) {
			if _, dup := merged[n]; dup {
				t.Errorf("%s written by both shards", n)
			}
			merged[n] = body
		}
	}
	// One shared directory: the second shard finds the first's files and
	// does not take them for its own.
	shared := filepath.Join(t.TempDir(), "shared")
	for i := 0; i < 2; i++ {
		o, _, errb := newRun(t, csv, email.Text, &Dir{Dir: shared, Filename: "[Name].eml"})
		o.Layers.Flags = nil
		o.Shard = Shard{I: i, N: 2}
		if err := Run(context.Background(), o); err != nil {
			t.Fatalf("--shard %d/2 into one directory: %v (%s)", i, err, errb)
		}
	}
	if got := readDir(t, shared); fmt.Sprint(names(got)) != fmt.Sprint(names(want)) {
		t.Errorf("one directory: files %v, want %v", names(got), names(want))
	}
	for n, w := range want {
		if merged[n] != w {
			t.Errorf("%s:\n%q\nwant\n%q", n, merged[n], w)
		}
	}
	if len(merged) != len(want) {
		t.Errorf("files %v, want %v", names(merged), names(want))
	}
}
