package batch

import (
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
