package email

import (
	"bytes"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readerNames are display names and subjects that every reader must decode
// exactly: Python's email parser, mblaze and net/mail.
var readerNames = []string{
	"Александра Константинова",
	"Александра Константинова-Петрова Иванова от Велико Търново",
	"Maximiliana Konstantinopolous-Papadopoulou of the Northern Territories Office",
	strings.Repeat("Щ", 100),
	strings.Repeat("x", 100),
	"Иван  Петров",
	"Ivan  Petrov",
	"Ζωή Παπαδοπούλου 🙂 και η ομάδα εξυπηρέτησης πελατών της εταιρείας",
}

// writeNameMessages writes one eml file per name, with the name as the
// subject and as the display name of From and To, and returns their paths.
func writeNameMessages(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, name := range readerNames {
		m := &Message{
			Subject: name, Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>",
			From: &mail.Address{Name: name, Address: "a@example.com"},
			To:   []*mail.Address{{Name: name, Address: "b@example.com"}, {Name: "Second", Address: "c@example.com"}},
		}
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatal(err)
		}
		if problems := lineLengthProblems(buf.Bytes()); len(problems) > 0 {
			t.Errorf("%q: line problems:\n%s", name, strings.Join(problems, "\n"))
		}
		path := filepath.Join(dir, string(rune('a'+i))+".eml")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

func TestNamesDecodeInPython(t *testing.T) {
	paths := writeNameMessages(t)
	got := runPython(t, pythonAddresses, paths...)
	for i, name := range readerNames {
		want := map[string][][2]string{
			"Subject": {{name, ""}},
			"From":    {{phraseReading(name), "a@example.com"}},
			"To":      {{phraseReading(name), "b@example.com"}, {"Second", "c@example.com"}},
		}
		if diff := cmp.Diff(want, got[paths[i]]); diff != "" {
			t.Errorf("%q (-want +got):\n%s", name, diff)
		}
	}
}

func TestNamesDecodeInNetMail(t *testing.T) {
	for i, path := range writeNameMessages(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := parseEML(raw)
		if err != nil {
			t.Fatal(err)
		}
		name := readerNames[i]
		want := &parsed{Subject: name, Body: "b\n", From: &mail.Address{Name: name, Address: "a@example.com"},
			To: []*mail.Address{{Name: name, Address: "b@example.com"}, {Name: "Second", Address: "c@example.com"}}}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("%q (-want +got):\n%s", name, diff)
		}
	}
}

// TestNamesDecodeInMblaze: mhdr -d decodes the header; with -A it lists
// each address as "name <addr>".
func TestNamesDecodeInMblaze(t *testing.T) {
	if _, err := exec.LookPath("mhdr"); err != nil {
		t.Fatal("mhdr not installed: apt-get install -y mblaze")
	}
	for i, path := range writeNameMessages(t) {
		name := readerNames[i]
		for _, c := range []struct{ header, want string }{
			{"subject", name + "\n"},
			{"from", phraseReading(name) + " <a@example.com>\n"},
			{"to", phraseReading(name) + " <b@example.com>\nSecond <c@example.com>\n"},
		} {
			args := []string{"-h", c.header, "-d", path}
			if c.header != "subject" {
				args = []string{"-h", c.header, "-A", "-d", path}
			}
			out, err := exec.Command("mhdr", args...).Output()
			if err != nil {
				t.Fatalf("mhdr %v: %v", args, err)
			}
			if string(out) != c.want {
				t.Errorf("mhdr %s of %q:\n got %q\nwant %q", c.header, name, out, c.want)
			}
		}
	}
}

// phraseReading is the display name Python and mblaze's address parser
// give back. Both read the decoded text of an encoded-word in a display
// name as words and join them with single spaces, so a run of blanks in a
// non-ASCII name comes back as one: no 7-bit form keeps it for them
// (a quoted string holding an encoded-word would, but net/mail does not
// decode that). The header holds the exact name; net/mail and mhdr -d read
// it exactly.
func phraseReading(name string) string {
	if isPrintableASCII(name) {
		return name // a quoted string, kept as it is
	}
	return strings.Join(strings.Fields(name), " ")
}
