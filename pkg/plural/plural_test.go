package plural

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCategories(t *testing.T) {
	for lang, want := range map[string][]string{
		"en":             {"one", "other"},
		"bg":             {"one", "other"},
		"en-GB":          {"one", "other"},
		"ru":             {"one", "few", "many", "other"},
		"pl":             {"one", "few", "many", "other"},
		"ar":             {"zero", "one", "two", "few", "many", "other"},
		"ja":             {"other"},
		"zz":             {"other"},                       // unknown to CLDR: the root rules
		"ru-u-rg-gbzzzz": {"one", "few", "many", "other"}, // probed: the table does not cover -u-rg-
	} {
		if diff := cmp.Diff(want, Categories(lang)); diff != "" {
			t.Errorf("Categories(%q) (-want +got):\n%s", lang, diff)
		}
	}
}

func TestCategory(t *testing.T) {
	nums := []string{"0", "1", "2", "5", "11", "21", "1.5", "1.0", "22", "25", "112", "1000001"}
	want := map[string][]string{
		// en: one is an integer 1 with no fraction digits (i = 1 and v = 0),
		// bg: any number equal to 1 (n = 1), so "1.0" differs.
		"en": {"other", "one", "other", "other", "other", "other", "other", "other", "other", "other", "other", "other"},
		"bg": {"other", "one", "other", "other", "other", "other", "other", "one", "other", "other", "other", "other"},
		// ru: one for 1, 21, 1000001; few for 2-4, 22; many for 0, 5, 11, 25, 112; other for fractions.
		"ru": {"many", "one", "few", "many", "many", "one", "other", "other", "few", "many", "many", "one"},
		// pl: like ru, but 21 and 1000001 are many: only 1 itself is one.
		"pl": {"many", "one", "few", "many", "many", "many", "other", "other", "few", "many", "many", "many"},
	}
	for lang, cats := range want {
		for i, n := range nums {
			o, ok := Parse(n)
			if !ok {
				t.Fatalf("Parse(%q) failed", n)
			}
			if got := Category(lang, o); got != cats[i] {
				t.Errorf("Category(%s, %s) = %s, want %s", lang, n, got, cats[i])
			}
		}
	}
}

func TestIndex(t *testing.T) {
	for _, tt := range []struct {
		lang, n string
		want    int
	}{
		{"en", "1", 0}, {"en", "5", 1}, {"bg", "1", 0}, {"bg", "0", 1},
		{"ru", "1", 0}, {"ru", "3", 1}, {"ru", "5", 2}, {"ru", "1.5", 3},
	} {
		o, _ := Parse(tt.n)
		if got := Index(tt.lang, o); got != tt.want {
			t.Errorf("Index(%s, %s) = %d, want %d", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Operands{
		"0":                    {},
		"5":                    {I: 5},
		" 21 ":                 {I: 21},
		"-3":                   {I: 3},
		"+3":                   {I: 3},
		"007":                  {I: 7},
		"1.5":                  {I: 1, V: 1, W: 1, F: 5, T: 5},
		"1.50":                 {I: 1, V: 2, W: 1, F: 50, T: 5},
		"1.0":                  {I: 1, V: 1},
		"0.05":                 {V: 2, W: 2, F: 5, T: 5},
		"1234567":              {I: 234567 + 1000000},
		"12345678901234567890": {I: 234567890%1000000 + 1000000},
	} {
		got, ok := Parse(in)
		if !ok || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", " ", "abc", "1,5", "1 000", "1.", ".5", "1e3", "--1", "5 days", "١٢", "0x10"} {
		if o, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %+v, want no number", in, o)
		}
	}
}

func BenchmarkCategories(b *testing.B) {
	for b.Loop() {
		Categories("ru")
	}
}

// BenchmarkProbe is what Categories cost per language before the table.
func BenchmarkProbe(b *testing.B) {
	ru := tag("ru")
	for b.Loop() {
		probe(ru)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 records", 1: "1 record", 2: "2 records", -1: "-1 records", 1000: "1000 records"} {
		if got := Count(n, "record"); got != want {
			t.Errorf("Count(%d, record) = %q, want %q", n, got, want)
		}
	}
}
