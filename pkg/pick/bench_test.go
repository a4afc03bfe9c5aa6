package pick

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/templ-mail/templ/pkg/template"
)

// userTemplates makes n templates the size and shape of the built-in ones:
// each built-in file under a new id, with a title word of its own so that
// the filter has something to tell them apart by.
func userTemplates(tb testing.TB, n int) []*template.Template {
	tb.Helper()
	builtin := builtinTemplates(tb)
	words := []string{"urgent", "gentle", "formal", "short", "vip", "wholesale", "партньор", "клиент"}
	out := make([]*template.Template, 0, n)
	for i := range n {
		src := builtin[i%len(builtin)]
		data, err := builtinFS.ReadFile(src.ID + ".yaml")
		if err != nil {
			tb.Fatal(err)
		}
		id := fmt.Sprintf("%s-%04d", src.ID, i)
		text := strings.Replace(string(data), "id: "+src.ID, "id: "+id, 1)
		text = strings.Replace(text, "title: ", "title: "+words[i%len(words)]+" ", -1)
		t, err := template.Parse(id+".yaml", []byte(text))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, t)
	}
	return out
}

// benchKeystrokes times one keystroke in the list: filtering the catalogue
// again and drawing the frame, preview included. The query is typed one
// letter at a time and erased again, as a person narrowing and widening
// a search does. Besides the wall time, it reports the CPU time per
// keystroke (cpu-ns/op), which a busy machine does not inflate.
func benchKeystrokes(b *testing.B, templates []*template.Template, query string) {
	m := New(Options{Templates: templates, Lang: "en"})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	var strokes []tea.KeyPressMsg
	for _, r := range query {
		strokes = append(strokes, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range query {
		strokes = append(strokes, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		if i%len(strokes) == 0 {
			// Each round types the query anew: nothing learnt from the
			// last round may help (the index caches scores per word).
			for _, ix := range m.indexes {
				ix.cache, ix.lastQuery = nil, ""
			}
		}
		m.Update(strokes[i%len(strokes)])
		_ = m.Render()
		i++
	}
	// On a machine shared with other work the wall time per keystroke
	// waits for a CPU; the CPU time it costs does not.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

func BenchmarkKeystroke(b *testing.B) {
	builtin := builtinTemplates(b)
	user := userTemplates(b, 2000)
	for _, bc := range []struct {
		name      string
		templates []*template.Template
	}{
		{"builtin", builtin},
		{"user2000", user},
	} {
		b.Run(bc.name, func(b *testing.B) { benchKeystrokes(b, bc.templates, "refund rej") })
		// The first letter of a query is the costliest keystroke: every
		// template is searched, in its id and title (r: nearly all match
		// there) or its subjects and body (x: few ids have one).
		b.Run(bc.name+"/first-letter-r", func(b *testing.B) { benchFirstLetter(b, bc.templates, 'r') })
		b.Run(bc.name+"/first-letter-x", func(b *testing.B) { benchFirstLetter(b, bc.templates, 'x') })
		b.Run(bc.name+"/cyrillic", func(b *testing.B) { benchKeystrokes(b, bc.templates, "възст") })
	}
}

// benchFirstLetter times the first letter of a query alone: the query is
// emptied, and the caches cleared, with the timer stopped.
func benchFirstLetter(b *testing.B, templates []*template.Template, letter rune) {
	m := New(Options{Templates: templates, Lang: "en"})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	stroke := tea.KeyPressMsg{Code: letter, Text: string(letter)}
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		m.query.SetValue("")
		m.refilter()
		for _, ix := range m.indexes {
			ix.cache, ix.lastQuery = nil, ""
		}
		b.StartTimer()
		start := cpuTime()
		m.Update(stroke)
		_ = m.Render()
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
