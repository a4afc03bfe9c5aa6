package pick

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/vars"
)

var update = flag.Bool("update", false, "rewrite testdata/*.screen")

// newModel is the picker over the built-in catalogue at 80x24.
func newModel(t *testing.T, opts Options) *Model {
	t.Helper()
	if opts.Templates == nil {
		opts.Templates = builtinTemplates(t)
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	m := New(opts)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

// typeText sends one key press per rune, as a terminal does.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// press sends a named key: "enter", "tab", "esc", "backspace", "right",
// or "ctrl+X".
func press(m *Model, name string) tea.Cmd {
	var k tea.KeyPressMsg
	switch name {
	case "enter":
		k.Code = tea.KeyEnter
	case "tab":
		k.Code = tea.KeyTab
	case "shift+tab":
		k = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		k.Code = tea.KeyEscape
	case "backspace":
		k.Code = tea.KeyBackspace
	case "right":
		k.Code = tea.KeyRight
	case "down":
		k.Code = tea.KeyDown
	default:
		letter, ok := strings.CutPrefix(name, "ctrl+")
		if !ok || len(letter) != 1 {
			panic("press: unknown key " + name)
		}
		k = tea.KeyPressMsg{Code: rune(letter[0]), Mod: tea.ModCtrl}
	}
	_, cmd := m.Update(k)
	return cmd
}

// quits reports whether cmd ends the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// rowsOf is the view as plain text, one string per row.
func rowsOf(m *Model) []string { return strings.Split(plain(m.Render()), "\n") }

func checkGolden(t *testing.T, name string, m *Model) {
	t.Helper()
	got := plain(m.Render()) + "\n"
	file := filepath.Join("testdata", name+".screen")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", file, diff)
	}
}

func TestScreens(t *testing.T) {
	t.Run("start", func(t *testing.T) {
		checkGolden(t, "start", newModel(t, Options{}))
	})
	t.Run("query", func(t *testing.T) {
		m := newModel(t, Options{})
		typeText(m, "rej")
		checkGolden(t, "query-rej", m)
	})
	t.Run("bg", func(t *testing.T) {
		m := newModel(t, Options{Lang: "bg"})
		typeText(m, "отказ")
		checkGolden(t, "query-bg", m)
	})
	t.Run("form", func(t *testing.T) {
		m := newModel(t, Options{})
		typeText(m, "rej")
		press(m, "enter")
		typeText(m, "Иван")
		press(m, "tab")
		typeText(m, "the item was used")
		press(m, "tab")
		press(m, "tab")
		typeText(m, "A-1")
		checkGolden(t, "form", m)
	})
}

func TestFilterPutsTheBestMatchFirst(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "rej")
	if e, _ := m.selected(); e.t.ID != "refund-reject" {
		t.Errorf("selected %s, want refund-reject", e.t.ID)
	}
	if rows := rowsOf(m); !strings.HasPrefix(rows[1], "▸ refund-reject ") {
		t.Errorf("first row %q, want refund-reject selected", rows[1])
	}
	typeText(m, "zzz")
	if len(m.matches) != 0 {
		t.Errorf("%d matches for %q, want none", len(m.matches), m.query.Value())
	}
	if rows := rowsOf(m); !strings.Contains(rows[1], "no template matches") {
		t.Errorf("row 1 %q, want the no-match line", rows[1])
	}
}

func TestTabSwitchesLanguage(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-rej")
	press(m, "tab")
	if m.lang != "bg" {
		t.Fatalf("language %s after Tab, want bg", m.lang)
	}
	rows := rowsOf(m)
	if !strings.Contains(rows[0], "[bg]") || !strings.Contains(rows[1], "Отхвърляне на искане") {
		t.Errorf("after Tab:\n%s", strings.Join(rows, "\n"))
	}
	if !strings.Contains(plain(m.Render()), "Здравейте, [Name],") {
		t.Errorf("the preview is not in Bulgarian:\n%s", strings.Join(rows, "\n"))
	}
	press(m, "tab")
	if m.lang != "en" {
		t.Errorf("language %s after a second Tab, want en", m.lang)
	}
}

func TestFormOrderAndKnownValues(t *testing.T) {
	known := &vars.Values{}
	known.Set("brand", "Acme")
	m := newModel(t, Options{Known: known})
	typeText(m, "refund-reject")
	press(m, "enter")
	if m.screen != formScreen {
		t.Fatal("Enter did not open the form")
	}
	var names []string
	for _, fl := range m.form.fields {
		names = append(names, fl.name+"="+fl.input.Value())
	}
	// Required first, then the rest in the template's order; Brand comes
	// from the config and is filled in.
	want := []string{"Name=", "Reason=", "Product=", "Order=", "Policy URL=", "Offer=", "Agent=", "Brand=Acme"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if m.form.focus != 0 {
		t.Errorf("focus on field %d, want 0 (Name, required and empty)", m.form.focus)
	}
	view := plain(m.Render())
	for _, s := range []string{"Name*", "your order (default)", "Customer's first name", "Acme"} {
		if !strings.Contains(view, s) {
			t.Errorf("the form does not show %q:\n%s", s, view)
		}
	}
}

func TestFormEditsMultibyteAndPreviewsLive(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	press(m, "enter")
	typeText(m, "Иванка")
	press(m, "backspace")
	press(m, "backspace")
	if got := m.form.fields[0].input.Value(); got != "Иван" {
		t.Errorf("Name = %q after two backspaces, want Иван", got)
	}
	if view := plain(m.Render()); !strings.Contains(view, "Hi Иван,") {
		t.Errorf("the preview does not show the name:\n%s", view)
	}
	m.Update(tea.PasteMsg{Content: "Петров-Иванов\n"})
	if got := m.form.fields[0].input.Value(); got != "ИванПетров-Иванов" {
		t.Errorf("Name = %q after a paste, want ИванПетров-Иванов", got)
	}
}

func TestPreviewMarksMissingValues(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	if got, want := m.pv.missing, []string{"Name", "Reason"}; !cmp.Equal(got, want) {
		t.Errorf("missing %v, want %v", got, want)
	}
	out := m.Render()
	marked := m.st.missing.Render("[Name]")
	if !strings.Contains(out, "Hi "+marked+",") {
		t.Errorf("the preview does not mark [Name] with the missing style:\n%q", out)
	}
	if rows := rowsOf(m); rows[22] != "to fill: Name, Reason" {
		t.Errorf("status %q, want %q", rows[22], "to fill: Name, Reason")
	}
}

func TestCopyRefusesWhileRequiredIsEmpty(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	press(m, "enter")
	press(m, "tab") // away from Name
	if cmd := press(m, "enter"); quits(cmd) {
		t.Fatal("Enter copied an email without its Name")
	}
	rows := rowsOf(m)
	if want := "cannot copy body: Name and Reason are required; fill them in"; rows[22] != want {
		t.Errorf("status %q, want %q", rows[22], want)
	}
	if m.form.focus != 0 {
		t.Errorf("focus on field %d, want 0 (Name)", m.form.focus)
	}
	if m.Result().Action != Cancel {
		t.Errorf("result %v, want none", m.Result().Action)
	}
}

func TestActions(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want Action
	}{
		{"enter", CopyBody}, {"ctrl+s", CopyText}, {"ctrl+o", Print}, {"ctrl+t", Mailto}, {"ctrl+x", EML},
	} {
		t.Run(tc.key, func(t *testing.T) {
			m := newModel(t, Options{})
			typeText(m, "refund-reject")
			press(m, "enter")
			typeText(m, "Ivan")
			press(m, "tab")
			typeText(m, "the item was used")
			press(m, "tab")
			press(m, "tab")
			typeText(m, "A-1")
			if cmd := press(m, tc.key); !quits(cmd) {
				t.Fatalf("%s did not end the pick; status %q", tc.key, m.status)
			}
			r := m.Result()
			if r.Action != tc.want {
				t.Errorf("action %v, want %v", r.Action, tc.want)
			}
			if r.Email.Subject != "About your refund request for order A-1" || !strings.HasPrefix(r.Email.Body, "Hi Ivan,\n") {
				t.Errorf("email %q / %q", r.Email.Subject, r.Email.Body)
			}
			want := []vars.Value{{Name: "Name", Value: "Ivan"}, {Name: "Reason", Value: "the item was used"}, {Name: "Order", Value: "A-1"}}
			if diff := cmp.Diff(want, r.Typed); diff != "" {
				t.Errorf("typed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestActionFromTheList(t *testing.T) {
	known := &vars.Values{}
	known.Set("Name", "Ivan")
	m := newModel(t, Options{Known: known})
	typeText(m, "refund-status")
	if cmd := press(m, "ctrl+o"); !quits(cmd) {
		t.Fatalf("Ctrl-O on the list did not print; status %q", m.status)
	}
	if r := m.Result(); r.Action != Print || !strings.HasPrefix(r.Email.Body, "Hi Ivan,") {
		t.Errorf("result %v %q", r.Action, r.Email.Body)
	}
}

func TestHistorySuggestsButNeverFills(t *testing.T) {
	h := &History{Templates: []string{"refund-status", "cancel-basic"}, Values: []Remembered{{Name: "name", Value: "Мария"}}}
	m := newModel(t, Options{History: h})
	// An empty query lists the recent templates first.
	ix := m.index()
	if a, b := ix.entries[m.matches[0]].t.ID, ix.entries[m.matches[1]].t.ID; a != "refund-status" || b != "cancel-basic" {
		t.Errorf("first two %s, %s; want refund-status, cancel-basic", a, b)
	}
	typeText(m, "refund-reject")
	press(m, "enter")
	if v := m.form.fields[0].input.Value(); v != "" {
		t.Fatalf("Name = %q: a remembered value was filled in without asking", v)
	}
	if view := plain(m.Render()); !strings.Contains(view, "→ Мария") {
		t.Errorf("the form does not offer the remembered name:\n%s", view)
	}
	if cmd := press(m, "enter"); quits(cmd) {
		t.Fatal("copied with Name empty")
	}
	press(m, "right")
	if v := m.form.fields[0].input.Value(); v != "Мария" {
		t.Errorf("Name = %q after →, want Мария", v)
	}
}

func TestEscapeAndInterrupt(t *testing.T) {
	m := newModel(t, Options{})
	press(m, "enter")
	if cmd := press(m, "esc"); quits(cmd) || m.screen != listScreen {
		t.Fatal("Esc in the form should go back to the list")
	}
	if cmd := press(m, "esc"); !quits(cmd) || m.Result().Action != Cancel {
		t.Fatal("Esc on the list should end the pick with nothing chosen")
	}
	m = newModel(t, Options{})
	if cmd := press(m, "ctrl+c"); !quits(cmd) || !m.Result().Interrupted {
		t.Fatal("Ctrl-C should end the pick as interrupted")
	}
}

func TestResize(t *testing.T) {
	m := newModel(t, Options{})
	for _, size := range [][2]int{{120, 40}, {80, 24}, {60, 15}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		rows := rowsOf(m)
		if len(rows) != size[1] {
			t.Errorf("%dx%d: %d rows", size[0], size[1], len(rows))
		}
		for i, r := range rows {
			if w := len([]rune(r)); w > size[0] {
				t.Errorf("%dx%d: row %d is %d wide: %q", size[0], size[1], i, w, r)
			}
		}
		if !strings.Contains(rows[len(rows)-1], "enter fill") {
			t.Errorf("%dx%d: no help line: %q", size[0], size[1], rows[len(rows)-1])
		}
	}
}
