package batch

import (
	"strings"
	"unicode"
)

// withArticle puts "a" or "an" before word, by its first sound as an English
// reader says it: "an Email", "a Name", "an Hour", "a Unit", "a URL", "an
// SKU". A word that does not start with a Latin letter gets "a".
func withArticle(word string) string {
	if startsWithVowelSound(word) {
		return "an " + word
	}
	return "a " + word
}

func startsWithVowelSound(word string) bool {
	if word == "" || word[0] >= 0x80 || !unicode.IsLetter(rune(word[0])) {
		return false
	}
	first, _, _ := strings.Cut(word, " ")
	if isAcronym(first) {
		// Spelled out letter by letter: "an S-K-U", "a U-R-L".
		return strings.IndexByte("AEFHILMNORSX", first[0]) >= 0
	}
	w := strings.ToLower(word)
	for _, p := range []string{"eu", "ewe", "uni", "use", "usu", "uti", "ura", "uro", "one", "once", "ubiq"} {
		if strings.HasPrefix(w, p) {
			return false // "a user", "a European", "a one-off"
		}
	}
	for _, p := range []string{"hour", "honest", "honor", "honour", "heir"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return strings.IndexByte("aeiou", w[0]) >= 0
}

// isAcronym reports whether w is written in capitals (a digit may follow),
// as URL, ID or VAT2 are: such a word is read letter by letter.
func isAcronym(w string) bool {
	if len(w) < 2 {
		return len(w) == 1 && 'A' <= w[0] && w[0] <= 'Z'
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
