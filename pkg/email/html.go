package email

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
)

// TextToHTML turns a rendered text body into HTML block elements:
// paragraphs (blank-line separated) with <br> for their line breaks, runs
// of lines starting with "- " as <ul>, runs of "1. ", "2. " lines as <ol>,
// and web addresses and email addresses as links. The whole text is
// escaped, since the values are already in it: a value holding markup
// shows as text and can never add an element or attribute.
func TextToHTML(body string) string {
	var b strings.Builder
	for _, block := range splitBlocks(body) {
		for _, run := range splitRuns(block) {
			writeRun(&b, run)
		}
	}
	return b.String()
}

// lineKind tells paragraph text from list items.
type lineKind int

const (
	textLine lineKind = iota
	bulletLine
	numberLine
)

// run is a stretch of lines of one kind within a block.
type run struct {
	kind  lineKind
	start string // an ordered list's first number
	items []string
}

// splitBlocks cuts body at blank lines (a line of only spaces counts).
func splitBlocks(body string) [][]string {
	var blocks [][]string
	var cur []string
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			if cur != nil {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		blocks = append(blocks, cur)
	}
	return blocks
}

// The patterns are compiled on first use, not at every start of templ:
// only an email with an HTML part needs them.
var numberPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]{1,9})\. `) })

// splitRuns groups a block's lines into runs of text, bullets and numbers,
// with the list markers taken off the items.
func splitRuns(block []string) []run {
	var runs []run
	for _, line := range block {
		kind, item, start := textLine, line, ""
		if rest, ok := strings.CutPrefix(line, "- "); ok {
			kind, item = bulletLine, rest
		} else if m := numberPrefix().FindStringSubmatch(line); m != nil {
			kind, item, start = numberLine, line[len(m[0]):], m[1]
		}
		if n := len(runs); n > 0 && runs[n-1].kind == kind {
			runs[n-1].items = append(runs[n-1].items, item)
			continue
		}
		runs = append(runs, run{kind: kind, start: start, items: []string{item}})
	}
	return runs
}

func writeRun(b *strings.Builder, r run) {
	switch r.kind {
	case textLine:
		b.WriteString("<p>")
		for i, line := range r.items {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeInline(b, line)
		}
		b.WriteString("</p>\n")
	default:
		open, close := "<ul>\n", "</ul>\n"
		if r.kind == numberLine {
			open, close = "<ol>\n", "</ol>\n"
			if n := strings.TrimLeft(r.start, "0"); n != "1" {
				open = `<ol start="` + html.EscapeString(r.start) + `">` + "\n"
			}
		}
		b.WriteString(open)
		for _, item := range r.items {
			b.WriteString("<li>")
			writeInline(b, item)
			b.WriteString("</li>\n")
		}
		b.WriteString(close)
	}
}

// linkPattern finds web addresses (http and https only: no javascript: or
// data: can become a link) and email addresses. A URL stops at white space
// and at the characters that could end an HTML attribute or start a tag.
var linkPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
})

// writeInline writes one line escaped, with its links as <a> elements.
func writeInline(b *strings.Builder, line string) {
	for line != "" {
		loc := linkPattern().FindStringIndex(line)
		if loc == nil {
			b.WriteString(html.EscapeString(line))
			return
		}
		link := trimLinkEnd(line[loc[0]:loc[1]])
		b.WriteString(html.EscapeString(line[:loc[0]]))
		href := link
		if !strings.Contains(link, "://") {
			href = "mailto:" + link
		}
		b.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(link) + "</a>")
		line = line[loc[0]+len(link):]
	}
}

// trimLinkEnd drops the punctuation that ends a sentence rather than the
// address ("see https://x.example/a." links to .../a), and a closing
// bracket that has no opening one in the address.
func trimLinkEnd(link string) string {
	for link != "" {
		last := link[len(link)-1]
		switch {
		case strings.IndexByte(".,;:!?", last) >= 0:
		case last == ')' && strings.Count(link, "(") < strings.Count(link, ")"):
		case last == ']' && strings.Count(link, "[") < strings.Count(link, "]"):
		default:
			return link
		}
		link = link[:len(link)-1]
	}
	return link
}

// HTMLDocument is the HTML part without a layout: a minimal document in
// the email's language, titled with its subject.
func HTMLDocument(lang, subject, fragment string) string {
	return "<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head>\n" +
		"<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<title>" + html.EscapeString(subject) + "</title>\n</head>\n<body>\n" +
		fragment + "</body>\n</html>\n"
}

// FillLayout puts fragment into the [Body] slot of a config's html_layout,
// and escaped values into its other placeholders ([Brand], [Subject]…).
// A placeholder with no value is an error naming it.
func FillLayout(layout, fragment string, lookup func(name string) (string, bool)) (string, error) {
	body := placeholder.Key("Body")
	return render.Fill("html_layout", layout, func(name string) (string, bool) {
		if placeholder.Key(name) == body {
			return fragment, true
		}
		v, ok := lookup(name)
		return html.EscapeString(v), ok
	})
}

// HTMLOptions are --html's settings (config html: and html_layout:).
type HTMLOptions struct {
	// Layout is the html_layout file's text, with a [Body] slot; "" wraps
	// the part in HTMLDocument's minimal document.
	Layout string
}

// part is m's HTML alternative: the locale's own html body if it has one
// (already rendered, values escaped), else TextToHTML of the text body; in
// the layout, or in a minimal document. The layout may use any variable,
// and [Subject].
func (h *HTMLOptions) part(m *Message, localeHTML string, lookup func(string) (string, bool)) (string, error) {
	fragment := localeHTML
	if fragment == "" {
		fragment = TextToHTML(m.Body)
	}
	if h.Layout == "" {
		return HTMLDocument(m.Lang, m.Subject, fragment), nil
	}
	subject := placeholder.Key("Subject")
	part, err := FillLayout(h.Layout, fragment, func(name string) (string, bool) {
		if v, ok := lookup(name); ok {
			return v, true
		}
		if placeholder.Key(name) == subject {
			return m.Subject, true
		}
		return "", false
	})
	if err != nil {
		return "", &LayoutError{err}
	}
	return part, nil
}

// LayoutError is an html_layout placeholder with no value: the user's input.
type LayoutError struct{ Err error }

func (e *LayoutError) Error() string { return e.Err.Error() }
func (e *LayoutError) Unwrap() error { return e.Err }
