package render

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const htmlTemplate = `id: h
category: c
vars:
  Name: {}
  Reason: {optional: true}
  Days: {default: "3"}
locales:
  en:
    title: T
    subjects: ["Hi [Name]"]
    body: |
      Hi [Name],

      [Reason]

      [Days] [Days|day|days] left.
    html: |
      <p>Hi <b>[Name]</b>,</p>

      <p class="reason">[Reason]</p>

      <p>[Days] [Days|day|days] <i>left</i>.</p>
`

// TestRenderHTMLBody: a locale's html body renders like its body (optional
// lines drop, plural forms pick), with every value HTML-escaped and the
// template's own markup kept.
func TestRenderHTMLBody(t *testing.T) {
	tpl := mustParse(t, htmlTemplate)
	e, err := Render(tpl, "en", values("Name", `"><img src=x onerror=alert(1)><script>`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "<p>Hi <b>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;</b>,</p>\n\n<p>3 days <i>left</i>.</p>\n"
	if diff := cmp.Diff(want, e.HTML); diff != "" {
		t.Errorf("html (-want +got):\n%s", diff)
	}
	if wantBody := "Hi \"><img src=x onerror=alert(1)><script>,\n\n3 days left.\n"; e.Body != wantBody {
		t.Errorf("body %q; want %q (the text body is never escaped)", e.Body, wantBody)
	}
	e, err = Render(tpl, "en", values("Name", "Ivan", "Reason", "A & B", "Days", "1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = "<p>Hi <b>Ivan</b>,</p>\n\n<p class=\"reason\">A &amp; B</p>\n\n<p>1 day <i>left</i>.</p>\n"
	if diff := cmp.Diff(want, e.HTML); diff != "" {
		t.Errorf("html (-want +got):\n%s", diff)
	}
	// Without an html body there is none.
	e, err = Render(mustParse(t, testTemplate), "en", values("Name", "Ivan", "Product", "P"), Options{})
	if err != nil || e.HTML != "" {
		t.Errorf("no html body: %q, %v", e.HTML, err)
	}
}
