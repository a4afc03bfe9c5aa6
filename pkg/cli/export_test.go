package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/templates"
)

// TestExportIsByteForByte exports the whole catalogue and compares every
// file with the one embedded in the binary.
func TestExportIsByteForByte(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"export", "--dir", dir}, IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, "test")
	if code != ExitOK || stderr.Len() > 0 {
		t.Fatalf("templ export: exit %d, stderr %q", code, stderr.String())
	}
	names, err := fs.Glob(templates.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in templates: %v", err)
	}
	var wantPaths []string
	for _, name := range names {
		wantPaths = append(wantPaths, filepath.Join(dir, name))
		want, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from the embedded file (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
		}
	}
	// It prints each path it wrote (in id order), and writes nothing else.
	gotPaths := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	sort.Strings(gotPaths)
	if diff := cmp.Diff(wantPaths, gotPaths); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names) {
		t.Errorf("%d files in %s, want %d", len(entries), dir, len(names))
	}
}
