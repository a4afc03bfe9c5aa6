package pick

import (
	"strings"
	"unicode/utf8"
)

// visible makes text from outside the picker (values from a context file or
// the history, a user template's title or body, an error quoting either)
// safe to draw: a control character would otherwise act on the terminal. An
// escape sequence could colour, hide or link the text, a carriage return or
// backspace write over it, so the preview would not show what the email
// holds. Each C0 control and DEL is drawn as its Unicode control picture
// (ESC as ␛, CR as ␍), each C1 control as U+FFFD; a tab is four spaces and
// a line break stays one when keepNewlines is set.
func visible(s string, keepNewlines bool) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 && (c != '\n' || !keepNewlines) || c == 0x7f || c == 0xc2 {
			break
		}
	}
	if i == len(s) {
		return s // the common case: nothing to replace, nothing allocated
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421')
		case r >= 0x80 && r < 0xa0:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// line is visible for text drawn on one row.
func line(s string) string { return visible(s, false) }
