package pick

import "github.com/templ-mail/templ/pkg/printable"

// visible makes text from outside the picker (values from a context file or
// the history, a user template's title or body, an error quoting either)
// safe to draw: a control character would otherwise act on the terminal. An
// escape sequence could colour, hide or link the text, a carriage return or
// backspace write over it, a bidirectional override reorder it, so the
// preview would not show what the email holds.
func visible(s string, keepNewlines bool) string { return printable.Picture(s, keepNewlines) }

// line is visible for text drawn on one row.
func line(s string) string { return visible(s, false) }
