package pick

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// rowWith is the first row of the view that holds s.
func rowWith(t *testing.T, m *Model, s string) string {
	t.Helper()
	for _, r := range rowsOf(m) {
		if strings.Contains(r, s) {
			return r
		}
	}
	t.Fatalf("no row holds %q:\n%s", s, plain(m.Render()))
	return ""
}

// TestLongValuesScrollInTheirColumn: on a narrow terminal, text longer
// than its input scrolls within it, so the end being typed (and the
// cursor) stays in view, also after a resize.
func TestLongValuesScrollInTheirColumn(t *testing.T) {
	m := newModel(t, Options{})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	typeText(m, "refund request rejected policy")
	if row := rowsOf(m)[0]; !strings.Contains(row, "policy") {
		t.Errorf("the query line does not show the word being typed: %q", row)
	}
	press(m, "enter")
	typeText(m, "Иван")
	press(m, "tab")
	typeText(m, "the item was used and the seal is broken, so we cannot take it back")
	row := rowWith(t, m, "Reason*")
	if !strings.Contains(row, "back") || strings.Contains(row, "the item") {
		t.Errorf("the Reason row does not show the end being typed: %q", row)
	}
	if !strings.HasSuffix(row, "Why the req…") {
		t.Errorf("the value ran into the description's column: %q", row)
	}
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 10})
	if row := rowWith(t, m, "Reason*"); !strings.Contains(row, "back") {
		t.Errorf("after a resize, the end of the value is out of view: %q", row)
	}
	press(m, "ctrl+a") // to the start: the text scrolls back
	if row := rowWith(t, m, "Reason*"); !strings.Contains(row, "the item") {
		t.Errorf("after Ctrl-A, the start of the value is out of view: %q", row)
	}
}
