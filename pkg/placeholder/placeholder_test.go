package placeholder

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestLex(t *testing.T) {
	type tk = Token
	txt := func(v string, line, col int) Token { return tk{Kind: Text, Value: v, Line: line, Col: col} }
	ph := func(v string, line, col int) Token { return tk{Kind: Placeholder, Value: v, Line: line, Col: col} }
	nl := func(line, col int) Token { return tk{Kind: Newline, Value: "\n", Line: line, Col: col} }
	pl := func(v string, line, col int, forms ...string) Token {
		return tk{Kind: Placeholder, Value: v, Line: line, Col: col, Forms: forms}
	}
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
		{"plural", "[Days] [Days|business day|business days].", []Token{
			ph("Days", 1, 1), txt(" ", 1, 7), pl("Days", 1, 8, "business day", "business days"), txt(".", 1, 41)}},
		{"plural, cyrillic, columns count runes", "след [Дни|работен ден|работни дни] и [Name]", []Token{
			txt("след ", 1, 1), pl("Дни", 1, 6, "работен ден", "работни дни"), txt(" и ", 1, 35), ph("Name", 1, 38)}},
		{"formerly literal [a|b]", "[a|b]", []Token{pl("a", 1, 1, "b")}},
		{"four forms", "[N|штука|штуки|штук|штуки]", []Token{pl("N", 1, 1, "штука", "штуки", "штук", "штуки")}},
		{"empty forms", "file[N||s] [N|]", []Token{txt("file", 1, 1), pl("N", 1, 5, "", "s"), txt(" ", 1, 11), pl("N", 1, 12, "")}},
		{"name rules apply before the bar", "[1|2] [ a|b] [a/b|c] [|a]", []Token{txt("[1|2] [ a|b] [a/b|c] [|a]", 1, 1)}},
		{"name with spaces", "[Policy URL |x|y]", []Token{pl("Policy URL ", 1, 1, "x", "y")}},
		{"escapes in forms", `[N|a\|b|c\]d|\[e|f\g]!`, []Token{pl("N", 1, 1, "a|b", "c]d", "[e", `f\g`), txt("!", 1, 22)}},
		{"backslash before an escape in a form", `[N|a\\|b]`, []Token{pl("N", 1, 1, `a\|b`)}},
		{"unclosed forms are literal", "[N|a|b\n]", []Token{txt("[N|a|b", 1, 1), nl(1, 7), txt("]", 2, 1)}},
		{"bracket in a form is literal, then a placeholder", "[N|a [b]]", []Token{txt("[N|a ", 1, 1), ph("b", 1, 6), txt("]", 1, 9)}},
		{"escaped plural is literal", `\[N|a|b]`, []Token{txt("[N|a|b]", 1, 1)}},
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
// token back reproduces the input (exactly, when it has no backslash), and
// lexing what was written back gives the same tokens.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"Hi [Name],\n\n[Policy URL]\n", `\[x] [1] [ ] [Име]`, "[[a]]", "\\\\[a]", "[a\n]",
		"[Days] [Days|business day|business days]", `[a|x\|y|\]|\[|\\|]`, "[a|[b]]", "[1|2] [a|b", "[Дни|ден|дни]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back []byte
		line, col := 1, 1
		toks := Lex(s)
		for _, tok := range toks {
			if tok.Line < line || (tok.Line == line && tok.Col < col) {
				t.Fatalf("token %+v goes backwards from %d:%d", tok, line, col)
			}
			line, col = tok.Line, tok.Col
			if tok.Kind == Placeholder && !ValidName(tok.Value) {
				t.Fatalf("placeholder with invalid name %q", tok.Value)
			}
			back = append(back, tok.Raw()...)
		}
		if !strings.Contains(s, `\`) && string(back) != s {
			t.Fatalf("round trip: got %q, want %q", back, s)
		}
		if diff := cmp.Diff(withoutPos(toks), withoutPos(Lex(reprint(toks)))); diff != "" {
			t.Fatalf("Lex(reprint(Lex(%q))) differs (-first +second):\n%s", s, diff)
		}
		if diff := cmp.Diff(lexReference(s), toks); diff != "" {
			t.Fatalf("Lex(%q) differs from lexReference (-reference +Lex):\n%s", s, diff)
		}
	})
}

// reprint writes tokens back as source: text with every '[' escaped, so no
// text turns into a placeholder, and placeholders as Raw writes them.
func reprint(toks []Token) string {
	var b strings.Builder
	for _, tok := range toks {
		if tok.Kind == Text {
			b.WriteString(strings.ReplaceAll(tok.Value, "[", `\[`))
			continue
		}
		b.WriteString(tok.Raw())
	}
	return b.String()
}

// withoutPos drops positions and merges adjacent text, which reprinting may
// split or join differently.
func withoutPos(toks []Token) []Token {
	var out []Token
	for _, tok := range toks {
		tok.Line, tok.Col = 0, 0
		if n := len(out); n > 0 && tok.Kind == Text && out[n-1].Kind == Text {
			out[n-1].Value += tok.Value
			continue
		}
		out = append(out, tok)
	}
	return out
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
		"[Days] [Days|business day|business days].", "след [Дни|работен ден|работни дни] и [Name]",
		"[a|b]", "file[N||s] [N|]", "[1|2] [ a|b] [a/b|c] [|a]", `[N|a\|b|c\]d|\[e|f\g]!`,
		`[N|a\\|b]`, "[N|a|b\n]", "[N|a [b]]", `\[N|a|b]`,

		// Plural forms: escapes and bars at every edge, runs of them, and
		// broken forms.
		"[a|", "[a||", "[a|]", "[a||]", "[a|\\", "[a|\\]", "[a|\\]]", `[a|\|]`, `[a|\\\|]`,
		`[a|\\\\]`, `[a|\x\|\]\[\\]`, "[a|b]|c]", "[a|b|[c|d]]", "[a|\r|\r\n]", "[a|b\xff|\xd0]",
		"[a|b]\\[c|d]", "[a|\\[c|d]", "[Име|ден|дни|😀]", "[a|b] [a|b] [a|b]", "[[a|b]]",

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

// lexReference is the lexer Lex replaced, kept verbatim apart from names and
// plural forms (refScan): it takes one rune at a time and builds every Text
// value in a strings.Builder. Lex must give exactly the same tokens.
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
			if name, forms, size, runes, ok := refScan(l.src[l.pos+1:]); ok {
				l.flushText()
				l.tokens = append(l.tokens, Token{Kind: Placeholder, Value: name, Line: l.line, Col: l.col, Forms: forms})
				l.pos += 1 + size
				l.col += 1 + runes
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

// refScan is the reference's reading of a placeholder after its '[': one rune
// at a time, as a small state machine, with no code shared with Lex. It
// returns the name, the forms (nil if none), and the bytes and runes read up
// to and including the closing ']'.
func refScan(s string) (name string, forms []string, size, runes int, ok bool) {
	var cur strings.Builder
	inForms, escape := false, false
	for i, r := range s {
		runes++
		switch {
		case !inForms && r == ']' && i > 0:
			return s[:i], nil, i + 1, runes, true
		case !inForms && r == '|' && i > 0:
			name, inForms = s[:i], true
		case !inForms && i == 0 && unicode.IsLetter(r):
		case !inForms && i > 0 && IsNameRune(r):
		case !inForms:
			return "", nil, 0, 0, false
		case escape:
			escape = false
			if r != '|' && r != ']' && r != '[' {
				cur.WriteByte('\\') // the backslash escaped nothing
			} else {
				cur.WriteRune(r)
				continue
			}
			fallthrough
		default:
			switch r {
			case '\n', '[':
				return "", nil, 0, 0, false
			case '\\':
				escape = true
			case '|', ']':
				forms = append(forms, cur.String())
				cur.Reset()
				if r == ']' {
					return name, forms, i + 1, runes, true
				}
			default:
				_, width := utf8.DecodeRuneInString(s[i:])
				cur.WriteString(s[i : i+width])
			}
		}
	}
	return "", nil, 0, 0, false
}
