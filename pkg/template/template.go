// Package template holds the template model of product.md and decodes it
// strictly from YAML: every unknown key, wrong type or syntax error becomes an
// Error that names file, line and column.
package template

import (
	"fmt"

	"github.com/templ-mail/templ/pkg/placeholder"
)

// Template is one email in every language it has.
type Template struct {
	ID       string
	Category string
	Tags     []string
	Vars     []*Var    // in the order the file declares them
	Locales  []*Locale // in the order the file lists them
	Source   string    // where it came from: "built-in", "user" or a directory
	Path     string    // the file, as error messages name it

	IDPos Pos

	byKey map[string]*Var // Vars by Key, set by Parse
}

// Var is a declared variable.
type Var struct {
	Name        string
	Key         string // placeholder.Key(Name)
	Description string
	// Defaults maps a language to its default; the key "" holds a default
	// given as one string for every language.
	Defaults map[string]string
	Optional bool
	Pos      Pos
}

// Locale is one language of a template.
type Locale struct {
	Lang     string
	Title    string
	Subjects []Text
	Body     Text
	// HTML is the locale's own HTML body (optional; Src is "" without one):
	// placeholders as in Body, values HTML-escaped. Without it the HTML
	// part is made from Body.
	HTML Text
	Pos  Pos
}

// Text is a subject or body as written, with where it starts in the file.
type Text struct {
	Src string
	Pos Pos
	// Block is set for a block scalar (|, >); Indent is its content's column
	// offset, so a placeholder's position inside the text maps back to the file.
	Block  bool
	Indent int
}

// Pos is a 1-based place in a file.
type Pos struct{ Line, Col int }

// FilePos maps a token position inside the text back to the file.
func (t Text) FilePos(line, col int) Pos {
	if t.Block {
		// Block scalar content starts on the line after the indicator.
		return Pos{Line: t.Pos.Line + line, Col: t.Indent + col}
	}
	if line == 1 {
		return Pos{Line: t.Pos.Line, Col: t.Pos.Col + col - 1}
	}
	return Pos{Line: t.Pos.Line + line - 1, Col: col}
}

// Var returns the declared variable whose name matches name loosely.
func (t *Template) Var(name string) *Var {
	key := placeholder.Key(name)
	if t.byKey != nil {
		// Render, show and lint look up every variable: a scan made a
		// template of 10^5 variables take minutes.
		return t.byKey[key]
	}
	for _, v := range t.Vars {
		if v.Key == key {
			return v
		}
	}
	return nil
}

// Locale returns the locale for lang, or nil.
func (t *Template) Locale(lang string) *Locale {
	for _, l := range t.Locales {
		if l.Lang == lang {
			return l
		}
	}
	return nil
}

// Langs lists the template's languages in file order.
func (t *Template) Langs() []string {
	langs := make([]string, len(t.Locales))
	for i, l := range t.Locales {
		langs[i] = l.Lang
	}
	return langs
}

// Default returns the variable's default in lang, if it has one.
func (v *Var) Default(lang string) (string, bool) {
	if d, ok := v.Defaults[lang]; ok && d != "" {
		return d, true
	}
	if d, ok := v.Defaults[""]; ok && d != "" {
		return d, true
	}
	return "", false
}

// Required reports whether the variable must be given in lang.
func (v *Var) Required(lang string) bool {
	_, hasDefault := v.Default(lang)
	return !v.Optional && !hasDefault
}

// Error is a problem at a place in a template file.
type Error struct {
	File string
	Pos  Pos
	Msg  string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// ErrorList is every problem found in one file, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more; run 'templ lint %s')", l[0].Error(), len(l)-1, l[0].File)
}
