package templatecache

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/version.golden (only after bumping Version)")

// parsed is every template the tests round-trip: the built-in catalogue as
// written, and the guard fixtures.
func parsed(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	names, err := fs.Glob(templates.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("built-in templates: %v (%d files)", err, len(names))
	}
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Join("templates", name)] = data
	}
	guard, err := filepath.Glob(filepath.Join("testdata", "guard", "*.yaml"))
	if err != nil || len(guard) == 0 {
		t.Fatalf("guard fixtures: %v (%d files)", err, len(guard))
	}
	for _, name := range guard {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

func mustParse(t testing.TB, file string, data []byte) *template.Template {
	t.Helper()
	tpl, err := template.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	// The catalogue sets these on every load, cached or not.
	tpl.Path, tpl.Source = "", ""
	return tpl
}

// A decoded entry is the template that was parsed, field for field.
func TestRoundTrip(t *testing.T) {
	for file, data := range parsed(t) {
		want := mustParse(t, file, data)
		src, got, err := decode(encode(data, want))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if src != string(data) {
			t.Errorf("%s: source read back as %d bytes, want %d", file, len(src), len(data))
		}
		// Parse leaves some lists nil and some empty; nothing tells them apart.
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: decoded template differs (-parsed +decoded):\n%s", file, diff)
		}
	}
}

// The same template always encodes to the same bytes, whatever the map order.
func TestEncodeIsDeterministic(t *testing.T) {
	for file, data := range parsed(t) {
		tpl := mustParse(t, file, data)
		first := encode(data, tpl)
		for range 20 {
			if !bytes.Equal(encode(data, tpl), first) {
				t.Fatalf("%s: two encodings differ", file)
			}
		}
	}
}

func TestGetAfterPut(t *testing.T) {
	dir := t.TempDir()
	cache := Dir(filepath.Join(dir, "cache"))
	file := filepath.Join(dir, "refund-accept.yaml")
	data, err := fs.ReadFile(templates.FS, "refund-accept.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tpl := mustParse(t, file, data)

	if got := cache.Get(file, data); got != nil {
		t.Fatal("hit in an empty cache")
	}
	cache.Put(file, data, tpl)
	got := cache.Get(file, data)
	if diff := cmp.Diff(tpl, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("hit differs from what was put (-put +got):\n%s", diff)
	}

	// Changed bytes, or another file with the same bytes, are misses.
	if cache.Get(file, append(bytes.Clone(data), '\n')) != nil {
		t.Error("hit for changed file contents")
	}
	if cache.Get(filepath.Join(dir, "other.yaml"), data) != nil {
		t.Error("hit for another file")
	}

	// One file, one entry: putting a new version replaces the old one, and
	// no temporary file is left behind.
	changed := bytes.Replace(data, []byte("title: Refund request accepted"), []byte("title: Refund done"), 1)
	if bytes.Equal(changed, data) {
		t.Fatal("the edit changed nothing; fix the test")
	}
	cache.Put(file, changed, mustParse(t, file, changed))
	entries, err := os.ReadDir(string(cache))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("cache holds %d files after two puts of one template, want 1", len(entries))
	}
	if cache.Get(file, data) != nil {
		t.Error("the replaced version is still served")
	}
	if got := cache.Get(file, changed); got == nil || got.Locale("en").Title != "Refund done" {
		t.Errorf("the new version is not served: %+v", got)
	}
}

// putOne caches the every-feature fixture in a new cache and returns the
// cache, the file it stands for, its bytes, and its entry's name and bytes.
func putOne(t *testing.T) (cache Dir, file string, data []byte, name string, entry []byte) {
	t.Helper()
	dir := t.TempDir()
	cache = Dir(dir)
	file = filepath.Join(dir, "t.yaml")
	data, err := os.ReadFile(filepath.Join("testdata", "guard", "every-feature.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cache.Put(file, data, mustParse(t, file, data))
	name = cache.entryName(file)
	if entry, err = os.ReadFile(name); err != nil {
		t.Fatal(err)
	}
	return cache, file, data, name, entry
}

// A damaged entry is a miss, whatever the damage: every truncation and
// every single flipped byte of a real entry.
func TestDamagedEntryIsAMiss(t *testing.T) {
	cache, file, data, name, entry := putOne(t)
	damaged := func(b []byte) {
		t.Helper()
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if cache.Get(file, data) != nil {
			t.Fatalf("hit for a damaged entry of %d bytes", len(b))
		}
	}
	for n := range len(entry) {
		damaged(entry[:n])
	}
	for i := range entry {
		b := bytes.Clone(entry)
		b[i] ^= 0x20
		damaged(b)
	}
	damaged(append(bytes.Clone(entry), 0))
}

// An entry written by another Version is a miss, even with a valid checksum.
func TestOtherVersionIsAMiss(t *testing.T) {
	cache, file, data, name, entry := putOne(t)
	body := entry[:len(entry)-8]
	// The version is the uvarint right after the magic; Version is small
	// enough to be one byte, so the layout is unchanged.
	if body[len(magic)] != Version {
		t.Fatalf("byte after the magic is %d, want Version %d", body[len(magic)], Version)
	}
	body[len(magic)] = Version + 1
	h := fnv.New64a()
	h.Write(body)
	if err := os.WriteFile(name, h.Sum(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if cache.Get(file, data) != nil {
		t.Fatal("hit for an entry of another version")
	}
}

// The cache never fails a render: a directory that cannot be made or
// written is a silent miss, and leaves no file behind.
func TestUnusableDirectory(t *testing.T) {
	dir := t.TempDir()
	data, err := fs.ReadFile(templates.FS, "refund-accept.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "refund-accept.yaml")
	tpl := mustParse(t, file, data)

	blocker := filepath.Join(dir, "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cache := range []Dir{Dir(blocker), Dir(filepath.Join(blocker, "below")), Dir("")} {
		cache.Put(file, data, tpl)
		if cache.Get(file, data) != nil {
			t.Errorf("%q: hit from a cache that cannot be written", cache)
		}
	}
	if st, err := os.Stat(blocker); err != nil || st.Size() != 0 {
		t.Errorf("the file in the way was changed: %v, %v", st, err)
	}

	// A read-only directory (not for root, who can write anyway).
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		Dir(ro).Put(file, data, tpl)
		if entries, _ := os.ReadDir(ro); len(entries) != 0 {
			t.Errorf("read-only cache directory holds %d files", len(entries))
		}
	}
}

// TestVersionGuard fails when the parsed form of the guard fixtures changes
// (template.Parse or the codec) while Version stays the same: an old entry
// would then be served as if it were new. Bump Version, then run
// go test ./pkg/templatecache -run VersionGuard -update.
func TestVersionGuard(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "guard", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("guard fixtures: %v", err)
	}
	h := fnv.New128a()
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// Path and bytes stay out of the digest: only what decode builds counts.
		entry := encode(nil, mustParse(t, file, data))
		h.Write(entry[len(magic) : len(entry)-8])
	}
	got := fmt.Sprintf("version %d\ndigest %x\n", Version, h.Sum(nil))

	golden := filepath.Join("testdata", "version.golden")
	want, err := os.ReadFile(golden)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	sameVersion := strings.HasPrefix(string(want), fmt.Sprintf("version %d\n", Version))
	if sameVersion {
		t.Fatalf("the parsed form of testdata/guard changed but Version is still %d: bump Version in codec.go, then run with -update\ngot:\n%swant:\n%s", Version, got, want)
	}
	if !*update {
		t.Fatalf("%s is out of date: run go test ./pkg/templatecache -run VersionGuard -update\ngot:\n%swant:\n%s", golden, got, want)
	}
	if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecode feeds decode arbitrary entries: it must fail or succeed, never
// panic, and whatever it accepts must encode back to an entry that decodes
// to the same template.
func FuzzDecode(f *testing.F) {
	for file, data := range parsed(f) {
		f.Add(encode(data, mustParse(f, file, data)))
	}
	f.Add([]byte(magic))
	f.Add(binary.AppendUvarint([]byte(magic), Version))
	f.Fuzz(func(t *testing.T, entry []byte) {
		src, tpl, err := decode(entry)
		if err != nil {
			return
		}
		src2, tpl2, err := decode(encode([]byte(src), tpl))
		if err != nil {
			t.Fatalf("re-encoded entry does not decode: %v", err)
		}
		if src2 != src {
			t.Fatalf("source changed: %q, was %q", src2, src)
		}
		if diff := cmp.Diff(tpl, tpl2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("template changed (-first +second):\n%s", diff)
		}
	})
}
