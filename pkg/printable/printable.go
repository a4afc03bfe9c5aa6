// Package printable makes text from templates, values and file names safe
// to print on a terminal: control characters (ESC starts the sequences that
// move the cursor, retitle the window or hide a link; CR rewrites the line)
// and the bidirectional overrides that reorder what the eye reads become
// Go escapes such as \x1b and \u202e, as git and gh make them visible. The
// emails templ writes never pass through it: their bytes stay exact.
package printable

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line makes s safe as part of one line: every line break is escaped too.
func Line(s string) string { return escape(s, false) }

// Text makes s safe as lines of text: line feeds (and tabs) stay.
func Text(s string) string { return escape(s, true) }

// Screen is Text for an email shown on a terminal: a CR that ends a line
// (eml's CRLF) stays too; a CR anywhere else, which would write over what
// the line showed, is escaped.
func Screen(s string) string {
	if !strings.Contains(s, "\r\n") {
		return Text(s)
	}
	lines := strings.Split(s, "\r\n")
	for i, l := range lines {
		lines[i] = Text(l)
	}
	return strings.Join(lines, "\r\n")
}

func escape(s string, keepNewline bool) string {
	if clean(s, keepNewline) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i]), 16))
		case unsafe(r, keepNewline):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean is the fast path: most text has nothing to escape.
func clean(s string, keepNewline bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafe(r, keepNewline) {
			return false
		}
		i += n
	}
	return true
}

// unsafe reports whether a terminal could act on r instead of showing it.
func unsafe(r rune, keepNewline bool) bool {
	switch {
	case r == '\t', r == '\n' && keepNewline:
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1 (0x9b is CSI)
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional marks, embeddings, overrides, isolates
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// Picture is for text drawn in a terminal UI (the picker), where a glyph
// reads better than an escape: a C0 control is drawn as its Unicode control
// picture (ESC as ␛, CR as ␍), DEL as ␡, a tab as four spaces; the other
// runes Line escapes (C1 controls, bidirectional overrides, invalid UTF-8)
// get the same Go escapes. Line feeds stay when keepNewlines is set.
func Picture(s string, keepNewlines bool) string {
	if clean(s, keepNewlines) && !strings.Contains(s, "\t") {
		return s // the common case: nothing to replace, nothing allocated
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\t':
			b.WriteString("    ")
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421')
		default:
			b.WriteString(escape(s[i:i+n], keepNewlines))
		}
		i += n
	}
	return b.String()
}
