package pick

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/templ-mail/templ/pkg/template"
)

// entry is one template as the picker lists and searches it in one language.
type entry struct {
	t     *template.Template
	lang  string // the picker's language, or the template's first if it lacks it
	title string
	head  string // id, title, category and tags: the fields a query is about
	text  string // subjects and body
}

// index holds the templates in one language, ready to filter.
type index struct {
	lang    string
	entries []entry
	heads   []string
	texts   []string
}

func newIndex(templates []*template.Template, lang string) *index {
	ix := &index{lang: lang, entries: make([]entry, 0, len(templates))}
	for _, t := range templates {
		loc := t.Locale(lang)
		if loc == nil && len(t.Locales) > 0 {
			loc = t.Locales[0]
		}
		if loc == nil {
			continue // the parser refuses a template without a language
		}
		head := strings.Join(append([]string{t.ID, loc.Title, t.Category}, t.Tags...), " ")
		var text strings.Builder
		for _, s := range loc.Subjects {
			text.WriteString(s.Src)
			text.WriteByte('\n')
		}
		text.WriteString(loc.Body.Src)
		ix.entries = append(ix.entries, entry{t: t, lang: loc.Lang, title: loc.Title, head: head, text: text.String()})
	}
	ix.heads = make([]string, len(ix.entries))
	ix.texts = make([]string, len(ix.entries))
	for i, e := range ix.entries {
		ix.heads[i], ix.texts[i] = e.head, strings.ToLower(e.text)
	}
	return ix
}

// hit is one entry that matches a query, with how well.
type hit struct {
	entry int
	// textOnly counts the query's words found only in subjects or body: a
	// template whose id or title holds every word sorts first.
	textOnly int
	score    int
}

// filter returns the entries matching query, best first. Every word of the
// query must match, fuzzily, in the head or the text of an entry. An empty
// query lists every entry, the recently used first (recent maps an id to
// its rank, 0 the latest), then by id.
func (ix *index) filter(query string, recent map[string]int) []int {
	words := strings.Fields(query)
	hits := make([]hit, 0, len(ix.entries))
	if len(words) == 0 {
		for i := range ix.entries {
			hits = append(hits, hit{entry: i})
		}
	} else {
		hits = ix.match(words)
	}
	rank := func(h hit) int {
		if r, ok := recent[ix.entries[h.entry].t.ID]; ok {
			return r
		}
		return len(recent)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(
			cmp.Compare(a.textOnly, b.textOnly),
			cmp.Compare(b.score, a.score),
			cmp.Compare(rank(a), rank(b)),
			cmp.Compare(ix.entries[a.entry].t.ID, ix.entries[b.entry].t.ID),
		)
	})
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.entry
	}
	return out
}

// match scores every entry against every word; an entry missing a word is out.
func (ix *index) match(words []string) []hit {
	hits := make([]hit, len(ix.entries))
	alive := make([]bool, len(ix.entries))
	for i := range hits {
		hits[i].entry, alive[i] = i, true
	}
	inHead := make([]bool, len(ix.entries))
	for _, w := range words {
		clear(inHead)
		for _, m := range fuzzy.FindNoSort(w, ix.heads) {
			if alive[m.Index] {
				inHead[m.Index] = true
				hits[m.Index].score += positional(m)
			}
		}
		// The text is searched only for entries still in the running whose
		// head lacks the word: that is where the time goes with thousands
		// of templates.
		lw := strings.ToLower(w)
		for i := range hits {
			if !alive[i] || inHead[i] {
				continue
			}
			s, ok := matchText(ix.texts[i], lw)
			alive[i] = ok
			hits[i].score += s
			hits[i].textOnly++
		}
	}
	out := hits[:0]
	for i, h := range hits {
		if alive[i] {
			out = append(out, h)
		}
	}
	return out
}

// positional is a match's score without fuzzy's penalty for the length of
// the string: a long title is not a worse match than a short one.
func positional(m fuzzy.Match) int {
	return m.Score + len(m.Str) - len(m.MatchedIndexes)
}

// matchText finds word (lower case) in text (lower case) as a subsequence
// that lies within a few characters, so that "rej" finds "reject" but not
// r…e…j spread over a paragraph, which any long text would hold. fuzzy's
// matcher takes the first letters it meets, not the closest, and scans every
// rune; this one jumps from one occurrence of the first letter to the next.
// The score favours tight matches that start a word.
func matchText(text, word string) (int, bool) {
	_, size := utf8.DecodeRuneInString(word)
	firstS, rest := word[:size], word[size:]
	limit := 2 * len(word)
	best, ok := 0, false
	for off := 0; ; {
		i := strings.Index(text[off:], firstS)
		if i < 0 {
			break
		}
		start := off + i
		off = start + size
		pos, want := off, rest
		for want != "" && pos < len(text) && pos-start <= limit {
			r, n := utf8.DecodeRuneInString(text[pos:])
			w, wn := utf8.DecodeRuneInString(want)
			if r == w {
				want = want[wn:]
			}
			pos += n
		}
		if want != "" {
			continue
		}
		score := 50 - (pos - start - len(word)) // each gap costs a point
		if prev, _ := utf8.DecodeLastRuneInString(text[:start]); start == 0 || !unicode.IsLetter(prev) {
			score += 20
		}
		if !ok || score > best {
			best, ok = score, true
		}
		if score == 70 { // a word that starts with the query: nothing beats it
			break
		}
	}
	return best, ok
}
