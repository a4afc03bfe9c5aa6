// Package templatecache keeps a user's templates parsed between runs, so a
// render of a template file pays for the YAML parser once per edit, not at
// every start. (The built-in catalogue needs no cache: it is compiled into
// the binary.)
//
// An entry holds the exact bytes that were parsed and the parsed template.
// A lookup reads the file first and is a hit only when its bytes and Version
// both match, so a stale entry cannot be served; there is nothing to
// invalidate. Each file has one entry, named by a hash of its path as given
// and replaced when the file changes, so the cache grows with the number of
// template files, not with edits. (The path is not made absolute: that
// costs a start two system calls, and a shared name can only cost a miss.)
//
// The cache is an optimisation only: every failure to read or write it is a
// miss, never an error, and templ works the same with it switched off.
package templatecache

import (
	"encoding/hex"
	"hash/fnv"
	"os"
	"path/filepath"

	"github.com/templ-mail/templ/internal/plainfile"
	"github.com/templ-mail/templ/pkg/template"
)

// Dir is a cache in one directory. It implements template.Cache.
type Dir string

var _ template.Cache = Dir("")

// Get returns the template parsed from data, which was read from file, or nil.
func (d Dir) Get(file string, data []byte) *template.Template {
	if d == "" {
		return nil
	}
	entry, err := plainfile.ReadFile(d.entryName(file))
	if err != nil {
		return nil
	}
	src, t, err := decode(entry)
	if err != nil || src != string(data) {
		return nil
	}
	return t
}

// Put stores t, parsed from data, which was read from file. The entry is
// written to a temporary file and renamed into place, so a reader running
// at the same time sees the old entry or the new one, never half of one.
func (d Dir) Put(file string, data []byte, t *template.Template) {
	if d == "" {
		return
	}
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(string(d), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(encode(data, t))
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), d.entryName(file)) != nil {
		os.Remove(tmp.Name())
	}
}

// entryName is where file's entry lives.
func (d Dir) entryName(file string) string {
	h := fnv.New128a()
	h.Write([]byte(file))
	return filepath.Join(string(d), hex.EncodeToString(h.Sum(nil)))
}
