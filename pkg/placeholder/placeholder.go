// Package placeholder splits template text into literal text and [Variable Name]
// placeholders. It never fails: anything that is not a well-formed placeholder is
// literal text, so a template author can write "[1]" or "[ ]" freely.
//
// The grammar, from product.md:
//
//	placeholder = "[" name { "|" form } "]"
//	name        = letter { letter | digit | " " | "_" | "-" | "." }
//	form        = { any rune but newline, "[", "|", "]" | "\|" | "\]" | "\[" }
//	escape      = "\[" (a literal "[", which then starts no placeholder)
//
// A placeholder with forms, [Days|day|days], is a plural placeholder: the
// renderer picks one form by the value's plural category. Forms are literal
// text (spaces, any letters, even empty); inside a form "\|", "\]" and "\["
// write "|", "]" and "[". A form with a newline or an unescaped "[" makes the
// whole bracket literal text, like any other malformed placeholder.
//
// Every other backslash is literal. Letters and digits are Unicode ones, so
// "[Име]" is a placeholder too.
package placeholder

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind tells what a Token holds.
type Kind uint8

const (
	// Text is literal text, escapes already resolved. It never holds a newline.
	Text Kind = iota
	// Placeholder is a [Name] or a [Name|form|form...]; Token.Value is the
	// name as written, without brackets, and Token.Forms holds the forms.
	Placeholder
	// Newline ends a line; renderers use it to drop lines whole.
	Newline
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "Text"
	case Placeholder:
		return "Placeholder"
	case Newline:
		return "Newline"
	}
	return "Kind(?)"
}

// Token is one piece of lexed text. Line and Col are 1-based and count runes,
// so a column means the same thing in a Cyrillic line as in an ASCII one. For a
// placeholder they point at its opening bracket.
type Token struct {
	Kind  Kind
	Value string
	Line  int
	Col   int
	// Forms are the plural forms of a [Name|form|...] placeholder, escapes
	// resolved; nil for a plain [Name] and for every other kind.
	Forms []string
}

// Raw returns the token as it would be written back without a value: the
// placeholder with its brackets, or the text itself. --keep-missing uses it.
func (t Token) Raw() string {
	switch t.Kind {
	case Placeholder:
		if t.Forms == nil {
			return "[" + t.Value + "]"
		}
		var b strings.Builder
		b.WriteString("[" + t.Value)
		for _, f := range t.Forms {
			b.WriteByte('|')
			for i := 0; i < len(f); i++ {
				if c := f[i]; c == '|' || c == ']' || c == '[' {
					b.WriteByte('\\')
				}
				b.WriteByte(f[i])
			}
		}
		b.WriteByte(']')
		return b.String()
	case Newline:
		return "\n"
	}
	return t.Value
}

// Lex splits s into tokens. Adjacent literal runs are merged into one Text token.
func Lex(s string) []Token {
	if s == "" {
		return nil
	}
	l := lexer{src: s, line: 1, col: 1, tokens: make([]Token, 0, maxTokens(s))}
	l.run()
	return l.tokens
}

// maxTokens bounds how many tokens s can lex into, so that Lex allocates its
// slice once: there is a Newline per newline and at most a Placeholder per
// '[', and a Text token ends at one of those or at the end of s. No token is
// empty, so there are never more tokens than bytes. The bound is capped, so
// that a text of nothing but brackets (a few tokens, but a bound of one per
// byte) cannot make Lex reserve 40 bytes per byte; past the cap the slice
// grows as usual.
func maxTokens(s string) int {
	n := 2*(strings.Count(s, "\n")+strings.Count(s, "[")) + 1
	return min(n, len(s), 1024)
}

type lexer struct {
	src    string
	pos    int // byte offset of the next rune
	line   int // position of the next rune
	col    int
	tokens []Token

	// The pending literal run starts at src[runStart]. Until it meets an
	// escape its text is just src[runStart:pos], so it costs no copy. Only a
	// run with an escape is assembled in unescaped, which holds the run up to
	// src[segStart], the first byte after its last escape.
	inRun           bool
	runStart        int
	runLine, runCol int
	hasEscape       bool
	unescaped       strings.Builder
	segStart        int
}

func (l *lexer) run() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case '\n':
			l.flushText()
			l.tokens = append(l.tokens, Token{Kind: Newline, Value: "\n", Line: l.line, Col: l.col})
			l.pos++
			l.line++
			l.col = 1
		case '[':
			if name, forms, width, ok := scanPlaceholder(l.src[l.pos+1:]); ok {
				l.flushText()
				l.tokens = append(l.tokens, Token{Kind: Placeholder, Value: name, Line: l.line, Col: l.col, Forms: forms})
				l.col += 1 + utf8.RuneCountInString(l.src[l.pos+1:l.pos+1+width])
				l.pos += 1 + width
				continue
			}
			l.literalByte() // not a placeholder: a plain '['
		case '\\':
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '[' {
				l.escape()
				continue
			}
			l.literalByte() // a backslash that escapes nothing is itself
		default:
			l.literalSpan()
		}
	}
	l.flushText()
}

func (l *lexer) startRun() {
	if !l.inRun {
		l.inRun = true
		l.runStart = l.pos
		l.runLine, l.runCol = l.line, l.col
	}
}

// literalByte takes one ASCII byte as literal text.
func (l *lexer) literalByte() {
	l.startRun()
	l.pos++
	l.col++
}

// literalSpan takes literal text up to the next byte that might end it or
// start something else: a newline, a '[' or a backslash. None of them can be
// part of a multi-byte rune, so the loop can look at bytes alone.
func (l *lexer) literalSpan() {
	l.startRun()
	src, pos, col := l.src, l.pos, l.col // locals keep the loop in registers
	for pos < len(src) {
		c := src[pos]
		if c < utf8.RuneSelf {
			if c == '\n' || c == '[' || c == '\\' {
				break
			}
			pos++
		} else if c >= 0xC2 && c <= 0xDF && pos+1 < len(src) && src[pos+1]&0xC0 == 0x80 {
			// A lead byte C2-DF and one continuation byte are always a
			// valid rune. Cyrillic is all such runes, so skip the decoder.
			pos += 2
		} else {
			// Decode rather than count lead bytes: an invalid byte is one
			// column, as ranging over the string counts it, so columns
			// stay as they were on broken input too.
			_, size := utf8.DecodeRuneInString(src[pos:])
			pos += size
		}
		col++
	}
	l.pos, l.col = pos, col
}

// escape takes "\[" as a literal '['. The run from now on differs from the
// source, so copy what it holds so far into unescaped.
func (l *lexer) escape() {
	l.startRun()
	if !l.hasEscape {
		l.hasEscape = true
		l.segStart = l.runStart
	}
	l.unescaped.WriteString(l.src[l.segStart:l.pos])
	l.unescaped.WriteByte('[')
	l.pos += 2
	l.col += 2
	l.segStart = l.pos
}

func (l *lexer) flushText() {
	if !l.inRun {
		return
	}
	text := l.src[l.runStart:l.pos]
	if l.hasEscape {
		l.unescaped.WriteString(l.src[l.segStart:l.pos])
		text = l.unescaped.String()
		l.unescaped.Reset() // Reset drops the buffer, so text stays intact
		l.hasEscape = false
	}
	l.tokens = append(l.tokens, Token{Kind: Text, Value: text, Line: l.runLine, Col: l.runCol})
	l.inRun = false
}

// scanName reports whether s (the text after a '[') starts with a valid name
// followed by ']', and returns the name and its width in bytes.
func scanName(s string) (name string, width int, ok bool) {
	first := true
	for i, r := range s {
		switch {
		case r == ']':
			if first {
				return "", 0, false
			}
			return s[:i], i, true
		case first:
			if !unicode.IsLetter(r) {
				return "", 0, false
			}
			first = false
		case !IsNameRune(r):
			return "", 0, false
		}
	}
	return "", 0, false
}

// scanPlaceholder reports whether s (the text after a '[') starts with a
// placeholder, plain or with forms, and returns its name, its forms and its
// width in bytes up to and including the closing ']'.
func scanPlaceholder(s string) (name string, forms []string, width int, ok bool) {
	for i, r := range s {
		switch {
		case i > 0 && (r == ']' || r == '|'):
			if r == ']' {
				return s[:i], nil, i + 1, true
			}
			forms, w, ok := scanForms(s[i+1:])
			if !ok {
				return "", nil, 0, false
			}
			return s[:i], forms, i + 1 + w, true
		case i == 0:
			if !unicode.IsLetter(r) {
				return "", nil, 0, false
			}
		case !IsNameRune(r):
			return "", nil, 0, false
		}
	}
	return "", nil, 0, false
}

// scanForms reads the forms of a plural placeholder from s, the text after
// its first '|', and returns them with their width up to and including the
// closing ']'. Every byte it stops at is ASCII, so it can look at bytes alone.
func scanForms(s string) (forms []string, width int, ok bool) {
	var b strings.Builder // the form so far, only once it has an escape
	start, seg := 0, 0    // the form starts at s[start]; b holds it up to s[seg]
	escaped := false
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\n', '[':
			return nil, 0, false
		case '|', ']':
			form := s[start:i]
			if escaped {
				b.WriteString(s[seg:i])
				form = b.String()
				b.Reset()
				escaped = false
			}
			forms = append(forms, form)
			if c == ']' {
				return forms, i + 1, true
			}
			i++
			start, seg = i, i
		case '\\':
			if i+1 < len(s) && (s[i+1] == '|' || s[i+1] == ']' || s[i+1] == '[') {
				if !escaped {
					escaped = true
					seg = start
				}
				b.WriteString(s[seg:i])
				b.WriteByte(s[i+1])
				i += 2
				seg = i
				continue
			}
			i++
		default:
			i++
		}
	}
	return nil, 0, false
}

// IsNameRune reports whether r may appear in a name after its first letter.
func IsNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '_' || r == '-' || r == '.'
}

// ValidName reports whether name could be written as a placeholder.
func ValidName(name string) bool {
	_, width, ok := scanName(name + "]")
	return ok && width == len(name)
}

// Key folds a variable name so that names match loosely: case is ignored, and
// runs of space, '_' and '-' count as one separator; separators at either end
// are dropped. "Policy URL", "policy_url" and "policy-url" share the key "policy_url".
func Key(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	pendingSep := false
	for _, r := range name {
		if r == ' ' || r == '_' || r == '-' {
			pendingSep = b.Len() > 0
			continue
		}
		if pendingSep {
			b.WriteByte('_')
			pendingSep = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
