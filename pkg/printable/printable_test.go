package printable

import "testing"

func TestScreen(t *testing.T) {
	in := "Subject: Hi\r\n\r\nHi Ivan\x1b]52;c;cGF5IG1l\a,\r\nsee\rthe\tend\n"
	want := "Subject: Hi\r\n\r\nHi Ivan\\x1b]52;c;cGF5IG1l\\a,\r\nsee\\rthe\tend\n"
	if got := Screen(in); got != want {
		t.Errorf("Screen(%q) = %q, want %q", in, got, want)
	}
}

func TestLine(t *testing.T) {
	for _, tt := range []struct{ in, line, text string }{
		{"Ivan Петров\tok", "Ivan Петров\tok", "Ivan Петров\tok"},
		{"\x1b]0;pwned\a\x1b[2J", `\x1b]0;pwned\a\x1b[2J`, `\x1b]0;pwned\a\x1b[2J`},
		{"a\r\nb", `a\r\nb`, "a\\r\nb"},
		{"invoice\u202efdp.exe", `invoice\u202efdp.exe`, `invoice\u202efdp.exe`},
		{"\u009b31m \u2066x\u2069 \u2028", `\u009b31m \u2066x\u2069 \u2028`, `\u009b31m \u2066x\u2069 \u2028`},
		{"bad \xff\xfe byte \x7f", `bad \xff\xfe byte \x7f`, `bad \xff\xfe byte \x7f`},
		{`a literal \x1b stays`, `a literal \x1b stays`, `a literal \x1b stays`},
	} {
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
	}
}

func TestPicture(t *testing.T) {
	for _, tt := range []struct {
		in   string
		keep bool
		want string
	}{
		{"Ivan Петров", false, "Ivan Петров"},
		{"\x1b]0;pwned\a\x1b[2J", false, "␛]0;pwned␇␛[2J"},
		{"a\r\nb\tc", false, "a␍␊b    c"},
		{"a\r\nb\tc", true, "a␍\nb    c"},
		{"invoice\u202efdp.exe \u009b31m \x7f", true, `invoice\u202efdp.exe \u009b31m ␡`},
		{"bad \xff byte", true, `bad \xff byte`},
	} {
		if got := Picture(tt.in, tt.keep); got != tt.want {
			t.Errorf("Picture(%q, %v) = %q, want %q", tt.in, tt.keep, got, tt.want)
		}
	}
}
