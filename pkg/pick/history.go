package pick

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/readfile"
)

// History is what the picker remembers between runs: the templates used
// most recently, and the last value given to each variable. It holds
// customer details (names, order numbers), so its file is private to the
// user (mode 0600) and `templ pick --no-history` neither reads nor writes it.
type History struct {
	// Templates are ids, the most recently used first.
	Templates []string `json:"templates"`
	// Values are the last value of each variable, the most recent first;
	// names match loosely, as everywhere in templ.
	Values []Remembered `json:"values"`
}

// Remembered is the last value given to one variable.
type Remembered struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// How much the history keeps: enough for a day's tickets, small enough to
// read at every start.
const (
	maxTemplates = 20
	maxValues    = 100
	// A longer value (a pasted letter) is no use as a suggestion and is not
	// remembered, so a file templ writes stays far under maxHistoryBytes.
	maxValueBytes = 4 << 10
	// A larger file was not written by templ: reading it would slow every
	// start, so it counts as damaged.
	maxHistoryBytes = 4 << 20
)

// HistoryFile is the history's path: $XDG_STATE_HOME/templ/history.json,
// else ~/.local/state/templ/history.json; "" when neither is known.
func HistoryFile(getenv func(string) string) string {
	if x := getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "templ", "history.json")
	}
	home := getenv("HOME")
	if runtime.GOOS == "windows" {
		home = getenv("LOCALAPPDATA")
		if home != "" {
			return filepath.Join(home, "templ", "history.json")
		}
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "templ", "history.json")
}

// LoadHistory reads the history file. A missing file is an empty history;
// a damaged one is an empty history and an error that says so, which the
// caller shows as a warning: the picker works without its memory.
func LoadHistory(path string) (*History, error) {
	h := &History{}
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxHistoryBytes {
		return h, fmt.Errorf("history %s: %.1f MB, larger than templ ever writes it; delete it to start afresh", path, float64(fi.Size())/1e6)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, fmt.Errorf("history %s: %w", path, readfile.UnwrapPath(err))
	}
	if err := json.Unmarshal(data, h); err != nil {
		return &History{}, fmt.Errorf("history %s: not a history file (%v); delete it to start afresh", path, err)
	}
	// Edited by hand, it may hold more than the picker keeps.
	h.Templates = h.Templates[:min(len(h.Templates), maxTemplates)]
	h.Values = h.Values[:min(len(h.Values), maxValues)]
	return h, nil
}

// Save writes the history atomically: a reader, or a crash, sees the old
// file or the new one.
func (h *History) Save(path string) error {
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	// CreateTemp makes the file 0600: only its owner may read it.
	tmp, err := os.CreateTemp(dir, ".history-*.tmp")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("history %s: %w", path, readfile.UnwrapPath(err))
	}
	return nil
}

// RecordPick notes a pick in the history file as the file is now, not as
// it was when this picker started: an agent may run two pickers at once,
// and the one that ends last must not drop what the other saved. A damaged
// file (the start reported it) is replaced.
func RecordPick(path string, r Result) error {
	h, _ := LoadHistory(path) // a damaged file reads as an empty history
	h.Record(r)
	return h.Save(path)
}

// Record notes a pick: its template goes first, and each typed value
// becomes its variable's last value.
func (h *History) Record(r Result) {
	if r.Email == nil {
		return
	}
	ids := []string{r.Email.ID}
	for _, id := range h.Templates {
		if id != r.Email.ID && len(ids) < maxTemplates {
			ids = append(ids, id)
		}
	}
	h.Templates = ids

	var vals []Remembered
	seen := map[string]bool{}
	add := func(name, value string) {
		key := placeholder.Key(name)
		if value == "" || len(value) > maxValueBytes || seen[key] || len(vals) >= maxValues {
			return
		}
		seen[key] = true
		vals = append(vals, Remembered{Name: name, Value: value})
	}
	for _, v := range r.Typed {
		add(v.Name, v.Value)
	}
	for _, v := range h.Values {
		add(v.Name, v.Value)
	}
	h.Values = vals
}

// last returns the remembered value of a variable.
func (h *History) last(key string) (string, bool) {
	if h == nil {
		return "", false
	}
	for _, v := range h.Values {
		if placeholder.Key(v.Name) == key {
			return v.Value, true
		}
	}
	return "", false
}

// recent maps each remembered template id to its rank, 0 the latest.
func (h *History) recent() map[string]int {
	out := map[string]int{}
	if h == nil {
		return out
	}
	for i, id := range h.Templates {
		if _, dup := out[id]; !dup {
			out[id] = i
		}
	}
	return out
}
