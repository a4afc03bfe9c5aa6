package placeholder

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestLex(t *testing.T) {
	type tk = Token
	txt := func(v string, line, col int) Token { return tk{Kind: Text, Value: v, Line: line, Col: col} }
	ph := func(v string, line, col int) Token { return tk{Kind: Placeholder, Value: v, Line: line, Col: col} }
	nl := func(line, col int) Token { return tk{Kind: Newline, Value: "\n", Line: line, Col: col} }
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"empty", "", nil},
		{"plain", "Hello", []Token{txt("Hello", 1, 1)}},
		{"one placeholder", "Hi [Name]!", []Token{txt("Hi ", 1, 1), ph("Name", 1, 4), txt("!", 1, 10)}},
		{"spaces and punctuation in name", "[Policy URL] [a_b-c.d]", []Token{ph("Policy URL", 1, 1), txt(" ", 1, 13), ph("a_b-c.d", 1, 14)}},
		{"cyrillic name, columns count runes", "Здравейте, [Име]!", []Token{txt("Здравейте, ", 1, 1), ph("Име", 1, 12), txt("!", 1, 17)}},
		{"digit first is literal", "[1] and [2x]", []Token{txt("[1] and [2x]", 1, 1)}},
		{"blank brackets are literal", "[ ] [] [x]", []Token{txt("[ ] [] ", 1, 1), ph("x", 1, 8)}},
		{"leading space is literal", "[ Name]", []Token{txt("[ Name]", 1, 1)}},
		{"trailing space allowed", "[Name ]", []Token{ph("Name ", 1, 1)}},
		{"unclosed is literal", "[Name", []Token{txt("[Name", 1, 1)}},
		{"bad rune inside is literal", "[Na/me] [Na\nme]", []Token{txt("[Na/me] [Na", 1, 1), nl(1, 12), txt("me]", 2, 1)}},
		{"escape", `\[Word] is [Word]`, []Token{txt("[Word] is ", 1, 1), ph("Word", 1, 12)}},
		{"other backslashes literal", `a\b \n \`, []Token{txt(`a\b \n \`, 1, 1)}},
		{"double backslash then escape", `\\[Name]`, []Token{txt(`\[Name]`, 1, 1)}},
		{"bracket before placeholder", "[[Name]]", []Token{txt("[", 1, 1), ph("Name", 1, 2), txt("]", 1, 8)}},
		{"lines", "Hi [Name],\n\n[Body]\n", []Token{
			txt("Hi ", 1, 1), ph("Name", 1, 4), txt(",", 1, 10), nl(1, 11),
			nl(2, 1),
			ph("Body", 3, 1), nl(3, 7),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Lex(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lex(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := map[string]string{
		"Name":        "name",
		"Policy URL":  "policy_url",
		"policy_url":  "policy_url",
		"policy-url":  "policy_url",
		"POLICY  URL": "policy_url",
		" Name ":      "name",
		"Име":         "име",
		"ИМЕ":         "име",
		"a.b":         "a.b",
	}
	for in, want := range tests {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"Name": true, "Policy URL": true, "Име": true, "a1.b_c-d": true,
		"": false, "1a": false, " a": false, "a]": false, "a/b": false, "a\nb": false,
	} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzLex checks that lexing never panics and loses nothing: writing every
// token back reproduces the input, with escapes resolved.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"Hi [Name],\n\n[Policy URL]\n", `\[x] [1] [ ] [Име]`, "[[a]]", "\\\\[a]", "[a\n]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back []byte
		line, col := 1, 1
		for _, tok := range Lex(s) {
			if tok.Line < line || (tok.Line == line && tok.Col < col) {
				t.Fatalf("token %+v goes backwards from %d:%d", tok, line, col)
			}
			line, col = tok.Line, tok.Col
			if tok.Kind == Placeholder && !ValidName(tok.Value) {
				t.Fatalf("placeholder with invalid name %q", tok.Value)
			}
			back = append(back, tok.Raw()...)
		}
		// Escapes are the only thing lexing removes: "\[" becomes "[".
		want := unescape(s)
		if string(back) != want {
			t.Fatalf("round trip: got %q, want %q", back, want)
		}
		if diff := cmp.Diff(lexReference(s), Lex(s)); diff != "" {
			t.Fatalf("Lex(%q) differs from lexReference (-reference +Lex):\n%s", s, diff)
		}
	})
}

func unescape(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '[' {
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// TestLexMatchesReference checks that Lex gives exactly what the original,
// rune-at-a-time lexer (lexReference) gave, on the TestLex inputs and on the
// cases the span scanning and escape handling could get wrong.
func TestLexMatchesReference(t *testing.T) {
	inputs := []string{
		// The TestLex table.
		"", "Hello", "Hi [Name]!", "[Policy URL] [a_b-c.d]", "Здравейте, [Име]!",
		"[1] and [2x]", "[ ] [] [x]", "[ Name]", "[Name ]", "[Name",
		"[Na/me] [Na\nme]", `\[Word] is [Word]`, `a\b \n \`, `\\[Name]`,
		"[[Name]]", "Hi [Name],\n\n[Body]\n",

		// Escapes at the start, middle and end of a run, and runs of them.
		`\[`, `\[x`, `x\[`, `a\[b\[c`, `\[\[\[`, `\[Name]`, `\[[Name]]`,
		`[Name]\[`, `[a]\[b]`, `[a]\[`, "x\\[\ny", "\\[\n\\[", "\n\\[", `\[[a]\[`,
		`\[Name] and \[Name] then [Name]`,
		// Backslashes that escape nothing, next to ones that do.
		`\\[`, `\\\[`, `\\\\[a]`, `\\`, `a\`, `\`, `\\\\`, `\[\\[\\\[`, "\\\n[a]",
		// A '[' that starts no placeholder, anywhere.
		"[", "a[", "[\n", "[[", "[[[a", "[a", "[a\n]", "[]", "[]]", "[a]]", "[[a]",
		// Non-ASCII text, names and columns.
		"Здравейте, \\[Име] и [Име] – [Policy URL].",
		"Номер на поръчката: [Order]\nС уважение,\n[Agent]",
		"日本語 [名前] 😀 [Имя2] é\u0301",
		// CRLF line endings: the '\r' is literal text.
		"Hi [Name],\r\n\r\n[Body]\r\n", "\r", "\r\n", "[a]\r\n",
		// Invalid UTF-8: stray continuation bytes, truncated and overlong
		// sequences, surrogates, and a lead byte right before a '[' or '\n'.
		"\xff[Name]\xe8\x92x", "\xf1\xb0\x91[a]", "\xc0\x80", "\xed\xa0\x80",
		"abc\xd0", "\xd0[a]", "\xd0\n", "\xe2\x82\n", "\x80\x80[a]\x80",
		"[\xd0е", "[A\xea[A00000]", "\xd0\\[x]", "\xc2", "\xc2\xc2\x80",
		"\xdf\xbf\xe0\x80\x80\xf4\x90\x80\x80",
	}
	for _, in := range inputs {
		if diff := cmp.Diff(lexReference(in), Lex(in)); diff != "" {
			t.Errorf("Lex(%q) differs from lexReference (-reference +Lex):\n%s", in, diff)
		}
	}
}

// TestLexAllocs guards the point of the span lexer: without escapes, Text
// values are slices of the input, so the token slice is the only allocation.
func TestLexAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { benchSink = Lex(benchBodyBG) }); n > 1 {
		t.Errorf("Lex allocates %v times per call, want 1", n)
	}
	toks := Lex(benchBodyBG)
	if len(toks) > cap(toks) || cap(toks) != maxTokens(benchBodyBG) {
		t.Errorf("token slice grew: len %d, cap %d, estimate %d", len(toks), cap(toks), maxTokens(benchBodyBG))
	}
}

// lexReference is the lexer Lex replaced, kept verbatim apart from names: it
// takes one rune at a time and builds every Text value in a strings.Builder.
// Lex must give exactly the same tokens.
func lexReference(s string) []Token {
	l := refLexer{src: s, line: 1, col: 1}
	l.run()
	return l.tokens
}

type refLexer struct {
	src    string
	pos    int // byte offset of the next rune
	line   int // position of the next rune
	col    int
	tokens []Token

	text              strings.Builder // pending literal text
	textLine, textCol int
	textStarted       bool
}

func (l *refLexer) run() {
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

func (l *refLexer) startText() {
	if !l.textStarted {
		l.textStarted = true
		l.textLine, l.textCol = l.line, l.col
	}
}

func (l *refLexer) literalRune() {
	l.startText()
	_, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.text.WriteString(l.src[l.pos : l.pos+size])
	l.pos += size
	l.col++
}

func (l *refLexer) flushText() {
	if !l.textStarted {
		return
	}
	l.tokens = append(l.tokens, Token{Kind: Text, Value: l.text.String(), Line: l.textLine, Col: l.textCol})
	l.text.Reset()
	l.textStarted = false
}
