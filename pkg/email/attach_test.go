package email

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// inDir runs the test in a fresh directory holding files.
func inDir(t *testing.T, files map[string]string) {
	t.Chdir(t.TempDir())
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAttachPerEmail(t *testing.T) {
	inDir(t, map[string]string{
		"invoices/A-1.pdf":    "%PDF A-1",
		"invoices/A-2.pdf":    "%PDF A-2",
		"terms.txt":           "Terms\n",
		"data/Иван.zz9":       "\x00\x01binary",
		"elsewhere/photo.png": "\x89PNG",
	})
	a := Attach{"invoices/[Order].pdf", "terms.txt", "data/[Name].zz9", "[Photo]"}
	if !a.HasPlaceholders() || (Attach{"terms.txt"}).HasPlaceholders() {
		t.Error("HasPlaceholders is wrong")
	}
	for _, tt := range []struct {
		vals map[string]string
		want []Attachment
	}{
		{map[string]string{"Order": "A-1", "Name": "Иван", "Photo": "elsewhere/photo.png"}, []Attachment{
			{Filename: "A-1.pdf", ContentType: "application/pdf", Data: []byte("%PDF A-1")},
			{Filename: "terms.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("Terms\n")},
			{Filename: "Иван.zz9", ContentType: "application/octet-stream", Data: []byte("\x00\x01binary")},
			{Filename: "photo.png", ContentType: "image/png", Data: []byte("\x89PNG")},
		}},
		{map[string]string{"Order": "A-2", "Name": "Иван", "Photo": "terms.txt"}, []Attachment{
			{Filename: "A-2.pdf", ContentType: "application/pdf", Data: []byte("%PDF A-2")},
			{Filename: "terms.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("Terms\n")},
			{Filename: "Иван.zz9", ContentType: "application/octet-stream", Data: []byte("\x00\x01binary")},
			{Filename: "terms.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("Terms\n")},
		}},
	} {
		got, err := a.Load(attachLookup(tt.vals))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Load %v (-want +got):\n%s", tt.vals, diff)
		}
		checked, err := a.Check(attachLookup(tt.vals))
		if err != nil {
			t.Fatal(err)
		}
		for i := range tt.want {
			tt.want[i].Data = nil
		}
		if diff := cmp.Diff(tt.want, checked); diff != "" {
			t.Errorf("Check %v (-want +got):\n%s", tt.vals, diff)
		}
	}
}

func TestAttachRefuses(t *testing.T) {
	inDir(t, map[string]string{"invoices/A-1.pdf": "x", "secret": "x", "a\nb.pdf": "x"})
	if err := syscall.Mkfifo("pipe.pdf", 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		pattern string
		vals    map[string]string
		err     string
	}{
		{"invoices/[Order].pdf", map[string]string{"Order": "A-2"}, "attachment invoices/A-2.pdf: no such file; check the path"},
		{"invoices/[Order].pdf", nil, "--attach invoices/[Order].pdf uses Order, which has no value"},
		{"[Dir]", map[string]string{"Dir": "invoices"}, "attachment invoices: is a directory; give a file"},
		{"pipe.pdf", nil, "attachment pipe.pdf: is a named pipe, not a regular file; templ reads only regular files"},
		{"/dev/null", nil, "attachment /dev/null: is a device, not a regular file; templ reads only regular files"},
		{"/proc/self/mem", nil, "attachment /proc/self/mem: cannot read: input/output error"},
		{"invoices/[Order].pdf", map[string]string{"Order": "../secret"}, `--attach invoices/[Order].pdf: the value of Order, "../secret", is not a file name; a value may name a file, not a directory (--attach '[Order]' takes whole paths from the data)`},
		{"invoices/[Order]", map[string]string{"Order": ".."}, `--attach invoices/[Order]: the value of Order, "..", is not a file name; a value may name a file, not a directory (--attach '[Order]' takes whole paths from the data)`},
		{"[Order].pdf", map[string]string{"Order": `..\secret`}, `--attach [Order].pdf: the value of Order, "..\\secret", is not a file name; a value may name a file, not a directory (--attach '[Order]' takes whole paths from the data)`},
		{"[File]", map[string]string{"File": " "}, "--attach [File]: the file name is empty; give a path"},
		{"[A].pdf", map[string]string{"A": "a\nb"}, `attachment "a\nb.pdf": the file name holds a line break; rename the file`},
	} {
		for name, f := range map[string]func(Attach, func(string) (string, bool)) ([]Attachment, error){"Check": Attach.Check, "Load": Attach.Load} {
			got, err := f(Attach{"invoices/A-1.pdf", tt.pattern}, attachLookup(tt.vals))
			var ae *AttachmentError
			if !errors.As(err, &ae) || err.Error() != tt.err || got != nil {
				t.Errorf("%s %q %v: %v, %v\nwant error %s", name, tt.pattern, tt.vals, got, err, tt.err)
			}
		}
	}
}

// The email's attachments together may hold MaxAttachments; the check
// finds a file too large from its size, before reading it.
func TestAttachLimit(t *testing.T) {
	inDir(t, nil)
	for name, size := range map[string]int64{"half.bin": MaxAttachments / 2, "rest.bin": MaxAttachments / 2, "one.bin": 1, "huge.bin": 1 << 40} {
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		f.Close()
	}
	if _, err := (Attach{"half.bin", "rest.bin"}).Check(attachLookup(nil)); err != nil {
		t.Errorf("exactly %d bytes: %v", MaxAttachments, err)
	}
	want := "attachment %s: the email's attachments would pass 25 MiB, the most templ attaches to one email; send the file another way (a link)"
	for _, a := range []Attach{{"half.bin", "rest.bin", "one.bin"}, {"huge.bin"}} {
		for name, f := range map[string]func(Attach, func(string) (string, bool)) ([]Attachment, error){"Check": Attach.Check, "Load": Attach.Load} {
			_, err := f(a, attachLookup(nil))
			if w := strings.Replace(want, "%s", a[len(a)-1], 1); err == nil || err.Error() != w {
				t.Errorf("%s %v: %v, want %s", name, a, err, w)
			}
		}
	}
}

func attachLookup(vals map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vals[name]
		return v, ok
	}
}
