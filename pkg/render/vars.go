package render

import "github.com/templ-mail/templ/pkg/template"

// State is how a variable gets its value in one language.
type State uint8

const (
	// Required: no default and not optional, so it must be given (an
	// undeclared placeholder is required too).
	Required State = iota
	// Optional: without a value, the lines that use it drop.
	Optional
	// Default: the template's default in this language fills it.
	Default
)

func (s State) String() string {
	switch s {
	case Optional:
		return "optional"
	case Default:
		return "default"
	}
	return "required"
}

// Var is one variable of a prepared language: what a render of it needs.
type Var struct {
	Name        string // as declared, or as the placeholder is written
	Description string
	State       State
	Default     string // this language's default, when State is Default
	Declared    bool   // false for a placeholder the template does not declare
	// Used is set when this language's body or a subject uses it. A
	// variable it never uses is not demanded, asked for or offered.
	Used bool
}

// Vars lists the variables of the prepared language, declared ones in
// their order, then undeclared placeholders in text order. It is the one
// answer to "what does this render need": render demands the Required
// ones it uses, and -i, show and render --help list them from here.
func (p *Prepared) Vars() []Var {
	out := make([]Var, len(p.slots))
	for i, sl := range p.slots {
		v := Var{Name: sl.name, Declared: sl.declared, Used: sl.used}
		switch {
		case sl.hasDef:
			v.State, v.Default = Default, sl.def
		case sl.optional:
			v.State = Optional
		}
		if d := p.t.Var(sl.name); d != nil && sl.declared {
			v.Description = d.Description
		}
		out[i] = v
	}
	return out
}

// Template is the template prepared.
func (p *Prepared) Template() *template.Template { return p.t }

// Lang is the language prepared.
func (p *Prepared) Lang() string { return p.lang }
