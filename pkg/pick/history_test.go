package pick

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

func TestHistoryFile(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		getenv func(string) string
		want   string
	}{
		{env("XDG_STATE_HOME", "/s", "HOME", "/h"), filepath.FromSlash("/s/templ/history.json")},
		{env("HOME", "/h"), filepath.FromSlash("/h/.local/state/templ/history.json")},
		{env(), ""},
	} {
		if got := HistoryFile(tc.getenv); got != tc.want {
			t.Errorf("HistoryFile = %q, want %q", got, tc.want)
		}
	}
}

func TestHistoryRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "templ", "history.json")
	h, err := LoadHistory(path)
	if err != nil || len(h.Templates)+len(h.Values) != 0 {
		t.Fatalf("a missing file: %v, %+v; want an empty history", err, h)
	}
	pickOf := func(id string, typed ...string) Result {
		r := Result{Action: CopyBody, Email: &render.Email{ID: id}}
		for i := 0; i+1 < len(typed); i += 2 {
			r.Typed = append(r.Typed, vars.Value{Name: typed[i], Value: typed[i+1]})
		}
		return r
	}
	h.Record(pickOf("refund-reject", "Name", "Ivan", "Order", "A-1"))
	h.Record(pickOf("cancel-basic", "name", "Мария"))
	h.Record(pickOf("refund-reject"))
	if err := h.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &History{
		Templates: []string{"refund-reject", "cancel-basic"},
		// The latest value of a variable wins, under the name it was given as.
		Values: []Remembered{{Name: "name", Value: "Мария"}, {Name: "Order", Value: "A-1"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, want 0600: it holds customer names", st.Mode().Perm())
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".history-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestHistoryKeepsTheLatest(t *testing.T) {
	h := &History{}
	for i := range maxTemplates + 5 {
		h.Record(Result{Email: &render.Email{ID: fmt.Sprintf("t%d", i)}, Typed: []vars.Value{{Name: fmt.Sprintf("V%d", i), Value: "x"}}})
	}
	if len(h.Templates) != maxTemplates || h.Templates[0] != fmt.Sprintf("t%d", maxTemplates+4) {
		t.Errorf("templates %v", h.Templates)
	}
	for range maxValues {
		h.Record(Result{Email: &render.Email{ID: "t"}, Typed: []vars.Value{{Name: fmt.Sprintf("W%d", len(h.Values)), Value: "x"}}})
	}
	if len(h.Values) != maxValues {
		t.Errorf("%d values kept, want %d", len(h.Values), maxValues)
	}
}

func TestDamagedHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(path)
	if err == nil || !strings.Contains(err.Error(), "delete it to start afresh") {
		t.Errorf("error %v, want one that says to delete the file", err)
	}
	if h == nil || len(h.Templates) != 0 {
		t.Errorf("history %+v, want an empty one", h)
	}
}

// TestHistoryTooLarge: a history file far larger than templ writes (a
// runaway script, a file put there by mistake) is reported and not read,
// so the picker starts at once; one under the limit that holds more than
// the picker keeps is cut to what it keeps.
func TestHistoryTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	var b strings.Builder
	b.WriteString(`{"templates": ["refund-reject"], "values": [`)
	for i := range 100000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name": "Var%d", "value": "%s"}`, i, strings.Repeat("x", 40))
	}
	b.WriteString("]}")
	if err := os.WriteFile(big, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(big)
	if err == nil || !strings.Contains(err.Error(), "larger than templ ever writes it; delete it to start afresh") {
		t.Errorf("a %d-byte history: error %v", b.Len(), err)
	}
	if len(h.Templates)+len(h.Values) != 0 {
		t.Errorf("a too large history was read: %d templates, %d values", len(h.Templates), len(h.Values))
	}

	many := &History{}
	for i := range 500 {
		many.Templates = append(many.Templates, fmt.Sprintf("t%d", i))
		many.Values = append(many.Values, Remembered{Name: fmt.Sprintf("Var%d", i), Value: "v"})
	}
	path := filepath.Join(dir, "many.json")
	if err := many.Save(path); err != nil {
		t.Fatal(err)
	}
	h, err = LoadHistory(path)
	if err != nil || len(h.Templates) != maxTemplates || len(h.Values) != maxValues || h.Values[0].Name != "Var0" {
		t.Errorf("a history of 500 and 500: %v, %d templates, %d values", err, len(h.Templates), len(h.Values))
	}

	// A pasted letter is not remembered; the name beside it is.
	h = &History{}
	h.Record(Result{Email: &render.Email{ID: "refund-reject"}, Typed: []vars.Value{
		{Name: "Reason", Value: strings.Repeat("long ", 1000)}, {Name: "Name", Value: "Ivan"}}})
	if want := []Remembered{{Name: "Name", Value: "Ivan"}}; !cmp.Equal(want, h.Values) {
		t.Errorf("values %v, want only the name", h.Values)
	}
}
