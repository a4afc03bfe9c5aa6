package templatecache

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"slices"

	"github.com/templ-mail/templ/pkg/template"
)

// Version names the entry format and what template.Parse makes of a file.
// Bump it whenever either changes: an entry written under another version is
// a miss, so no run ever sees a template parsed by older rules. The test
// TestVersionGuard fails when parsed templates change and Version did not.
const Version = 1

// magic starts every entry, so a stray file in the cache is never decoded.
const magic = "templ parsed template\n"

var errCorrupt = errors.New("corrupt cache entry")

// encode writes an entry: the header (magic, version, and the file's bytes
// as parsed), the template, then a checksum of all that. Path and Source are
// not stored: they depend on how the file was reached, and the catalogue
// sets them.
func encode(src []byte, t *template.Template) []byte {
	w := writer{buf: make([]byte, 0, 64+2*len(src))}
	w.buf = append(w.buf, magic...)
	w.uint(Version)
	w.str(string(src))

	w.str(t.ID)
	w.str(t.Category)
	w.pos(t.IDPos)
	w.uint(len(t.Tags))
	for _, tag := range t.Tags {
		w.str(tag)
	}
	w.uint(len(t.Vars))
	for _, v := range t.Vars {
		w.str(v.Name)
		w.str(v.Key)
		w.str(v.Description)
		w.bool(v.Optional)
		w.pos(v.Pos)
		w.bool(v.Defaults != nil)
		// Sorted, so that the same template always makes the same bytes.
		langs := make([]string, 0, len(v.Defaults))
		for lang := range v.Defaults {
			langs = append(langs, lang)
		}
		slices.Sort(langs)
		w.uint(len(langs))
		for _, lang := range langs {
			w.str(lang)
			w.str(v.Defaults[lang])
		}
	}
	w.uint(len(t.Locales))
	for _, l := range t.Locales {
		w.str(l.Lang)
		w.str(l.Title)
		w.pos(l.Pos)
		w.uint(len(l.Subjects))
		for _, s := range l.Subjects {
			w.text(s)
		}
		w.text(l.Body)
	}

	h := fnv.New64a()
	h.Write(w.buf)
	return h.Sum(w.buf)
}

// decode reads an entry back. It fails, never panics, on anything encode
// did not write: a cache file is input like any other.
func decode(entry []byte) (src string, t *template.Template, err error) {
	const sumLen = 8
	if len(entry) < len(magic)+sumLen || string(entry[:len(magic)]) != magic {
		return "", nil, errCorrupt
	}
	body, sum := entry[:len(entry)-sumLen], entry[len(entry)-sumLen:]
	h := fnv.New64a()
	h.Write(body)
	if string(h.Sum(nil)) != string(sum) {
		return "", nil, errCorrupt
	}
	r := reader{buf: string(body[len(magic):])}
	if r.uint() != Version {
		return "", nil, errCorrupt
	}
	src = r.str()

	t = &template.Template{}
	t.ID = r.str()
	t.Category = r.str()
	t.IDPos = r.pos()
	if n := r.count(); n > 0 {
		t.Tags = make([]string, n)
		for i := range t.Tags {
			t.Tags[i] = r.str()
		}
	}
	if n := r.count(); n > 0 {
		t.Vars = make([]*template.Var, n)
		for i := range t.Vars {
			v := &template.Var{Name: r.str(), Key: r.str(), Description: r.str(), Optional: r.bool(), Pos: r.pos()}
			hasDefaults := r.bool()
			n := r.count()
			if hasDefaults {
				v.Defaults = make(map[string]string, n)
			}
			for range n {
				lang, def := r.str(), r.str()
				if v.Defaults != nil {
					v.Defaults[lang] = def
				}
			}
			t.Vars[i] = v
		}
	}
	if n := r.count(); n > 0 {
		t.Locales = make([]*template.Locale, n)
		for i := range t.Locales {
			l := &template.Locale{Lang: r.str(), Title: r.str(), Pos: r.pos()}
			if n := r.count(); n > 0 {
				l.Subjects = make([]template.Text, n)
				for j := range l.Subjects {
					l.Subjects[j] = r.text()
				}
			}
			l.Body = r.text()
			t.Locales[i] = l
		}
	}
	if r.bad || len(r.buf) != 0 {
		return "", nil, errCorrupt
	}
	return src, t, nil
}

type writer struct{ buf []byte }

func (w *writer) uint(n int)         { w.buf = binary.AppendUvarint(w.buf, uint64(n)) }
func (w *writer) str(s string)       { w.uint(len(s)); w.buf = append(w.buf, s...) }
func (w *writer) bytes(b []byte)     { w.uint(len(b)); w.buf = append(w.buf, b...) }
func (w *writer) pos(p template.Pos) { w.uint(p.Line); w.uint(p.Col) }

func (w *writer) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

func (w *writer) text(t template.Text) {
	w.str(t.Src)
	w.pos(t.Pos)
	w.bool(t.Block)
	w.uint(t.Indent)
}

// reader decodes what writer wrote. It reads a string, so that every string
// in the template is a slice of the one copy of the entry, not a copy of its
// own. The first problem sets bad; from then on every read returns a zero
// value, so decode checks once at the end.
type reader struct {
	buf string
	bad bool
}

func (r *reader) uint() int {
	var n uint64
	for shift := 0; !r.bad; shift += 7 {
		// Positions, counts and lengths are all far below 2^31: five bytes.
		if len(r.buf) == 0 || shift > 28 {
			r.bad = true
			break
		}
		b := r.buf[0]
		r.buf = r.buf[1:]
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			if n > 1<<31 {
				r.bad = true
			}
			return int(n)
		}
	}
	return 0
}

// count reads a number of items, each at least one byte long, so a corrupt
// count cannot make decode allocate more than the entry could hold.
func (r *reader) count() int {
	n := r.uint()
	if n > len(r.buf) {
		r.bad = true
		return 0
	}
	return n
}

func (r *reader) str() string {
	n := r.count()
	if r.bad {
		return ""
	}
	s := r.buf[:n]
	r.buf = r.buf[n:]
	return s
}

func (r *reader) pos() template.Pos { return template.Pos{Line: r.uint(), Col: r.uint()} }

func (r *reader) bool() bool {
	if r.bad || len(r.buf) == 0 {
		r.bad = true
		return false
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	if b > 1 {
		r.bad = true
	}
	return b == 1
}

func (r *reader) text() template.Text {
	return template.Text{Src: r.str(), Pos: r.pos(), Block: r.bool(), Indent: r.uint()}
}
