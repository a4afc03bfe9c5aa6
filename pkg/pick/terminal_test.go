package pick

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
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

// controls matches any control character but the line break.
var controls = regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f]")

// TestControlCharactersAreShownNotSent: escape sequences, carriage returns,
// backspaces and bidirectional overrides in a customer's value or a user template reach the
// screen as visible characters, never as themselves: the preview must show
// what the email holds, and a value must not colour, hide or overwrite it.
func TestControlCharactersAreShownNotSent(t *testing.T) {
	known := &vars.Values{}
	known.Set("Name", "Iv\x1b[8mHIDDEN\x1b[0m\x1b]8;;https://evil.example/\x1b\\an")
	known.Set("Reason", "a\rb\bc\u009b31m \u202eexe.pdf")
	src := "id: esc\ncategory: \"x\\e[2J\"\nvars:\n  Name: {description: \"the \\e[5mname\"}\n" +
		"  Reason: {description: why}\nlocales:\n  en:\n    title: \"Es\\e]0;title\\acape\"\n" +
		"    subjects: [\"Re: [Name]\"]\n    body: \"Hi [Name],\\n\\nbecause [Reason].\\n\"\n"
	tmpl, err := template.Parse("esc.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, Options{Templates: []*template.Template{tmpl}, Known: known})
	check := func(screen string, want ...string) {
		t.Helper()
		view := plain(m.Render())
		if c := controls.FindString(view); c != "" {
			t.Errorf("%s: a control character %q reaches the terminal:\n%q", screen, c, view)
		}
		for _, w := range want {
			if !strings.Contains(view, w) {
				t.Errorf("%s: the screen does not show %q:\n%s", screen, w, view)
			}
		}
	}
	check("list", "Es␛]0;title␇cape", "x␛[2J",
		"Subject: Re: Iv␛[8mHIDDEN␛[0m␛]8;;https://evil.example/␛\\an",
		"Hi Iv␛[8mHIDDEN␛[0m␛]8;;https://evil.example/␛\\an,", "because a␍b␈c\\u009b31m \\u202eexe.pdf.")
	// A bidirectional override would reorder what the preview shows (the
	// form's input keeps the value as it is, for editing).
	if view := plain(m.Render()); strings.Contains(view, "\u202e") {
		t.Errorf("list: U+202E reaches the terminal:\n%q", view)
	}
	press(m, "enter")
	check("form", "the ␛[5mname")
}

// TestKnownValuesPassThroughTheFormUnchanged: a value from a context file
// that an input cannot hold as it is (two lines, a tab) is shown on one
// line, but the email takes it exactly as given, as templ render does,
// until the agent edits it; and it is not remembered as typed.
func TestKnownValuesPassThroughTheFormUnchanged(t *testing.T) {
	const reason = "the item was used\nand\tthe box opened"
	known := &vars.Values{}
	known.Set("Name", "Ivan")
	known.Set("Reason", reason)
	m := newModel(t, Options{Known: known})
	typeText(m, "refund-reject")
	press(m, "enter")
	press(m, "ctrl+l") // to Bulgarian and back: the form is laid out anew
	press(m, "ctrl+l")
	if cmd := press(m, "ctrl+o"); !quits(cmd) {
		t.Fatalf("Ctrl-O did not print; status %q", m.status)
	}
	r := m.Result()
	if got, _ := r.Values.Get("Reason"); got != reason {
		t.Errorf("Reason = %q, want %q as given", got, reason)
	}
	if !strings.Contains(r.Email.Body, "because "+reason+".") {
		t.Errorf("the email does not hold the reason as given:\n%s", r.Email.Body)
	}
	if len(r.Typed) != 0 {
		t.Errorf("typed %v, want nothing: the agent typed nothing", r.Typed)
	}

	// Edited, the field gives what it holds.
	m = newModel(t, Options{Known: known})
	typeText(m, "refund-reject")
	press(m, "enter")
	m.form.focusOn("Reason")
	typeText(m, " too")
	press(m, "ctrl+o")
	if got, _ := m.Result().Values.Get("Reason"); got != "the item was used and the box opened too" {
		t.Errorf("edited Reason = %q", got)
	}
}

// TestMultiLinePasteIsOneLine: a paste of several lines (CRLF, blank lines,
// a line break at the end) goes into a field as one line, each line break
// one space.
func TestMultiLinePasteIsOneLine(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	press(m, "enter")
	press(m, "tab")
	m.Update(tea.PasteMsg{Content: "the item was used \r\n\r\n  and the box\ropened\n"})
	if got, want := m.form.fields[1].input.Value(), "the item was used and the box opened"; got != want {
		t.Errorf("Reason = %q after a paste, want %q", got, want)
	}
	typeText(m, "!")
	if got, want := m.form.fields[1].input.Value(), "the item was used and the box opened!"; got != want {
		t.Errorf("Reason = %q, want %q: the cursor is not at the paste's end", got, want)
	}
}

// TestNoClipboardKeepsTheEmail: with no clipboard to copy to, Enter says
// why and how to print instead, and the picker stays open with the values
// typed; Ctrl-O then prints the email.
func TestNoClipboardKeepsTheEmail(t *testing.T) {
	noClipboard := errors.New("no display to hold the clipboard (DISPLAY and WAYLAND_DISPLAY are unset)")
	m := newModel(t, Options{Unavailable: func(a Action) error {
		if a == CopyBody || a == CopyText {
			return noClipboard
		}
		return nil
	}})
	typeText(m, "refund-status")
	press(m, "enter")
	typeText(m, "Иван")
	for _, k := range []string{"enter", "ctrl+s"} {
		if cmd := press(m, k); quits(cmd) {
			t.Fatalf("%s ended the pick with no clipboard to copy to", k)
		}
		rows := rowsOf(m)
		if want := "cannot copy"; !strings.HasPrefix(rows[22], want) || !strings.Contains(rows[22], "(^o prints it instead): no display") {
			t.Errorf("%s: status %q, want why and what to do", k, rows[22])
		}
	}
	if got := m.form.fields[0].input.Value(); got != "Иван" {
		t.Errorf("Name = %q after the refusal, want Иван kept", got)
	}
	if cmd := press(m, "ctrl+o"); !quits(cmd) || m.Result().Action != Print {
		t.Fatalf("Ctrl-O did not print; status %q", m.status)
	}
	if !strings.HasPrefix(m.Result().Email.Body, "Hi Иван,") {
		t.Errorf("printed %q", m.Result().Email.Body)
	}
}

// TestWarningsShowInThePicker: what went wrong before the picker opened
// (printed on stderr, under the picker's screen) is shown in it, the first
// warning and how many more, until a key is pressed.
func TestWarningsShowInThePicker(t *testing.T) {
	m := newModel(t, Options{Warnings: []string{
		"/home/a/.config/templ/templates/broken.yaml:4:1: invalid YAML: did not find expected node content",
		"history /home/a/.local/state/templ/history.json: not a history file",
	}})
	want := "warning: /home/a/.config/templ/templates/broken.yaml:4:1: invalid YAML: did not find expected node content (+1 more)"
	if got, cut := rowsOf(m)[22], want[:79]+"…"; got != cut {
		t.Errorf("status %q, want %q", got, cut)
	}
	if m.status != want {
		t.Errorf("status %q, want %q", m.status, want)
	}
	typeText(m, "r")
	if got := rowsOf(m)[22]; strings.HasPrefix(got, "warning:") {
		t.Errorf("the warning stays after a key: %q", got)
	}
}

// TestNarrowListKeepsTitles: in a narrow pane the list drops the category
// column before it cuts the titles short.
func TestNarrowListKeepsTitles(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	if row := rowsOf(m)[1]; !strings.HasSuffix(strings.TrimRight(row, " "), "Refund request rejected               refund") {
		t.Errorf("80 columns: %q, want the title and the category", row)
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 16})
	if row := strings.TrimRight(rowsOf(m)[1], " "); row != "▸ refund-reject               Refund request rejected" {
		t.Errorf("60 columns: %q, want the whole title", row)
	}
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	if row := strings.TrimRight(rowsOf(m)[1], " "); row != "▸ refund-reject               Refund re…" {
		t.Errorf("40 columns: %q, want the start of the title", row)
	}
}

// TestLongValueShowsItsStartWhenLeft: a value too long for its field
// shows its start while the cursor is in another field, and its end while
// the cursor is in it.
func TestLongValueShowsItsStartWhenLeft(t *testing.T) {
	known := &vars.Values{}
	known.Set("Policy URL", "https://example.com/"+strings.Repeat("a", 60)+"/end")
	m := newModel(t, Options{Known: known})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 14})
	typeText(m, "refund-reject")
	press(m, "enter")
	if row := rowWith(t, m, "Policy URL"); !strings.Contains(row, "https://exam") {
		t.Errorf("the URL's start is out of view: %q", row)
	}
	m.form.focusOn("Policy URL")
	if row := rowWith(t, m, "Policy URL"); !strings.Contains(row, "aaaa/end") {
		t.Errorf("in the field, its end is out of view: %q", row)
	}
	press(m, "tab")
	if row := rowWith(t, m, "Policy URL"); !strings.Contains(row, "https://exam") {
		t.Errorf("after Tab, the URL's start is out of view: %q", row)
	}
}

// TestFormLanguageFollowsCtrlL: Ctrl-L in the form switches the form's
// language even when the query that found the template (typed in
// Cyrillic) matches nothing in the next language; a template in one
// language only says so.
func TestFormLanguageFollowsCtrlL(t *testing.T) {
	m := newModel(t, Options{Lang: "bg"})
	typeText(m, "отхв")
	press(m, "enter")
	typeText(m, "Мария")
	press(m, "ctrl+l")
	if m.lang != "en" || m.form.lang != "en" {
		t.Fatalf("after Ctrl-L: list in %s, form in %s; want both en", m.lang, m.form.lang)
	}
	view := plain(m.Render())
	if !strings.Contains(view, "── refund-reject (en) ") || !strings.Contains(view, "Hi Мария,") {
		t.Errorf("the form is not in English with the name kept:\n%s", view)
	}

	src := "id: only-en\ncategory: x\nvars:\n  Name: {description: n}\nlocales:\n  en:\n    title: T\n    subjects: [S]\n    body: \"Hi [Name]\"\n"
	one, err := template.Parse("only-en.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m = newModel(t, Options{Templates: append(builtinTemplates(t), one)})
	typeText(m, "only-en")
	press(m, "enter")
	press(m, "ctrl+l")
	if m.lang != "en" || m.form.lang != "en" {
		t.Errorf("after Ctrl-L on a one-language template: list in %s, form in %s; want en", m.lang, m.form.lang)
	}
	if got := rowsOf(m)[22]; got != "only-en has no other language" {
		t.Errorf("status %q", got)
	}
}

// TestLongStatusEndsInEllipsis: a status line too long for the terminal
// (a long description, a refusal) says that it was cut.
func TestLongStatusEndsInEllipsis(t *testing.T) {
	m := newModel(t, Options{})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	typeText(m, "refund-reject")
	press(m, "enter")
	press(m, "tab")
	if got, want := rowsOf(m)[8], "Reason: Why the request is refused, as …"; got != want {
		t.Errorf("status %q, want %q", got, want)
	}
}

// TestEscKeepsWhatWasTyped: Esc from the form back to the list, pressed
// to dismiss a refusal or to look at another template, keeps the values
// typed: the same template opens with them again.
func TestEscKeepsWhatWasTyped(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	press(m, "enter")
	typeText(m, "Иван")
	press(m, "enter") // refused: Reason is missing
	press(m, "esc")
	if m.screen != listScreen {
		t.Fatal("Esc did not go back to the list")
	}
	press(m, "enter")
	if got := m.form.fields[0].input.Value(); got != "Иван" {
		t.Errorf("Name = %q after Esc and Enter, want Иван kept", got)
	}
	if m.form.fields[m.form.focus].name != "Reason" {
		t.Errorf("focus on %s, want Reason, the first still empty", m.form.fields[m.form.focus].name)
	}
	typeText(m, "too late")
	if cmd := press(m, "enter"); !quits(cmd) {
		t.Fatalf("the copy was refused: %q", m.status)
	}
	want := []vars.Value{{Name: "Name", Value: "Иван"}, {Name: "Reason", Value: "too late"}}
	if diff := cmp.Diff(want, m.Result().Typed); diff != "" {
		t.Errorf("typed (-want +got):\n%s", diff)
	}
}

// TestResizeInTheFormKeepsTheListCursor: a resize while the form is open
// keeps the list's cursor in view for the way back, and a taller terminal
// fills the list rather than leaving rows empty.
func TestResizeInTheFormKeepsTheListCursor(t *testing.T) {
	m := newModel(t, Options{})
	for range 20 {
		press(m, "down")
	}
	e, _ := m.selected()
	press(m, "enter")
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 12})
	press(m, "esc")
	if !strings.Contains(plain(m.Render()), "▸ "+e.t.ID) {
		t.Errorf("after a resize in the form, the selected %s is out of view:\n%s", e.t.ID, plain(m.Render()))
	}
	for range 10 {
		press(m, "down")
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	rows := rowsOf(m)
	top := m.layout().top
	if last := rows[top]; strings.TrimSpace(last) == "" {
		t.Errorf("the list ends in an empty row at the foot of a taller terminal:\n%s", strings.Join(rows[:top+1], "\n"))
	}
}

// TestKeysWorkInTheCyrillicLayout: the picker asks the terminal for the
// US-layout key beside the one typed, so Ctrl and the C key quits, and
// Ctrl and the O key prints, while the Bulgarian layout is on (ц, щ).
func TestKeysWorkInTheCyrillicLayout(t *testing.T) {
	m := newModel(t, Options{})
	if !m.View().KeyboardEnhancements.ReportAlternateKeys {
		t.Error("the picker does not ask the terminal for the keys of the US layout")
	}
	known := &vars.Values{}
	known.Set("Name", "Иван")
	m = newModel(t, Options{Known: known})
	typeText(m, "refund-status")
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'щ', BaseCode: 'o', Mod: tea.ModCtrl})
	if !quits(cmd) || m.Result().Action != Print {
		t.Errorf("Ctrl and the O key in the Cyrillic layout: action %v, status %q; want print", m.Result().Action, m.status)
	}
	m = newModel(t, Options{})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'ц', BaseCode: 'c', Mod: tea.ModCtrl}); !quits(cmd) || !m.Result().Interrupted {
		t.Error("Ctrl and the C key in the Cyrillic layout did not leave the picker")
	}
}

// TestBrokenTemplateSaysWhyItCannotOpen: Enter on a template whose text
// does not prepare (a plural with the wrong number of forms) says so
// instead of doing nothing.
func TestBrokenTemplateSaysWhyItCannotOpen(t *testing.T) {
	src := "id: plural\ncategory: x\nvars:\n  Days: {description: d}\nlocales:\n  en:\n    title: Plural\n" +
		"    subjects: [S]\n    body: \"Hi [Days|a|b|c]\"\n"
	tmpl, err := template.Parse("plural.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, Options{Templates: []*template.Template{tmpl}})
	press(m, "enter")
	if m.screen != listScreen {
		t.Fatal("a template that does not prepare opened a form")
	}
	view := plain(m.Render())
	if !strings.Contains(view, "cannot fill plural: its text has the error shown below") || !strings.Contains(view, "has 3 plural forms") {
		t.Errorf("Enter on a broken template:\n%s", view)
	}
}

// TestPreviewKeepsItsScrollWhileTyping: scrolled down to where a value
// goes, the preview stays there as the value is typed; another template
// starts at its top.
func TestPreviewKeepsItsScrollWhileTyping(t *testing.T) {
	m := newModel(t, Options{})
	typeText(m, "refund-reject")
	press(m, "enter")
	m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	scrolled := m.scroll
	if scrolled == 0 {
		t.Fatal("PgDn did not scroll the preview")
	}
	m.form.focusOn("Offer")
	typeText(m, "two months free")
	if m.scroll != scrolled {
		t.Errorf("scroll %d after typing, want %d kept", m.scroll, scrolled)
	}
	if view := plain(m.Render()); !strings.Contains(view, "two months free") {
		t.Errorf("the scrolled preview does not show the value typed:\n%s", view)
	}
	press(m, "esc")
	if m.scroll != 0 {
		t.Errorf("scroll %d on the list, want the top", m.scroll)
	}
}

// TestCtrlZ: Ctrl-Z suspends the picker where a job-control shell can
// continue it, and elsewhere says why it does not, rather than stop for
// good.
func TestCtrlZ(t *testing.T) {
	m := newModel(t, Options{Suspendable: true})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}); cmd == nil {
		t.Error("Ctrl-Z did nothing")
	} else if _, ok := cmd().(tea.SuspendMsg); !ok {
		t.Error("Ctrl-Z did not suspend")
	}
	m = newModel(t, Options{})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}); cmd != nil {
		t.Error("Ctrl-Z suspended with no shell to continue the picker")
	}
	if got := rowsOf(m)[22]; got != "Ctrl-Z: no shell with job control here to return to; Esc leaves" {
		t.Errorf("status %q", got)
	}
}
