// Package placeholder splits template text into literal text and [Variable Name]
// placeholders. It never fails: anything that is not a well-formed placeholder is
// literal text, so a template author can write "[1]" or "[ ]" freely.
//
// The grammar, from product.md:
//
//	placeholder = "[" letter { letter | digit | " " | "_" | "-" | "." } "]"
//	escape      = "\[" (a literal "[", which then starts no placeholder)
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
	// Placeholder is a [Name]; Token.Value is the name as written, without brackets.
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
}

// Raw returns the token as it would be written back without a value: the
// placeholder with its brackets, or the text itself. --keep-missing uses it.
func (t Token) Raw() string {
	switch t.Kind {
	case Placeholder:
		return "[" + t.Value + "]"
	case Newline:
		return "\n"
	}
	return t.Value
}

// Lex splits s into tokens. Adjacent literal runs are merged into one Text token.
func Lex(s string) []Token {
	l := lexer{src: s, line: 1, col: 1}
	l.run()
	return l.tokens
}

type lexer struct {
	src    string
	pos    int // byte offset of the next rune
	line   int // position of the next rune
	col    int
	tokens []Token

	text              strings.Builder // pending literal text
	textLine, textCol int
	textStarted       bool
}

func (l *lexer) run() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.flushText()
			l.tokens = append(l.tokens, Token{Kind: Newline, Value: "\n", Line: l.line, Col: l.col})
			l.pos++
			l.line++
			l.col = 1
		case c == '\\' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '[':
			l.startText()
			l.text.WriteByte('[')
			l.pos += 2
			l.col += 2
		case c == '[':
			if name, width, ok := scanName(l.src[l.pos+1:]); ok {
				l.flushText()
				l.tokens = append(l.tokens, Token{Kind: Placeholder, Value: name, Line: l.line, Col: l.col})
				l.pos += 1 + width + 1
				l.col += 1 + utf8.RuneCountInString(name) + 1
				continue
			}
			l.literalRune()
		default:
			l.literalRune()
		}
	}
	l.flushText()
}

func (l *lexer) startText() {
	if !l.textStarted {
		l.textStarted = true
		l.textLine, l.textCol = l.line, l.col
	}
}

func (l *lexer) literalRune() {
	l.startText()
	_, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.text.WriteString(l.src[l.pos : l.pos+size])
	l.pos += size
	l.col++
}

func (l *lexer) flushText() {
	if !l.textStarted {
		return
	}
	l.tokens = append(l.tokens, Token{Kind: Text, Value: l.text.String(), Line: l.textLine, Col: l.textCol})
	l.text.Reset()
	l.textStarted = false
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
