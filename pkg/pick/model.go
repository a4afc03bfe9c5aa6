// Package pick is templ's interactive picker: a full-screen list of
// templates filtered as you type, a preview of the email as it would render
// now, and a form of the chosen template's variables. It is a Bubble Tea
// model: key messages in, state and a view out. The only I/O it does is
// drawing on the terminal; what to do with the email (copy, print, open,
// write) comes back as a Result for the caller to carry out.
package pick

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// Options are what the picker starts from.
type Options struct {
	Templates []*template.Template // the catalogue, sorted by id
	Lang      string               // the language to start in
	// Known are the values already given: config vars, --context, flags.
	// They fill the form in.
	Known *vars.Values
	// History suggests recent templates and values; nil for none.
	History *History
	Query   string // the words given on the command line
	// Unavailable, if set, says why an action cannot be carried out here
	// (a copy with no clipboard tool or display, mailto with no desktop),
	// or nil: the picker then refuses it and stays open, so the agent can
	// print or write the email instead of losing it.
	Unavailable func(Action) error
	// Warnings are what went wrong before the picker opened (a user
	// template that does not parse, a damaged history). They were printed
	// on stderr, which the picker's screen covers, so the first is shown
	// until the first key.
	Warnings []string
	// Suspendable lets Ctrl-Z stop the picker for the shell's fg to
	// continue; Run sets it where a job-control shell is there to.
	Suspendable bool
}

type screen int

const (
	listScreen screen = iota
	formScreen
)

// Model is the picker's state.
type Model struct {
	opts          Options
	width, height int
	st            styles

	langs   []string // every language of the catalogue, the start one first
	lang    string
	indexes map[string]*index
	recent  map[string]int

	query   textinput.Model
	matches []int // entries of the current index, best first
	cursor  int   // in matches
	offset  int   // the first match on screen

	screen screen
	form   form
	// drafts keep each form's values, by template id, when Esc goes back
	// to the list: Esc pressed to dismiss a message, or to look at another
	// template, must not throw away what was typed.
	drafts map[string]map[string]string
	// prepared caches each template's lexed text, per language.
	prepared map[string]*render.Prepared

	pv     preview
	shown  shown  // what pv is of
	scroll int    // lines of the preview scrolled away
	status string // a refusal, shown until the next key
	result Result
}

// New makes the picker's model.
func New(opts Options) *Model {
	if opts.Known == nil {
		opts.Known = &vars.Values{}
	}
	m := &Model{
		opts: opts, width: 80, height: 24, st: newStyles(),
		lang: opts.Lang, indexes: map[string]*index{}, recent: opts.History.recent(),
		prepared: map[string]*render.Prepared{}, drafts: map[string]map[string]string{},
	}
	m.langs = catalogueLangs(opts.Templates, opts.Lang)
	m.query = newInput()
	m.query.Prompt = ""
	m.query.SetValue(opts.Query)
	m.query.Focus()
	m.refilter()
	m.sizeInputs()
	if n := len(opts.Warnings); n > 0 {
		m.status = "warning: " + opts.Warnings[0]
		if n > 1 {
			m.status += " (+" + strconv.Itoa(n-1) + " more)"
		}
	}
	return m
}

// catalogueLangs lists every language the templates have, first the one to
// start in, then in the order first met.
func catalogueLangs(templates []*template.Template, start string) []string {
	langs := []string{start}
	for _, t := range templates {
		for _, l := range t.Langs() {
			if !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	return langs
}

// Result is the outcome once the program has quit.
func (m *Model) Result() Result { return m.result }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.sizeInputs()
		m.keepCursorVisible()
		return m, nil
	case tea.InterruptMsg:
		m.result = Result{Interrupted: true}
		return m, tea.Quit
	case tea.KeyPressMsg:
		m.status = ""
		switch msg.String() {
		case "ctrl+c":
			m.result = Result{Interrupted: true}
			return m, tea.Quit
		case "ctrl+z":
			if m.opts.Suspendable {
				return m, tea.Suspend
			}
			m.status = "Ctrl-Z: no shell with job control here to return to; Esc leaves"
			return m, nil
		}
		if key.Matches(msg, keys.scrollUp, keys.scrollDown) {
			m.scrollPreview(key.Matches(msg, keys.scrollDown))
			return m, nil
		}
		if m.screen == formScreen {
			return m.updateForm(msg)
		}
		return m.updateList(msg)
	case tea.PasteMsg:
		m.status = ""
		msg.Content = oneLine(msg.Content)
		return m.edit(msg)
	}
	return m, nil
}

func (m *Model) updateList(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, keys.quit):
		m.result = Result{}
		return m, tea.Quit
	case key.Matches(msg, keys.up):
		m.moveCursor(-1)
	case key.Matches(msg, keys.down):
		m.moveCursor(1)
	case key.Matches(msg, keys.langList):
		m.switchLang()
	case key.Matches(msg, keys.open):
		if e, ok := m.selected(); ok {
			m.openForm(e, nil)
		}
	default:
		for _, a := range actionKeys {
			if key.Matches(msg, *a.binding) {
				if e, ok := m.selected(); ok {
					m.openForm(e, nil)
					return m.act(a.action)
				}
				return m, nil
			}
		}
		return m.edit(msg)
	}
	return m, nil
}

func (m *Model) updateForm(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f := &m.form
	switch {
	case key.Matches(msg, keys.back):
		m.drafts[f.t.ID] = f.byKey()
		m.screen = listScreen
		m.updatePreview()
	case key.Matches(msg, keys.copyBody):
		return m.act(CopyBody)
	case key.Matches(msg, keys.lang):
		m.switchLang()
	case key.Matches(msg, keys.next):
		f.move(1)
	case key.Matches(msg, keys.prev):
		f.move(-1)
	case key.Matches(msg, keys.suggest) && f.acceptSuggestion():
		m.updatePreview()
	default:
		for _, a := range actionKeys {
			if key.Matches(msg, *a.binding) {
				return m.act(a.action)
			}
		}
		return m.edit(msg)
	}
	return m, nil
}

// oneLine joins the lines of a paste with one space: text copied from a
// ticket often ends in a line break, or spans lines (CRLF from some), and
// the input would turn each line break into a space of its own, or two.
// Blank lines and the spaces around a line break go.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(strings.ReplaceAll(s, "\r\n", "\n"), func(r rune) bool { return r == '\n' || r == '\r' })
	out := lines[:0]
	for i, l := range lines {
		if i > 0 {
			l = strings.TrimLeft(l, " \t")
		}
		if i < len(lines)-1 {
			l = strings.TrimRight(l, " \t")
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, " ")
}

// edit hands a key or a paste to the input that has the focus.
func (m *Model) edit(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if m.screen == formScreen {
		if len(m.form.fields) == 0 {
			return m, nil
		}
		fl := &m.form.fields[m.form.focus]
		before := fl.input.Value()
		fl.input, cmd = fl.input.Update(msg)
		if fl.input.Value() != before {
			m.updatePreview()
		}
		return m, cmd
	}
	before := m.query.Value()
	m.query, cmd = m.query.Update(msg)
	if m.query.Value() != before {
		m.refilter()
	}
	return m, cmd
}

// act checks that the email is complete and, if it is, ends the pick with
// action. A missing required variable is refused, by name, and the focus
// goes to it.
func (m *Model) act(action Action) (tea.Model, tea.Cmd) {
	if len(m.pv.missing) > 0 {
		m.status = refusal(action, m.pv.missing)
		m.form.focusOn(m.pv.missing[0])
		return m, nil
	}
	if m.pv.err != nil {
		m.status = "cannot " + action.String() + ": " + m.pv.err.Error()
		return m, nil
	}
	if m.opts.Unavailable != nil {
		if err := m.opts.Unavailable(action); err != nil {
			m.status = "cannot " + action.String() + " (^o prints it instead): " + err.Error()
			return m, nil
		}
	}
	f := &m.form
	m.result = Result{Action: action, Email: m.pv.email, Template: f.t, Values: f.values(m.opts.Known), Typed: f.typed()}
	return m, tea.Quit
}

func refusal(action Action, missing []string) string {
	s := "cannot " + action.String() + ": " + missing[0]
	switch len(missing) {
	case 1:
		return s + " is required; fill it in"
	case 2:
		return s + " and " + missing[1] + " are required; fill them in"
	}
	return s + " and " + strconv.Itoa(len(missing)-1) + " more are required; fill them in"
}

// selected is the entry under the cursor.
func (m *Model) selected() (entry, bool) {
	if m.cursor >= len(m.matches) {
		return entry{}, false
	}
	return m.index().entries[m.matches[m.cursor]], true
}

func (m *Model) index() *index {
	ix, ok := m.indexes[m.lang]
	if !ok {
		ix = newIndex(m.opts.Templates, m.lang)
		m.indexes[m.lang] = ix
	}
	return ix
}

// refilter runs the query again; the cursor goes back to the best match.
func (m *Model) refilter() {
	m.matches = m.index().filter(m.query.Value(), m.recent)
	m.cursor, m.offset = 0, 0
	m.updatePreview()
}

func (m *Model) moveCursor(delta int) {
	if len(m.matches) == 0 {
		return
	}
	m.cursor = min(max(m.cursor+delta, 0), len(m.matches)-1)
	m.keepCursorVisible()
	m.updatePreview()
}

func (m *Model) keepCursorVisible() {
	rows := m.layoutOf(listScreen).top
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	// A taller terminal shows more of the list rather than empty rows.
	m.offset = max(0, min(m.offset, len(m.matches)-rows))
}

// switchLang moves to the next language: the list, its filter and an open
// form (keeping what was typed) follow. The form follows whether or not the
// query matches its template in the new language, and skips the languages
// its template lacks.
func (m *Model) switchLang() {
	var selectedID string
	if e, ok := m.selected(); ok {
		selectedID = e.t.ID
	}
	next := func(l string) string { return m.langs[(slices.Index(m.langs, l)+1)%len(m.langs)] }
	lang := next(m.lang)
	if m.screen == formScreen {
		for lang != m.form.lang && m.form.t.Locale(lang) == nil {
			lang = next(lang)
		}
		if lang == m.form.lang {
			m.status = m.form.t.ID + " has no other language"
			return
		}
	}
	m.lang = lang
	m.matches = m.index().filter(m.query.Value(), m.recent)
	m.cursor = max(0, slices.IndexFunc(m.matches, func(i int) bool { return m.index().entries[i].t.ID == selectedID }))
	m.keepCursorVisible()
	if m.screen == formScreen {
		entries := m.index().entries
		if n := slices.IndexFunc(entries, func(e entry) bool { return e.t == m.form.t }); n >= 0 {
			focus := m.form.focus
			m.openForm(entries[n], m.form.byKey())
			m.form.move(focus - m.form.focus)
			return
		}
	}
	m.sizeInputs()
	m.updatePreview()
}

// openForm shows e's variables; typed carries values over, else the draft
// left with Esc.
func (m *Model) openForm(e entry, typed map[string]string) {
	if typed == nil {
		typed = m.drafts[e.t.ID]
	}
	p, err := m.preparedFor(e)
	if err != nil {
		m.pv = preview{err: err}
		m.status = "cannot fill " + e.t.ID + ": its text has the error shown below; fix it (templ lint checks it)"
		return
	}
	m.form = newForm(e.t, e.lang, p, m.opts.Known, m.opts.History, typed)
	m.screen = formScreen
	m.sizeInputs()
	m.updatePreview()
}

// preparedFor lexes e's text once per template and language.
func (m *Model) preparedFor(e entry) (*render.Prepared, error) {
	k := e.t.ID + "\x00" + e.lang
	if p, ok := m.prepared[k]; ok {
		return p, nil
	}
	p, err := render.Prepare(e.t, e.lang)
	if err == nil {
		m.prepared[k] = p
	}
	return p, err
}

// updatePreview renders the email the screen is about: the selected
// template with the known values, or the form's.
func (m *Model) updatePreview() {
	if m.screen == formScreen {
		m.keepScroll(shown{formScreen, m.form.t, m.form.lang})
		m.pv = renderPreview(m.form.prepared, m.form.values(m.opts.Known))
		return
	}
	e, ok := m.selected()
	m.keepScroll(shown{listScreen, e.t, e.lang})
	if !ok {
		m.pv = preview{}
		return
	}
	p, err := m.preparedFor(e)
	if err != nil {
		m.pv = preview{err: err}
		return
	}
	m.pv = renderPreview(p, m.opts.Known)
}

// shown is what the preview shows: which screen, template and language.
type shown struct {
	screen screen
	t      *template.Template
	lang   string
}

// keepScroll keeps the preview's scroll while it shows the same email:
// an agent who scrolled down to a line and types the value that goes
// there must keep seeing it. Another email starts at its top.
func (m *Model) keepScroll(now shown) {
	if now != m.shown {
		m.scroll, m.shown = 0, now
	}
}

func (m *Model) scrollPreview(down bool) {
	step := max(1, m.layout().preview-2)
	if !down {
		step = -step
	}
	m.scroll = max(0, m.scroll+step)
}
