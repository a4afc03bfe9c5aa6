package pick

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// layout is how many rows the list (or form) and the preview get. The
// screen is, top to bottom: the query line, the list or form, a rule that
// names the template, the preview, a status line and the help line.
type layout struct{ top, preview int }

func (m *Model) layout() layout { return m.layoutOf(m.screen) }

// layoutOf is the layout of screen s, shown or not: the list keeps its
// cursor in view while the form is open too.
func (m *Model) layoutOf(s screen) layout {
	avail := max(2, m.height-4)
	top := max(3, avail*2/5)
	if s == formScreen {
		top = max(1, min(len(m.form.fields), avail/2))
	}
	top = min(top, avail-1)
	return layout{top: top, preview: avail - top}
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.WindowTitle = "templ pick"
	// An agent typing Bulgarian has the Cyrillic layout on: Ctrl and the C
	// key is then ctrl+ц (or ctrl+ъ), not ctrl+c. A terminal that speaks
	// the kitty keyboard protocol also reports the key of the US layout,
	// if asked, and the key bindings match that: Ctrl-C, Ctrl-O, Ctrl-U and
	// the rest work in any layout.
	v.KeyboardEnhancements.ReportAlternateKeys = true
	return v
}

// Render is the screen as text with styles: View's content, and what the
// model tests compare.
func (m *Model) Render() string {
	lay := m.layout()
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header())
	if m.screen == formScreen {
		lines = append(lines, m.formRows(lay.top)...)
	} else {
		lines = append(lines, m.listRows(lay.top)...)
	}
	lines = append(lines, m.rule())
	lines = append(lines, m.previewRows(lay.preview)...)
	lines = append(lines, m.statusLine(), m.helpLine())
	for i, l := range lines {
		lines[i] = fit(l, m.width)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) header() string {
	right := m.langTag()
	if m.screen == formScreen {
		left := m.st.bold.Render(m.form.t.ID) + " · " + line(m.form.t.Locale(m.form.lang).Title)
		return spread(left, right, m.width)
	}
	right = fmt.Sprintf("%d/%d  %s", len(m.matches), len(m.index().entries), right)
	return spread("> "+m.query.View(), right, m.width)
}

// sizeInputs gives the query and the form's fields their widths on screen.
// An input scrolls its text sideways only to the width it was given before
// a key reached it, so this runs whenever the layout changes, not in View:
// otherwise a long value runs past its column and the cursor, at its end,
// is cut off.
func (m *Model) sizeInputs() {
	n := len(m.index().entries)
	right := lipgloss.Width(fmt.Sprintf("%d/%d  ", n, n)) + lipgloss.Width(m.langTag())
	setInputWidth(&m.query, max(1, m.width-right-4))
	if m.screen == formScreen {
		_, inputW, _ := m.form.columns(m.width)
		for i := range m.form.fields {
			setInputWidth(&m.form.fields[i].input, inputW)
		}
	}
}

// setInputWidth sets an input's width and scrolls its text again so that
// the cursor is in view.
func setInputWidth(in *textinput.Model, w int) {
	if in.Width() == w {
		return
	}
	in.SetWidth(w)
	// Emptying and refilling makes the input work out its window afresh.
	v, pos := in.Value(), in.Position()
	in.SetValue("")
	in.SetValue(v)
	in.SetCursor(pos)
}

// columns are the widths of the form's label, input and hint columns.
func (f *form) columns(width int) (labelW, inputW, hintW int) {
	for _, fl := range f.fields {
		labelW = max(labelW, lipgloss.Width(fl.name)+1)
	}
	labelW = min(labelW, 20)
	inputW = max(8, min(32, (width-labelW-4)/2))
	hintW = max(0, width-2-labelW-1-inputW-2)
	return labelW, inputW, hintW
}

// langTag shows every language, the current one in brackets.
func (m *Model) langTag() string {
	parts := make([]string, len(m.langs))
	for i, l := range m.langs {
		if l == m.lang {
			parts[i] = m.st.bold.Render("[" + l + "]")
		} else {
			parts[i] = m.st.dim.Render(l)
		}
	}
	return strings.Join(parts, " ")
}

func (m *Model) listRows(rows int) []string {
	ix := m.index()
	idW, catW := min(ix.idWidth, 28), min(ix.catWidth, 16)
	titleW := max(0, m.width-2-idW-2-2-catW)
	if titleW < 24 {
		// On a narrow terminal (a split pane) the title, in the agent's
		// language, tells more than the category.
		titleW, catW = max(0, m.width-2-idW-2), 0
	}
	catSep := "  "
	if catW == 0 {
		catSep = ""
	}
	out := make([]string, 0, rows)
	for r := range rows {
		n := m.offset + r
		if n >= len(m.matches) {
			if len(m.matches) == 0 && r == 0 {
				out = append(out, m.st.dim.Render("  no template matches; Ctrl-U clears the query"))
				continue
			}
			out = append(out, "")
			continue
		}
		e := ix.entries[m.matches[n]]
		title := e.title
		if e.lang != m.lang {
			title += " (" + e.lang + ")"
		}
		row := pad(truncate(e.t.ID, idW), idW) + "  " + pad(truncate(title, titleW), titleW) + catSep + truncate(line(e.t.Category), catW)
		if n == m.cursor {
			out = append(out, m.st.selected.Render(pad("▸ "+row, m.width)))
		} else {
			out = append(out, "  "+row)
		}
	}
	return out
}

func (m *Model) formRows(rows int) []string {
	f := &m.form
	if len(f.fields) == 0 {
		return []string{m.st.dim.Render("  this template has no variables")}
	}
	labelW, inputW, hintW := f.columns(m.width)
	first := max(0, min(f.focus-rows/2, len(f.fields)-rows))
	out := make([]string, 0, rows)
	for i := first; i < len(f.fields) && len(out) < rows; i++ {
		fl := f.fields[i]
		label := fl.name
		if fl.required {
			label += "*"
		}
		label = pad(truncate(label, labelW), labelW)
		if fl.required && strings.TrimSpace(fl.input.Value()) == "" {
			label = m.st.missing.Render(label)
		}
		in := fl.input
		in.Placeholder = fl.placeholder()
		marker := "  "
		if i == f.focus {
			marker = m.st.bold.Render("▸ ")
		}
		out = append(out, marker+label+" "+pad(in.View(), inputW+1)+" "+m.st.dim.Render(truncate(fl.hint(), hintW)))
	}
	return out
}

// placeholder is what an empty field shows, dimmed: its default, and the
// value it had last time, which → (or Ctrl-F) fills in.
func (fl *field) placeholder() string { return line(fl.offer()) }

func (fl *field) offer() string {
	switch {
	case fl.last != "" && fl.def != "":
		return "→ " + fl.last + " · default " + fl.def
	case fl.last != "":
		return "→ " + fl.last
	case fl.def != "":
		return fl.def + " (default)"
	case !fl.required:
		return "(optional)"
	}
	return ""
}

// hint is the text beside a field: its description, and the remembered
// value while the field holds its start.
func (fl *field) hint() string {
	if s := fl.suggestion(); s != "" && fl.input.Value() != "" {
		return line("→ " + s + "  " + fl.description)
	}
	return line(fl.description)
}

func (m *Model) rule() string {
	label := ""
	switch {
	case m.screen == formScreen:
		label = " " + m.form.t.ID + " (" + m.form.lang + ") "
	default:
		if e, ok := m.selected(); ok {
			label = " " + e.t.ID + " (" + e.lang + ") "
		}
	}
	return m.st.rule.Render("──" + label + strings.Repeat("─", max(0, m.width-2-lipgloss.Width(label))))
}

func (m *Model) previewRows(rows int) []string {
	var text string
	switch {
	case m.pv.err != nil && m.pv.body == "":
		text = m.st.refusal.Render(visible(m.pv.err.Error(), true))
	case m.pv.body == "" && m.pv.subject == "":
		text = ""
	default:
		text = m.st.bold.Render("Subject: ") + m.marked(m.pv.subject) + "\n\n" + m.marked(strings.TrimRight(m.pv.body, "\n"))
	}
	wrapped := strings.Split(lipgloss.Wrap(text, max(1, m.width-1), ""), "\n")
	m.scroll = min(m.scroll, max(0, len(wrapped)-rows))
	wrapped = wrapped[m.scroll:]
	out := make([]string, rows)
	copy(out, wrapped)
	if len(wrapped) > rows && rows > 0 {
		out[rows-1] = m.st.dim.Render(fmt.Sprintf("… %d more lines (PgDn)", len(wrapped)-rows+1))
	}
	return out
}

// marked styles the missing placeholders of a preview text.
func (m *Model) marked(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, markOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], markClose)
		if j < 0 {
			b.WriteString(unmark(s))
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(m.st.missing.Render(s[i+len(markOpen) : i+j]))
		s = s[i+j+len(markClose):]
	}
}

func (m *Model) statusLine() string {
	if m.status != "" {
		return m.st.refusal.Render(truncate(line(m.status), m.width))
	}
	if m.screen == formScreen && len(m.form.fields) > 0 {
		fl := m.form.fields[m.form.focus]
		s := fl.name + ": " + fl.description
		switch {
		case fl.required:
			s += " (required)"
		case fl.def != "":
			s += " (default " + fl.def + ")"
		default:
			s += " (optional)"
		}
		return m.st.dim.Render(truncate(line(s), m.width))
	}
	if len(m.pv.missing) > 0 {
		return "to fill: " + m.st.missing.Render(line(strings.Join(m.pv.missing, ", ")))
	}
	if m.pv.email != nil {
		return m.st.notice.Render("nothing to fill")
	}
	return ""
}

func (m *Model) helpLine() string {
	h := help.New()
	h.Styles.ShortKey = m.st.key
	h.Styles.ShortDesc = lipgloss.NewStyle()
	h.Styles.ShortSeparator = m.st.dim
	h.Styles.Ellipsis = m.st.dim
	h.ShortSeparator = "  "
	h.SetWidth(m.width)
	bindings := listHelp
	if m.screen == formScreen {
		bindings = formHelp
	}
	return h.ShortHelpView(bindings)
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		// The right side (languages, counts) matters more than the end of
		// a long title.
		room := max(0, w-lipgloss.Width(right)-2)
		left = lipgloss.NewStyle().MaxWidth(room).Render(left) + "…"
		gap = max(0, w-lipgloss.Width(left)-lipgloss.Width(right))
	}
	return left + strings.Repeat(" ", gap) + right
}

// truncate cuts plain text to w cells, ending in "…" when it cut.
func truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := lipgloss.Width(string(r))
		if used+rw > w-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	return b.String() + "…"
}

// pad fills s with spaces to w cells.
func pad(s string, w int) string {
	if n := w - lipgloss.Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// fit cuts a styled line to w cells: a line must never wrap on the
// terminal, or every row under it moves.
func fit(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(s)
}
