package plural

import "strconv"

// Count is n and noun for templ's own messages, which are English: "1
// record", "3 records", "0 records". It adds an "s" for every n but 1 (the
// CLDR "one" of English, for a whole number), so it suits only nouns that
// take one, and never a template's text: that goes by Index.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
