package template

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/templ-mail/templ/pkg/readfile"
)

// Source is one place templates come from.
type Source struct {
	Name string // how list shows it: "built-in", "user" or the directory
	Dir  string // prefix for file names in messages; "templates" for built-in
	FS   fs.FS
	// Compiled, when set, holds the source's templates already parsed (the
	// built-in catalogue, compiled at build time); FS is then not read.
	Compiled map[string]func() *Template
}

// Catalog finds templates across sources; a later source wins on the same id.
type Catalog struct {
	Sources []Source
}

// NotFoundError is an unknown template id, with the nearest known ids.
type NotFoundError struct {
	ID          string
	Suggestions []string
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("unknown template %q", e.ID)
	if len(e.Suggestions) > 0 {
		return msg + "; did you mean " + quoteJoin(e.Suggestions) + "?"
	}
	return msg + "; run 'templ list' to see them all"
}

func quoteJoin(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

var extensions = []string{".yaml", ".yml"}

// Load reads and parses the one file that holds id, and nothing else: a
// render must not pay for the whole catalogue.
func (c *Catalog) Load(id string) (*Template, error) {
	if ValidID(id) {
		for i := len(c.Sources) - 1; i >= 0; i-- {
			src := c.Sources[i]
			if src.Compiled != nil {
				if build, ok := src.Compiled[id]; ok {
					return src.compiled(build), nil
				}
				continue
			}
			for _, ext := range extensions {
				data, err := readfile.FS(src.FS, id+ext)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				file := src.file(id + ext)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", file, readfile.UnwrapPath(err))
				}
				return parse(src, file, id+ext, data)
			}
		}
	}
	ids, err := c.IDs()
	if err != nil {
		return nil, err
	}
	return nil, &NotFoundError{ID: id, Suggestions: Nearest(id, ids)}
}

// parse parses a template file and checks that its id matches its name.
func parse(src Source, file, name string, data []byte) (*Template, error) {
	t, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	t.Path = file
	if want := strings.TrimSuffix(name, path.Ext(name)); t.ID != want {
		return nil, ErrorList{{File: file, Pos: t.IDPos, Msg: fmt.Sprintf("id %q does not match the file name; rename the file to %s%s or the id to %q", t.ID, t.ID, path.Ext(name), want)}}
	}
	t.Source = src.Name
	return t, nil
}

func (s Source) compiled(build func() *Template) *Template {
	t := build()
	t.Source = s.Name
	return t
}

func (s Source) file(name string) string {
	if s.Dir == "" {
		return name
	}
	return filepath.Join(s.Dir, name)
}

// entry is a template file found by listing, before it is parsed.
type entry struct {
	src  Source
	name string
}

// files lists every template file by id, later sources winning.
func (c *Catalog) files() (map[string]entry, error) {
	found := map[string]entry{}
	for _, src := range c.Sources {
		if src.Compiled != nil {
			for id := range src.Compiled {
				found[id] = entry{src: src, name: id + ".yaml"}
			}
			continue
		}
		dirents, err := fs.ReadDir(src.FS, ".")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Dir, readfile.UnwrapPath(err))
		}
		for _, de := range dirents {
			ext := path.Ext(de.Name())
			if de.IsDir() || !contains(extensions, ext) {
				continue
			}
			found[strings.TrimSuffix(de.Name(), ext)] = entry{src, de.Name()}
		}
	}
	return found, nil
}

// IDs lists every template id, sorted, without parsing any file.
func (c *Catalog) IDs() ([]string, error) {
	files, err := c.files()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(files))
	for id := range files {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// All parses every visible template, sorted by id. A file that fails to
// parse is reported in errs and left out, so one broken file does not hide
// the rest.
func (c *Catalog) All() (templates []*Template, errs []error) {
	files, err := c.files()
	if err != nil {
		return nil, []error{err}
	}
	ids := make([]string, 0, len(files))
	for id := range files {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := files[id]
		if build, ok := e.src.Compiled[id]; ok {
			templates = append(templates, e.src.compiled(build))
			continue
		}
		file := e.src.file(e.name)
		data, err := readfile.FS(e.src.FS, e.name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, readfile.UnwrapPath(err)))
			continue
		}
		t, err := parse(e.src, file, e.name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		templates = append(templates, t)
	}
	return templates, errs
}

// Nearest returns up to three ids close to id: those that contain it, and
// those within a small edit distance.
func Nearest(id string, ids []string) []string {
	type cand struct {
		id   string
		dist int
	}
	var cands []cand
	limit := max(2, len(id)/3)
	for _, other := range ids {
		d := editDistance(id, other)
		if strings.Contains(other, id) && len(id) >= 3 {
			d = min(d, 1)
		}
		if d <= limit {
			cands = append(cands, cand{other, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].id)
	}
	return out
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
