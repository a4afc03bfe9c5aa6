package yaml

import "testing"

// The two regexps PATCHES.md makes lazy still decide what they decided.
func TestLazyRegexps(t *testing.T) {
	var v map[string]any
	if err := Unmarshal([]byte("a: 1.5e3\nb: .5\nc: 1.2.3\n"), &v); err != nil {
		t.Fatal(err)
	}
	if v["a"] != 1500.0 || v["b"] != 0.5 || v["c"] != "1.2.3" {
		t.Errorf("yamlStyleFloat: got %#v", v)
	}
	out, err := Marshal(map[string]string{"t": "1:20", "u": "1-20"})
	if err != nil {
		t.Fatal(err)
	}
	// A base 60 float of YAML 1.1 is quoted so old parsers read a string.
	if got, want := string(out), "t: \"1:20\"\nu: 1-20\n"; got != want {
		t.Errorf("base60float: Marshal gave %q, want %q", got, want)
	}
}
