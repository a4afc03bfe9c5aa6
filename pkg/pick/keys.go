package pick

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// keys are the picker's bindings; the help line names the actions.
var keys = struct {
	up, down, pageUp, pageDown key.Binding
	open, back, quit           key.Binding
	lang, langList             key.Binding
	next, prev, suggest        key.Binding
	copyBody, copyText, print  key.Binding
	mailto, eml                key.Binding
	scrollUp, scrollDown       key.Binding
}{
	up:         key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑↓", "move")),
	down:       key.NewBinding(key.WithKeys("down", "ctrl+n")),
	pageUp:     key.NewBinding(key.WithKeys("pgup")),
	pageDown:   key.NewBinding(key.WithKeys("pgdown")),
	open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "fill")),
	back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	quit:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "quit")),
	lang:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("^l", "lang")),
	langList:   key.NewBinding(key.WithKeys("tab", "ctrl+l"), key.WithHelp("tab", "lang")),
	next:       key.NewBinding(key.WithKeys("tab", "down", "ctrl+n"), key.WithHelp("tab", "next")),
	prev:       key.NewBinding(key.WithKeys("shift+tab", "up", "ctrl+p")),
	suggest:    key.NewBinding(key.WithKeys("right", "ctrl+f")),
	copyBody:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "copy")),
	copyText:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("^s", "+subj")),
	print:      key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("^o", "print")),
	mailto:     key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("^t", "mailto")),
	eml:        key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("^x", "eml")),
	scrollUp:   key.NewBinding(key.WithKeys("pgup", "shift+up")),
	scrollDown: key.NewBinding(key.WithKeys("pgdown", "shift+down")),
}

// listHelp and formHelp are the help lines of the two screens.
var (
	listHelp = []key.Binding{keys.open, keys.up, keys.langList, keys.copyText, keys.print, keys.quit}
	formHelp = []key.Binding{keys.copyBody, keys.copyText, keys.print, keys.mailto, keys.eml, keys.next, keys.lang, keys.back}
)

// actionKeys map the action bindings to their actions (Enter is CopyBody
// only in the form; on the list it opens the form).
var actionKeys = []struct {
	binding *key.Binding
	action  Action
}{
	{&keys.copyText, CopyText},
	{&keys.print, Print},
	{&keys.mailto, Mailto},
	{&keys.eml, EML},
}

// styles use the terminal's own 16 colours, bold, faint and reverse, so the
// picker follows the terminal's theme; with NO_COLOR the renderer drops the
// colours and keeps the attributes, and every mark also shows as text.
type styles struct {
	selected, dim, bold, missing, refusal, notice, rule, key lipgloss.Style
}

func newStyles() styles {
	return styles{
		selected: lipgloss.NewStyle().Reverse(true),
		dim:      lipgloss.NewStyle().Faint(true),
		bold:     lipgloss.NewStyle().Bold(true),
		missing:  lipgloss.NewStyle().Foreground(lipgloss.Yellow).Bold(true).Reverse(true),
		refusal:  lipgloss.NewStyle().Foreground(lipgloss.Red).Bold(true),
		notice:   lipgloss.NewStyle().Foreground(lipgloss.Green),
		rule:     lipgloss.NewStyle().Faint(true),
		key:      lipgloss.NewStyle().Bold(true),
	}
}

func inputStyles() textinput.Styles {
	s := textinput.DefaultDarkStyles()
	for _, st := range []*textinput.StyleState{&s.Focused, &s.Blurred} {
		st.Text = lipgloss.NewStyle()
		st.Placeholder = lipgloss.NewStyle().Faint(true)
		st.Prompt = lipgloss.NewStyle()
		st.Suggestion = lipgloss.NewStyle().Faint(true)
	}
	s.Cursor.Color = nil
	s.Cursor.Blink = false
	return s
}
