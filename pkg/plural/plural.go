// Package plural picks a plural form for a number in a language, from the
// CLDR cardinal rules that golang.org/x/text ships. No rule is written here,
// so a new language needs no code: only its forms in the template.
package plural

import (
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Operands are a decimal number's CLDR plural operands (UTS #35): I its
// integer digits, V and W how many fraction digits it shows with and without
// trailing zeros, F and T those fraction digits as integers, with and without
// trailing zeros. I, F and T keep their last six digits, plus a million if
// they had more, so that every rule (they test values below 100, and mod 10,
// 100 or 1,000,000) still sees the number as it is.
type Operands struct{ I, V, W, F, T int }

// Parse reads s as a decimal number: digits, optionally a sign, optionally
// a '.' and more digits ("5", "-3", "1.50"). White space around it is
// ignored. Thousands separators, a decimal comma and exponents are refused:
// "1,5" is 1.5 in Bulgarian and 15 in English, so no guess is safe.
func Parse(s string) (Operands, bool) {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:] // plural rules use the absolute value
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || !digits(intPart) || (hasDot && (frac == "" || !digits(frac))) {
		return Operands{}, false
	}
	trimmed := strings.TrimRight(frac, "0")
	return Operands{
		I: approx(intPart),
		V: len(frac),
		W: len(trimmed),
		F: approx(frac),
		T: approx(trimmed),
	}, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// approx is the value of the decimal digits s, kept to its last six digits
// plus a million when it is longer, so it never overflows.
func approx(s string) int {
	s = strings.TrimLeft(s, "0")
	big := 0
	if len(s) > 6 {
		s, big = s[len(s)-6:], 1000000
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = 10*n + int(s[i]-'0')
	}
	return n + big
}

// tag is the language of a template locale; a code CLDR does not know gets
// the root rules, which have the one form "other".
func tag(lang string) language.Tag {
	t, err := language.Parse(lang)
	if err != nil {
		return language.Und
	}
	return t
}

// Category is the CLDR category of o in lang: "zero", "one", "two", "few",
// "many" or "other".
func Category(lang string, o Operands) string {
	return names[plural.Cardinal.MatchPlural(tag(lang), o.I, o.V, o.W, o.F, o.T)]
}

// names are the CLDR names of x/text's forms.
var names = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// order is the CLDR order of the categories, which is the order of the forms
// in a plural placeholder.
var order = []string{"zero", "one", "two", "few", "many", "other"}

//go:generate go test -run TestCategoryTable -update

// Categories lists the categories lang uses, in CLDR order: en and bg have
// one, other; ru has one, few, many, other. x/text keeps that list to
// itself; categoryTable (categories_table.go) holds it for every compact
// tag x/text knows, found once by probe and checked against it by
// TestCategoryTable. A tag whose region comes from a -u-rg- extension
// (x/text then picks the rules of another compact tag) is probed here.
func Categories(lang string) []string {
	t := tag(lang)
	if t.TypeForKey("rg") == "" {
		if i, _ := language.CompactIndex(t); i < len(categoryTable) {
			return fromMask(categoryTable[i])
		}
	}
	m, ok := probed.Load(lang)
	if !ok {
		m, _ = probed.LoadOrStore(lang, probe(t))
	}
	return fromMask(m.(uint8))
}

var probed sync.Map // lang -> probe's mask, for the tags the table does not cover

// fromMask lists the categories whose bits (1 << position in order) are set.
func fromMask(m uint8) []string {
	cats := make([]string, 0, 6)
	for i, c := range order {
		if m&(1<<i) != 0 {
			cats = append(cats, c)
		}
	}
	return cats
}

// probe finds the categories t uses by asking the rules about numbers that
// reach every branch they can test: integers to 1,000 (values below 100,
// mod 10 and mod 100), a million and one more (mod 1,000,000), and every
// fraction of one and two digits on small integers (x/text tells fractions
// apart only mod 100). That is some 3,300 look-ups (0.3 ms).
func probe(t language.Tag) uint8 {
	var m uint8
	match := func(i, v, f int) {
		w, tt := v, f
		for w > 0 && tt%10 == 0 {
			w, tt = w-1, tt/10
		}
		m |= 1 << formBit[plural.Cardinal.MatchPlural(t, i, v, w, f, tt)]
	}
	for i := 0; i <= 1000; i++ {
		match(i, 0, 0)
	}
	match(1000000, 0, 0)
	match(1000001, 0, 0)
	for i := 0; i <= 20; i++ {
		for v, limit := 1, 10; v <= 2; v, limit = v+1, limit*10 {
			for f := 0; f < limit; f++ {
				match(i, v, f)
			}
		}
	}
	return m
}

// formBit is each x/text form's position in order.
var formBit = map[plural.Form]uint{
	plural.Zero: 0, plural.One: 1, plural.Two: 2, plural.Few: 3, plural.Many: 4, plural.Other: 5,
}

// Index is the position of o's category in Categories(lang): the form a
// plural placeholder with one form per category renders.
func Index(lang string, o Operands) int {
	cat := Category(lang, o)
	for i, c := range Categories(lang) {
		if c == cat {
			return i
		}
	}
	return len(Categories(lang)) - 1 // not reached: every category is probed
}
