package templates_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// countNouns are the noun forms a count meets in the catalogue, by plural
// category: in English and Bulgarian only 1 takes "one" (CLDR), so 21 is
// "21 работни дни", not "21 работен ден".
var countNouns = map[string]map[string][]string{
	"en": {"one": {"business day", "day"}, "other": {"business days", "days"}},
	"bg": {"one": {"работен ден", "ден"}, "other": {"работни дни", "дни"}},
}

// countValues are the counts every email is rendered with, and the plural
// category each must select.
var countValues = []struct{ n, category string }{
	{"1", "one"}, {"2", "other"}, {"5", "other"}, {"11", "other"}, {"21", "other"}, {"0", "other"},
}

// countVars lists the variables a template uses with plural forms: its counts.
func countVars(tp *template.Template) []string {
	var names []string
	for _, loc := range tp.Locales {
		for _, txt := range append([]template.Text{loc.Body}, loc.Subjects...) {
			for _, tok := range placeholder.Lex(txt.Src) {
				if tok.Kind == placeholder.Placeholder && tok.Forms != nil {
					names = append(names, tok.Value)
				}
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestCatalogueCountsUsePluralForms: wherever a count is written, its noun
// follows as that count's plural forms, "[Days] [Days|day|days]", so no
// email can print "1 business days" or "1 дни".
func TestCatalogueCountsUsePluralForms(t *testing.T) {
	all, _ := builtin().All()
	for _, tp := range all {
		counts := countVars(tp)
		for _, loc := range tp.Locales {
			for _, txt := range append([]template.Text{loc.Body}, loc.Subjects...) {
				toks := placeholder.Lex(txt.Src)
				for i, tok := range toks {
					if tok.Kind != placeholder.Placeholder {
						continue
					}
					isCount := slices.Contains(counts, tok.Value) || placeholder.Key(tok.Value) == "days"
					if !isCount {
						continue
					}
					if tok.Forms == nil {
						ok := i+2 < len(toks) && toks[i+1].Kind == placeholder.Text && toks[i+1].Value == " " &&
							toks[i+2].Kind == placeholder.Placeholder && toks[i+2].Value == tok.Value && toks[i+2].Forms != nil
						if !ok {
							t.Errorf("%s (%s) line %d: [%s] is not followed by its plural forms [%s|…]", tp.ID, loc.Lang, tok.Line, tok.Value, tok.Value)
						}
					} else if len(tok.Forms) != 2 {
						t.Errorf("%s (%s) line %d: [%s|…] has %d forms; en and bg have two (one, other)", tp.ID, loc.Lang, tok.Line, tok.Value, len(tok.Forms))
					}
				}
			}
		}
	}
}

// TestCatalogueCountForms renders every email in both languages with every
// count set to 1, 2, 5, 11, 21 and 0, and checks each number's noun against
// countNouns: the right form for its plural category, never the other.
func TestCatalogueCountForms(t *testing.T) {
	ids, err := builtin().IDs()
	if err != nil {
		t.Fatal(err)
	}
	withCounts := 0
	for _, id := range ids {
		tp, err := builtin().Load(id)
		if err != nil {
			t.Fatal(err)
		}
		counts := countVars(tp)
		if len(counts) > 0 {
			withCounts++
		}
		for _, lang := range langs {
			for _, c := range countValues {
				values := nameOnly(id, lang)
				for _, name := range counts {
					values.Set(name, c.n)
				}
				email, err := render.Render(tp, lang, values, render.Options{})
				if err != nil {
					t.Errorf("%s (%s) with counts %s: %v", id, lang, c.n, err)
					continue
				}
				found := checkCounts(t, id, lang, c.n, c.category, email.Subject+"\n"+email.Body)
				if len(counts) > 0 && found == 0 {
					t.Errorf("%s (%s): uses %v but no %q meets a noun in:\n%s", id, lang, counts, c.n, email.Body)
				}
			}
		}
	}
	if withCounts == 0 {
		t.Fatal("no template uses plural forms")
	}
}

// checkCounts finds every n followed by a count noun in text and reports a
// noun of the wrong category; it returns how many it found.
func checkCounts(t *testing.T, id, lang, n, category, text string) int {
	t.Helper()
	re := regexp.MustCompile(`(?:^|[^\pN.,–-])` + regexp.QuoteMeta(n) + ` (\pL+)(?: (\pL+))?`)
	var all []string
	for _, forms := range countNouns[lang] {
		all = append(all, forms...)
	}
	found := 0
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		noun := ""
		if two := m[1] + " " + m[2]; m[2] != "" && slices.Contains(all, two) {
			noun = two
		} else if slices.Contains(all, m[1]) {
			noun = m[1]
		}
		if noun == "" {
			continue
		}
		found++
		if !slices.Contains(countNouns[lang][category], noun) {
			t.Errorf("%s (%s): %q: %s takes %q (%s), not %q", id, lang, strings.TrimSpace(m[0]), n, countNouns[lang][category], category, noun)
		}
	}
	return found
}

// productValues are noun phrases of every kind a user may give as Product:
// a Bulgarian plural and a feminine, an English plural.
var productValues = map[string][]string{
	"en": {"the shoes"},
	"bg": {"обувките", "услугата"},
}

// TestCatalogueProductSentences renders every email, every subject and
// language, with each of productValues as Product, and writes the sentences
// that hold it to docs/product-sentences.md (a golden file: -update
// rewrites it). A reader checks there that each reads right whatever the
// noun's number and gender: Product only after a preposition or as an object.
func TestCatalogueProductSentences(t *testing.T) {
	ids, err := builtin().IDs()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# Sentences that hold [Product]\n\n" +
		"Every built-in email, rendered with a Bulgarian plural and feminine\n" +
		"(\"обувките\", \"услугата\") and an English plural (\"the shoes\") as Product,\n" +
		"every subject and the body: each sentence below must read right for any\n" +
		"noun phrase, so Product stands only after a preposition or as an object.\n" +
		"Generated by `go test ./templates -run TestCatalogueProductSentences -update`.\n")
	for _, id := range ids {
		tp, err := builtin().Load(id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n## %s\n", id)
		for _, lang := range []string{"en", "bg"} {
			for _, product := range productValues[lang] {
				values := readContext(t, contextFiles[lang])
				values.Set("Product", product)
				sentences := productSentences(t, tp, lang, values, product)
				if len(sentences) == 0 {
					fmt.Fprintf(&b, "\n%s, %q: Product is not used.\n", lang, product)
					continue
				}
				fmt.Fprintf(&b, "\n%s, %q:\n", lang, product)
				for _, s := range sentences {
					fmt.Fprintf(&b, "- %s\n", s)
				}
			}
		}
	}
	checkGolden(t, filepath.Join("..", "docs", "product-sentences.md"), b.String())
}

// productMark stands for Product in a first render, so that only the
// sentences where Product lands are listed, not those where the same word
// is part of the text ("услугата ни").
const productMark = "⟦Product⟧"

// productSentences renders each subject and the body and returns the
// sentences that hold Product, with product in its place, subjects first,
// without repeats.
func productSentences(t *testing.T, tp *template.Template, lang string, values *vars.Values, product string) []string {
	t.Helper()
	values.Set("Product", productMark)
	var texts []string
	for i := range tp.Locale(lang).Subjects {
		email, err := render.Render(tp, lang, values, render.Options{Subject: i + 1})
		if err != nil {
			t.Fatalf("%s (%s) subject %d: %v", tp.ID, lang, i+1, err)
		}
		if i == 0 {
			texts = append(texts, strings.Split(email.Body, "\n")...)
		}
		texts = slices.Insert(texts, i, "Subject: "+email.Subject)
	}
	var out []string
	for _, line := range texts {
		for _, s := range splitSentences(line) {
			if !strings.Contains(s, productMark) {
				continue
			}
			if s = strings.ReplaceAll(s, productMark, product); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// sentenceEnd is where one sentence ends and the next begins.
var sentenceEnd = regexp.MustCompile(`[.!?…]\s+\p{Lu}`)

func splitSentences(line string) []string {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
	var out []string
	for line != "" {
		loc := sentenceEnd.FindStringIndex(line)
		if loc == nil {
			out = append(out, line)
			break
		}
		_, last := utf8.DecodeLastRuneInString(line[:loc[1]])
		cut := loc[1] - last
		out = append(out, strings.TrimSpace(line[:cut]))
		line = line[cut:]
	}
	return out
}

// TestCatalogueOrderSubjectLength: a subject that names the order fits a
// mail client's list (70 characters) with a real order number.
func TestCatalogueOrderSubjectLength(t *testing.T) {
	all, _ := builtin().All()
	for _, tp := range all {
		for _, loc := range tp.Locales {
			values := readContext(t, contextFiles[loc.Lang])
			for i, subj := range loc.Subjects {
				if !strings.Contains(subj.Src, "[Order]") {
					continue
				}
				email, err := render.Render(tp, loc.Lang, values, render.Options{Subject: i + 1})
				if err != nil {
					t.Fatal(err)
				}
				if n := utf8.RuneCountInString(email.Subject); n > 70 {
					t.Errorf("%s (%s): subject %d is %d characters, over 70: %q", tp.ID, loc.Lang, i+1, n, email.Subject)
				}
			}
		}
	}
}
