package pick

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ids(ix *index, matches []int) []string {
	out := make([]string, len(matches))
	for i, n := range matches {
		out[i] = ix.entries[n].t.ID
	}
	return out
}

func TestFilter(t *testing.T) {
	templates := builtinTemplates(t)
	for _, tc := range []struct {
		lang, query string
		first       []string // the best matches, in order
		none        bool
	}{
		{lang: "en", query: "rej", first: []string{"refund-reject"}},
		{lang: "en", query: "REFUND rej", first: []string{"refund-reject"}},
		{lang: "en", query: "cancel prem", first: []string{"cancel-premium"}},
		{lang: "en", query: "survey 2", first: []string{"churn-survey-2"}},
		// Only the body says "deactivated"; the title says "deactivation".
		{lang: "en", query: "deactivated", first: []string{"account-deactivation"}},
		{lang: "bg", query: "премиум", first: []string{"cancel-premium"}},
		{lang: "bg", query: "ВЪЗСТ отхв", first: []string{"refund-reject"}},
		{lang: "en", query: "qqqq", none: true},
	} {
		t.Run(tc.lang+"/"+tc.query, func(t *testing.T) {
			ix := newIndex(templates, tc.lang)
			got := ids(ix, ix.filter(tc.query, nil))
			if tc.none {
				if len(got) != 0 {
					t.Errorf("matches %v, want none", got)
				}
				return
			}
			if len(got) < len(tc.first) || !slices.Equal(got[:len(tc.first)], tc.first) {
				t.Errorf("matches %v, want %v first", got, tc.first)
			}
		})
	}
}

func TestFilterEmptyQueryPutsRecentFirst(t *testing.T) {
	ix := newIndex(builtinTemplates(t), "en")
	got := ids(ix, ix.filter("", map[string]int{"refund-status": 0, "cancel-basic": 1}))
	if !slices.Equal(got[:3], []string{"refund-status", "cancel-basic", "account-deactivation"}) {
		t.Errorf("first three %v", got[:3])
	}
	if len(got) != len(ix.entries) {
		t.Errorf("%d entries listed, want all %d", len(got), len(ix.entries))
	}
}

// The filter narrows among the last matches while the query grows; that
// must give exactly what a fresh search gives.
func TestFilterNarrowingMatchesAFreshSearch(t *testing.T) {
	templates := userTemplates(t, 200)
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("aeioustrnlcdpmfgyб вгдеиклмнопрст")
	typing := newIndex(templates, "en")
	for range 50 {
		var q []rune
		for range 1 + rng.IntN(6) {
			q = append(q, letters[rng.IntN(len(letters))])
			query := string(q)
			fresh := newIndex(templates, "en")
			if diff := cmp.Diff(ids(fresh, fresh.filter(query, nil)), ids(typing, typing.filter(query, nil))); diff != "" {
				t.Fatalf("query %q (-fresh +narrowed):\n%s", query, diff)
			}
		}
	}
}

func TestMatchText(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		ok         bool
	}{
		{"we can't approve it", "approve", true},
		{"we can't approve it", "aprove", true},  // a letter left out
		{"we can't approve it", "apprve", true},  // another
		{"we can't approve it", "aeit", false},   // letters far apart
		{"здравейте, иван", "иван", true},        // Cyrillic
		{"здравейте, иван", "звдр", false},       // out of order
		{"refund request rejected", "rej", true}, // a later occurrence
	} {
		_, ok := matchText(tc.text, tc.word)
		if ok != tc.ok {
			t.Errorf("matchText(%q, %q) = %v, want %v", tc.text, tc.word, ok, tc.ok)
		}
	}
	// A word that starts a word scores above one inside a word.
	start, _ := matchText("reject", "rej")
	inside, _ := matchText("prejudice", "rej")
	if start <= inside {
		t.Errorf("score at a word's start %d, inside a word %d", start, inside)
	}
}

func TestSubsequence(t *testing.T) {
	if !subsequence("refund-reject refund request rejected", "rfrj") || subsequence("refund", "dr") {
		t.Error("subsequence")
	}
	if !subsequence(strings.ToLower("Отхвърляне"), "отхв") {
		t.Error("subsequence over Cyrillic")
	}
}
