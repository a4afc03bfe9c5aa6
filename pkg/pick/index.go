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
	title string // as drawn: see visible
}

// index holds the templates in one language, ready to filter.
type index struct {
	lang    string
	entries []entry
	// ids as written (fuzzy scores case); the rest in lower case for the
	// fast scans: lowIDs, heads (title, category and tags: with the id,
	// the fields a query is mostly about) and texts (subjects and body).
	ids, lowIDs, heads, texts []string
	idWidth, catWidth         int // the widest id and category, for the list's columns

	// The last query and the entries it matched: a query that only grows
	// can match only among those, which is what typing does.
	lastQuery string
	lastAlive []bool
	cache     map[string]*wordScores
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
		head := strings.Join(append([]string{loc.Title, t.Category}, t.Tags...), " ")
		var text strings.Builder
		for _, s := range loc.Subjects {
			text.WriteString(s.Src)
			text.WriteByte('\n')
		}
		text.WriteString(loc.Body.Src)
		ix.entries = append(ix.entries, entry{t: t, lang: loc.Lang, title: line(loc.Title)})
		ix.ids = append(ix.ids, t.ID)
		ix.lowIDs = append(ix.lowIDs, strings.ToLower(t.ID))
		ix.heads = append(ix.heads, strings.ToLower(head))
		ix.texts = append(ix.texts, strings.ToLower(text.String()))
		ix.idWidth = max(ix.idWidth, utf8.RuneCountInString(t.ID))
		ix.catWidth = max(ix.catWidth, utf8.RuneCountInString(t.Category))
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
	rank     int // in the history: 0 the latest, else after every remembered one
}

// filter returns the entries matching query, best first. Every word of the
// query must match, fuzzily, in the head or the text of an entry. An empty
// query lists every entry, the recently used first (recent maps an id to
// its rank, 0 the latest), then by id.
func (ix *index) filter(query string, recent map[string]int) []int {
	words := strings.Fields(query)
	alive := make([]bool, len(ix.entries))
	if ix.lastQuery != "" && strings.HasPrefix(query, ix.lastQuery) {
		copy(alive, ix.lastAlive)
	} else {
		for i := range alive {
			alive[i] = true
		}
	}
	hits := ix.match(words, alive)
	ix.lastQuery, ix.lastAlive = query, alive

	for i := range hits {
		hits[i].rank = len(recent)
		if r, ok := recent[ix.entries[hits[i].entry].t.ID]; ok {
			hits[i].rank = r
		}
	}
	// Entries are in id order (the catalogue lists them so), so the entry
	// number breaks ties as the id would.
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(
			cmp.Compare(a.textOnly, b.textOnly),
			cmp.Compare(b.score, a.score),
			cmp.Compare(a.rank, b.rank),
			cmp.Compare(a.entry, b.entry),
		)
	})
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.entry
	}
	return out
}

// match scores the entries still alive against every word; an entry
// missing a word dies.
func (ix *index) match(words []string, alive []bool) []hit {
	hits := make([]hit, len(ix.entries))
	for i := range hits {
		hits[i].entry = i
	}
	for _, w := range words {
		ws := ix.scores(w)
		ix.complete(ws, w, alive)
		for i := range hits {
			if !alive[i] {
				continue
			}
			alive[i] = ws.ok[i]
			hits[i].score += ws.score[i]
			if !ws.inHead[i] {
				hits[i].textOnly++
			}
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

// wordScores are one word's matches, per entry, as far as computed: while
// the user types "refund rej", "refund" is scored once, not at every key.
type wordScores struct {
	done, inHead, ok []bool
	score            []int
}

// maxCachedWords bounds the cache; a session types a few dozen words.
const maxCachedWords = 256

func (ix *index) scores(w string) *wordScores {
	if ws, ok := ix.cache[w]; ok {
		return ws
	}
	if ix.cache == nil || len(ix.cache) >= maxCachedWords {
		ix.cache = map[string]*wordScores{}
	}
	n := len(ix.entries)
	ws := &wordScores{done: make([]bool, n), inHead: make([]bool, n), ok: make([]bool, n), score: make([]int, n)}
	ix.cache[w] = ws
	return ws
}

// complete scores w for every live entry not yet scored: in its id, else
// in its title, category and tags, else in its subjects and body.
func (ix *index) complete(ws *wordScores, w string, alive []bool) {
	lw := strings.ToLower(w)
	// fuzzy scores a match in an id well ("rfol" finds refund-followup),
	// but walks every rune of every string it is given: a quick
	// subsequence test leaves it only the ids that can match, and one
	// call scores them all. Titles, categories, tags and bodies are long,
	// so a scan of their own matches there (see matchText).
	var ids []int
	for i := range alive {
		if alive[i] && !ws.done[i] && subsequence(ix.lowIDs[i], lw) {
			ids = append(ids, i)
		}
	}
	for _, m := range fuzzy.FindFromNoSort(w, subset{ix.ids, ids}) {
		i := ids[m.Index]
		ws.score[i], ws.inHead[i], ws.ok[i], ws.done[i] = idBonus+positional(m)+literal(ix.lowIDs[i], lw), true, true, true
	}
	for i := range alive {
		if !alive[i] || ws.done[i] {
			continue
		}
		ws.done[i] = true
		if s, ok := matchText(ix.heads[i], lw); ok {
			ws.score[i], ws.inHead[i], ws.ok[i] = s+literal(ix.heads[i], lw), true, true
			continue
		}
		ws.score[i], ws.ok[i] = matchText(ix.texts[i], lw)
	}
}

// idBonus puts a match in the id above one in the title: the id is what
// an agent learns to type.
const idBonus = 20

// subset is a fuzzy.Source over some of the strings.
type subset struct {
	all  []string
	pick []int
}

func (s subset) String(i int) string { return s.all[s.pick[i]] }
func (s subset) Len() int            { return len(s.pick) }

// subsequence reports whether the runes of word appear in s in order.
func subsequence(s, word string) bool {
	for _, r := range word {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(r):]
	}
	return true
}

// positional is a match's score without fuzzy's penalty for the length of
// the string: a long title is not a worse match than a short one.
func positional(m fuzzy.Match) int {
	return m.Score + len(m.Str) - len(m.MatchedIndexes)
}

// literal is a bonus for a word found as written, more at a word's start:
// "not rec" should find refund-not-received before cancel-retention-offer,
// whose id also holds n…o…t and r…e…c.
func literal(s, word string) int {
	i := strings.Index(s, word)
	switch {
	case i < 0:
		return 0
	case i == 0:
		return 50
	}
	if prev, _ := utf8.DecodeLastRuneInString(s[:i]); !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
		return 50
	}
	return 25
}

// maxGap is how many characters may stand between two letters of a word
// found in a subject or body: "rfnd" finds "refund", but r…e…j spread over
// a paragraph, which any long text holds, is no match.
const maxGap = 2

// matchText finds word (lower case) in text (lower case): from each
// occurrence of its first letter, each next letter taken as soon as it
// comes, at most maxGap characters on. Taking letters greedily means that
// a text matching a word also matches every start of it, which is what
// lets filter narrow as the user types. The score favours tight matches
// that start a word.
func matchText(text, word string) (int, bool) {
	_, size := utf8.DecodeRuneInString(word)
	first, rest := word[:size], word[size:]
	best, ok := 0, false
	for off := 0; ; {
		i := strings.Index(text[off:], first)
		if i < 0 {
			break
		}
		start := off + i
		off = start + size
		pos, want, gaps, gap := off, rest, 0, 0
		for want != "" && pos < len(text) && gap <= maxGap {
			r, n := utf8.DecodeRuneInString(text[pos:])
			w, wn := utf8.DecodeRuneInString(want)
			if r == w {
				want, gap = want[wn:], 0
			} else {
				gap++
				gaps++
			}
			pos += n
		}
		if want != "" {
			continue
		}
		score := 50 - gaps
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
