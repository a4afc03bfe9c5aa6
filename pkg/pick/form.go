package pick

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// field is one variable of the form.
type field struct {
	name, key   string
	description string
	required    bool
	def         string // the default in the form's language, if any
	known       string // the value it started with (config, --context, flags)
	// knownShown is known as the input holds it: an input keeps one line
	// and drops control characters, but an untouched field must give the
	// value exactly as given, as templ render would use it.
	knownShown string
	last       string // the value it had last time (history): a suggestion only
	input      textinput.Model
}

// form is the variables of one template in one language.
type form struct {
	t        *template.Template
	lang     string
	prepared *render.Prepared
	fields   []field
	focus    int
}

// newForm lays out t's variables in lang: the required ones first, in the
// order the template declares them (then any placeholder the template uses
// without declaring, which counts as required), then the others in order.
// known fills fields in; typed carries values over from the same form in
// another language.
func newForm(t *template.Template, lang string, p *render.Prepared, known *vars.Values, hist *History, typed map[string]string) form {
	f := form{t: t, lang: lang, prepared: p}
	var required, rest []field
	for _, v := range t.Vars {
		fl := field{name: v.Name, key: v.Key, description: v.Description, required: v.Required(lang)}
		fl.def, _ = v.Default(lang)
		if fl.required {
			required = append(required, fl)
		} else {
			rest = append(rest, fl)
		}
	}
	// The render knows which placeholders are undeclared: with no values,
	// every required variable is missing, declared or not.
	var me *render.MissingError
	if _, err := p.Render(&vars.Values{}, render.Options{}); errors.As(err, &me) {
		for _, m := range me.Missing {
			if t.Var(m.Name) == nil {
				required = append(required, field{name: m.Name, key: placeholder.Key(m.Name), required: true,
					description: "used in the text but not declared (templ lint lists it)"})
			}
		}
	}
	f.fields = append(required, rest...)
	for i := range f.fields {
		fl := &f.fields[i]
		fl.known, _ = known.GetKey(fl.key)
		fl.last, _ = hist.last(fl.key)
		fl.input = newInput()
		value := fl.known
		if v, ok := typed[fl.key]; ok {
			value = v
		}
		fl.input.SetValue(value)
		fl.input.CursorStart() // see move
		if value == fl.known {
			fl.knownShown = fl.input.Value()
		}
	}
	if len(f.fields) > 0 {
		f.focus = f.firstEmptyRequired()
		f.fields[f.focus].input.Focus()
		f.fields[f.focus].input.CursorEnd()
	}
	return f
}

func newInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	// The form's own keys move between fields and act; the input keeps
	// the editing keys. Ctrl-V would read the clipboard from inside the UI;
	// the terminal's own paste (bracketed) is what reaches us instead.
	in.KeyMap.Paste.Unbind()
	in.KeyMap.AcceptSuggestion.Unbind()
	in.KeyMap.NextSuggestion.Unbind()
	in.KeyMap.PrevSuggestion.Unbind()
	in.SetStyles(inputStyles())
	return in
}

// firstEmptyRequired is where the cursor starts: the first required field
// without a value, else the first field.
func (f *form) firstEmptyRequired() int {
	for i, fl := range f.fields {
		if fl.required && fl.input.Value() == "" {
			return i
		}
	}
	return 0
}

// values are the known values with the form's on top. A field emptied by
// the user counts as not given, as an empty flag does.
func (f *form) values(known *vars.Values) *vars.Values {
	vals := &vars.Values{}
	inForm := map[string]bool{}
	for _, fl := range f.fields {
		inForm[fl.key] = true
	}
	for _, v := range known.All() {
		if key := placeholder.Key(v.Name); !inForm[key] {
			vals.SetKey(key, v.Name, v.Value)
		}
	}
	for _, fl := range f.fields {
		vals.SetKey(fl.key, fl.name, fl.value())
	}
	return vals
}

// value is the field's value: the known one while the field shows it
// unchanged, else what it holds.
func (fl *field) value() string {
	if v := fl.input.Value(); fl.known == "" || v != fl.knownShown {
		return v
	}
	return fl.known
}

// typed are the values the user entered or changed, for the history.
func (f *form) typed() []vars.Value {
	var out []vars.Value
	for _, fl := range f.fields {
		if v := fl.value(); v != "" && v != fl.known {
			out = append(out, vars.Value{Name: fl.name, Value: v})
		}
	}
	return out
}

// byKey is every field's current value, to carry over to another language.
func (f *form) byKey() map[string]string {
	out := map[string]string{}
	for _, fl := range f.fields {
		out[fl.key] = fl.value()
	}
	return out
}

// move puts the focus on field i (wrapping around).
func (f *form) move(delta int) {
	if len(f.fields) == 0 {
		return
	}
	// A field shows the start of a value too long for it (a URL's
	// https://example.com/…) while the cursor is elsewhere, and its end,
	// where typing goes on, while the cursor is in it.
	f.fields[f.focus].input.Blur()
	f.fields[f.focus].input.CursorStart()
	f.focus = (f.focus + delta + len(f.fields)) % len(f.fields)
	f.fields[f.focus].input.Focus()
	f.fields[f.focus].input.CursorEnd()
}

// focusOn puts the focus on the field named name.
func (f *form) focusOn(name string) {
	key := placeholder.Key(name)
	for i, fl := range f.fields {
		if fl.key == key {
			f.move(i - f.focus)
			return
		}
	}
}

// acceptSuggestion fills the focused field with its remembered value, if the
// field is empty or holds the start of it.
func (f *form) acceptSuggestion() bool {
	if len(f.fields) == 0 {
		return false
	}
	fl := &f.fields[f.focus]
	if s := fl.suggestion(); s != "" {
		fl.input.SetValue(s)
		fl.input.CursorEnd()
		return true
	}
	return false
}

// suggestion is the remembered value to offer, if it differs from what the
// field holds and the field holds a start of it with the cursor at the end.
func (fl *field) suggestion() string {
	v := fl.input.Value()
	if fl.last == "" || fl.last == v || fl.input.Position() != len([]rune(v)) {
		return ""
	}
	if len(v) > len(fl.last) || !equalFoldPrefix(fl.last, v) {
		return ""
	}
	return fl.last
}

func equalFoldPrefix(s, prefix string) bool {
	rs, rp := []rune(s), []rune(prefix)
	if len(rp) > len(rs) {
		return false
	}
	return strings.EqualFold(string(rs[:len(rp)]), prefix)
}
