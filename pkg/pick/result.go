package pick

import (
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// Action is what the user chose to do with the email. The picker only
// decides; the caller does it, after the picker has given the terminal back.
type Action int

const (
	// Cancel: the user left without choosing (Esc on the list, Ctrl-C).
	Cancel Action = iota
	// CopyBody puts the body on the clipboard: what a help desk's reply box takes.
	CopyBody
	// CopyText puts the subject line, a blank line and the body on the clipboard.
	CopyText
	// Print writes the email (the text format) to standard output.
	Print
	// Mailto opens the email as a mailto: URL in the desktop's mail client.
	Mailto
	// EML writes the email as an .eml file.
	EML
)

func (a Action) String() string {
	return [...]string{"cancel", "copy body", "copy subject and body", "print", "mailto", "eml"}[a]
}

// Result is the outcome of a pick.
type Result struct {
	Action Action
	// Email is the finished email; nil for Cancel. Every required variable
	// has a value: the picker refuses an action while one is missing.
	Email *render.Email
	// Template is the template picked; Email.Lang the language.
	Template *template.Template
	// Values are every value the email was rendered with (config, context,
	// flags and the form), for the caller's address placeholders.
	Values *vars.Values
	// Typed are the form's values that the user entered or changed, in form
	// order: what the history remembers.
	Typed []vars.Value
	// Interrupted is set when the user pressed Ctrl-C (exit 130).
	Interrupted bool
}
