package placeholder

import (
	"testing"

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
