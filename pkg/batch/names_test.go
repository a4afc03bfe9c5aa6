package batch

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSafeName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ivan.eml", "Ivan.eml"},
		{"Cyrillic stays", "Иван Петров.eml", "Иван Петров.eml"},
		{"separators and Windows-reserved characters", `a/b\c:d*e?f"g<h>i|j.eml`, "a_b_c_d_e_f_g_h_i_j.eml"},
		{"path traversal", "../../etc/passwd", "_.._etc_passwd"},
		{"absolute path", "/etc/passwd", "_etc_passwd"},
		{"leading dot would hide the file", ".bashrc", "bashrc"},
		{"leading dots and spaces", " . .profile.eml", "profile.eml"},
		{"trailing dot and space (Windows drops them)", "Ivan. ", "Ivan"},
		{"control characters", "tab\there\nnew\x00nul\x7f.eml", "tab_here_new_nul_.eml"},
		{"invalid UTF-8", "a\xffb.eml", "a_b.eml"},
		{"reserved device name", "CON.eml", "_CON.eml"},
		{"reserved in any case, no extension", "nul", "_nul"},
		{"reserved with a space before the extension", "aux .eml", "_aux .eml"},
		{"reserved COM and LPT", "Lpt1.txt", "_Lpt1.txt"},
		{"reserved COM0", "com0.eml", "_com0.eml"},
		{"reserved superscript digit", "COM¹.eml", "_COM¹.eml"},
		{"reserved console names", "CONIN$.json", "_CONIN$.json"},
		{"reserved name as a prefix is fine", "console.eml", "console.eml"},
		{"reserved name after the first dot is fine", "my.con.eml", "my.con.eml"},
		{"nothing left", "...", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeName(tt.in); got != tt.want {
				t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeNameLong(t *testing.T) {
	// 300 two-byte letters: the cut must fall between runes and keep the
	// extension.
	got := SafeName(strings.Repeat("я", 300) + ".eml")
	if len(got) > maxName || !utf8.ValidString(got) || !strings.HasSuffix(got, "я.eml") {
		t.Errorf("SafeName(long) = %q (%d bytes), want at most %d bytes of valid UTF-8 ending in я.eml", got, len(got), maxName)
	}
	// A trailing dot left by the cut is dropped too.
	got = SafeName(strings.Repeat("a", maxName-5) + "....." + strings.Repeat("b", 50))
	if want := strings.Repeat("a", maxName-5); got != want {
		t.Errorf("SafeName(cut at dots) = %q, want %q", got, want)
	}
}

func TestUnique(t *testing.T) {
	n := NewNamer()
	var got []string
	for i, name := range []string{
		"Ivan.eml",
		"Ivan.eml",
		"IVAN.eml",            // macOS and Windows see the same file
		"Ivan-2.eml",          // taken by the second Ivan
		"Иван.eml",            // Cyrillic
		"ИВАН.eml",            // the same name in capitals
		"",                    // nothing usable: named after the record
		"../",                 // only the separator is left
		"Dr. Ivan",            // ". Ivan" is no extension
		"Dr. Ivan",            //
		"CON.eml",             // reserved, made safe first
		"_con.eml",            // what CON.eml became, in another case
		"a/b.eml",             // separators
		"a_b.eml",             // what a/b.eml became
		"report",              // no extension
		"report",              //
		".eml",                // a leading dot dropped: "eml"
		"eml",                 //
		"x.verylongextension", // not an extension: the suffix goes at the end
		"x.verylongextension",
	} {
		got = append(got, n.Unique(name, i+1))
	}
	want := []string{
		"Ivan.eml",
		"Ivan-2.eml",
		"IVAN-3.eml",
		"Ivan-2-2.eml",
		"Иван.eml",
		"ИВАН-2.eml",
		"record-7",
		"_",
		"Dr. Ivan",
		"Dr. Ivan-2",
		"_CON.eml",
		"_con-2.eml",
		"a_b.eml",
		"a_b-2.eml",
		"report",
		"report-2",
		"eml",
		"eml-2",
		"x.verylongextension",
		"x.verylongextension-2",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Unique names (-want +got):\n%s", diff)
	}
}

func TestNamersAreIndependent(t *testing.T) {
	// Each pass starts a new Namer, so the second pass gives the same
	// names as the first.
	for range 2 {
		n := NewNamer()
		if a, b := n.Unique("Ivan.eml", 1), n.Unique("Ivan.eml", 2); a != "Ivan.eml" || b != "Ivan-2.eml" {
			t.Fatalf("names = %q, %q; want Ivan.eml, Ivan-2.eml", a, b)
		}
	}
}

func TestUniqueRepeatedNamesIsLinear(t *testing.T) {
	// 20,000 records with 10 names: retrying name-2, name-3, ... from the
	// start each time did 20 million map lookups; counting on per stem
	// does about one per record.
	n := NewNamer()
	lookups := 0
	n.lookups = &lookups
	for i := range 20_000 {
		n.Unique(fmt.Sprintf("Name %d.eml", i%10), i+1)
	}
	if lookups > 3*20_000 {
		t.Errorf("%d lookups for 20,000 names, want at most %d", lookups, 3*20_000)
	}
}

func TestUniqueNeverTakesAnotherRecordsName(t *testing.T) {
	n := NewNamer()
	var got []string
	for i, name := range []string{"Ivan-2.eml", "Ivan.eml", "Ivan.eml", "Ivan-3.eml", "Ivan.eml", "ivan.eml", "Ivan-2-2.eml", "Ivan-2.eml"} {
		got = append(got, n.Unique(name, i+1))
	}
	want := []string{"Ivan-2.eml", "Ivan.eml", "Ivan-3.eml", "Ivan-3-2.eml", "Ivan-4.eml", "ivan-5.eml", "Ivan-2-2.eml", "Ivan-2-3.eml"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestUniqueFromRecordOne: a record's name depends only on the records
// before it, so a run resumed with --start gives the names of a full run
// when the Namer is fed every record from 1 (the names before --start
// are worked out, not written).
func TestUniqueFromRecordOne(t *testing.T) {
	records := []string{"Ivan.eml", "Petar.eml", "Ivan.eml", "Maria.eml"}
	full := NewNamer()
	var all []string
	for i, r := range records {
		all = append(all, full.Unique(r, i+1))
	}
	resumed := NewNamer()
	for i, r := range records[:2] {
		resumed.Unique(r, i+1) // before --start 3: named, not written
	}
	got := []string{resumed.Unique(records[2], 3), resumed.Unique(records[3], 4)}
	if diff := cmp.Diff(all[2:], got); diff != "" {
		t.Errorf("--start 3 names (-want +got):\n%s", diff)
	}
	if all[2] != "Ivan-2.eml" {
		t.Errorf("record 3 = %q, want Ivan-2.eml", all[2])
	}
}

func TestSafeNameBidiAndDots(t *testing.T) {
	tests := []struct{ in, want string }{
		{"....eml", "_.eml"},
		{". . .eml", "_.eml"},
		{"..eml", "_.eml"},
		{"...", ""},
		{"invoice\u202Egpj.exe.eml", "invoice_gpj.exe.eml"},
		{"\uFEFFIvan.eml", "_Ivan.eml"},
		{"a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk.eml", "a_b_c_d_e_f_g_h_i_j_k.eml"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsWindowsReserved(t *testing.T) {
	for name, want := range map[string]bool{
		"con": true, "CON": true, "nul.eml": true, "aux .txt": true, "com1": true, "LPT¹": true, "conin$": true,
		"console": false, "my.con": false, "refund-accept": false, "": false, "com10": false,
	} {
		if got := IsWindowsReserved(name); got != want {
			t.Errorf("IsWindowsReserved(%q) = %v, want %v", name, got, want)
		}
	}
}

// BenchmarkUnique: go test -run '^$' -bench=Unique ./pkg/batch
// 100,000 records with 100 distinct names must cost about as much as
// 100,000 different names.
func BenchmarkUnique(b *testing.B) {
	for _, c := range []struct {
		name     string
		distinct int
	}{{"distinct=100000", 100_000}, {"distinct=100", 100}} {
		names := make([]string, 100_000)
		for i := range names {
			names[i] = fmt.Sprintf("Customer %d.eml", i%c.distinct)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				n := NewNamer()
				for i, name := range names {
					n.Unique(name, i+1)
				}
			}
		})
	}
}
