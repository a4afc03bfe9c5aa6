package email

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTextToHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"paragraphs and breaks", "Hi Ivan,\n\nOne.\nTwo.\n\n\nThree.\n",
			"<p>Hi Ivan,</p>\n<p>One.<br>\nTwo.</p>\n<p>Three.</p>\n"},
		{"bullets", "We offer:\n- a refund\n- a discount\n\nBye\n",
			"<p>We offer:</p>\n<ul>\n<li>a refund</li>\n<li>a discount</li>\n</ul>\n<p>Bye</p>\n"},
		{"numbers", "1. Why?\n2. What?\n",
			"<ol>\n<li>Why?</li>\n<li>What?</li>\n</ol>\n"},
		{"numbers from 3", "3. Third\n4. Fourth\n",
			"<ol start=\"3\">\n<li>Third</li>\n<li>Fourth</li>\n</ol>\n"},
		{"not a list", "-not a bullet\n1.5 is a number\n",
			"<p>-not a bullet<br>\n1.5 is a number</p>\n"},
		{"url", "Policy: https://acme.example/refund-policy.\n",
			"<p>Policy: <a href=\"https://acme.example/refund-policy\">https://acme.example/refund-policy</a>.</p>\n"},
		{"url with query in brackets", "(see http://x.example/a?b=1&c=2)\n",
			"<p>(see <a href=\"http://x.example/a?b=1&amp;c=2\">http://x.example/a?b=1&amp;c=2</a>)</p>\n"},
		{"url with balanced brackets", "https://en.example/wiki/A_(b)\n",
			"<p><a href=\"https://en.example/wiki/A_(b)\">https://en.example/wiki/A_(b)</a></p>\n"},
		{"email", "Write to support@acme.example, please.\n",
			"<p>Write to <a href=\"mailto:support@acme.example\">support@acme.example</a>, please.</p>\n"},
		{"cyrillic", "Здравейте, Иван,\n",
			"<p>Здравейте, Иван,</p>\n"},
		{"no javascript links", "javascript:alert(1) data:text/html,x\n",
			"<p>javascript:alert(1) data:text/html,x</p>\n"},
		{"crlf and trailing blanks", "a \r\n\r\nb\n",
			"<p>a</p>\n<p>b</p>\n"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, TextToHTML(tc.in)); diff != "" {
				t.Errorf("TextToHTML(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// TestTextToHTMLEscapesValues: values are in the text already; whatever
// they hold, they come out as text, inside links too.
func TestTextToHTMLEscapesValues(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hi <script>alert(1)</script>,\n",
			"<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;,</p>\n"},
		{`Name: "><img src=x onerror=alert(1)>` + "\n",
			"<p>Name: &#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{`https://x.example/"><img src=x onerror=alert(1)>` + "\n",
			`<p><a href="https://x.example/">https://x.example/</a>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p>` + "\n"},
		{"https://x.example/'onmouseover='alert(1)\n",
			`<p><a href="https://x.example/">https://x.example/</a>&#39;onmouseover=&#39;alert(1)</p>` + "\n"},
		{"- <b>bold</b> & co\n",
			"<ul>\n<li>&lt;b&gt;bold&lt;/b&gt; &amp; co</li>\n</ul>\n"},
		{"a<b@x.example\n",
			"<p>a&lt;<a href=\"mailto:b@x.example\">b@x.example</a></p>\n"},
	} {
		if diff := cmp.Diff(tc.want, TextToHTML(tc.in)); diff != "" {
			t.Errorf("TextToHTML(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestFillLayout(t *testing.T) {
	layout := "<html><body><div class=\"frame\">[Body]</div><p>[Brand] · [Agent]</p></body></html>\n"
	vals := map[string]string{"Brand": `Acme "><script>`, "Agent": "Мария"}
	got, err := FillLayout(layout, "<p>Hi</p>\n", func(n string) (string, bool) { v, ok := vals[n]; return v, ok })
	want := "<html><body><div class=\"frame\"><p>Hi</p>\n</div><p>Acme &#34;&gt;&lt;script&gt; · Мария</p></body></html>\n"
	if err != nil || got != want {
		t.Errorf("FillLayout = %q, %v; want %q", got, err, want)
	}
	_, err = FillLayout("[body] [Signature]", "x", func(string) (string, bool) { return "", false })
	if err == nil || err.Error() != "html_layout uses Signature, which has no value" {
		t.Errorf("missing value: %v", err)
	}
}

// goldenEmails are the catalogue's full renders in -f text form, one per
// built-in template and language (templates/catalogue_test.go keeps them).
func goldenEmails(t *testing.T) []struct{ id, lang, subject, body string } {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.full.txt"))
	if err != nil || len(files) < 36 {
		t.Fatalf("golden renders: %d files, %v; want one per built-in template and language", len(files), err)
	}
	var out []struct{ id, lang, subject, body string }
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(data), "\n\n")
		subject, ok2 := strings.CutPrefix(head, "Subject: ")
		if !ok || !ok2 {
			t.Fatalf("%s: not in -f text form", f)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".full.txt")
		dot := strings.LastIndexByte(name, '.')
		out = append(out, struct{ id, lang, subject, body string }{name[:dot], name[dot+1:], subject, body})
	}
	return out
}

func htmlGoldenPath(id, lang string) string {
	return filepath.Join("..", "..", "testdata", "golden", "html", id+"."+lang+".html")
}

// TestHTMLGolden keeps the HTML part of every built-in template in both
// languages (with a full customer context) for a reviewer to read; go test
// -update rewrites them.
func TestHTMLGolden(t *testing.T) {
	emails := goldenEmails(t)
	have, _ := filepath.Glob(htmlGoldenPath("*", "*"))
	if len(have) != len(emails) {
		t.Errorf("%d html goldens for %d renders; remove the ones of templates that are gone", len(have), len(emails))
	}
	for _, e := range emails {
		got := HTMLDocument(e.lang, e.subject, TextToHTML(e.body))
		path := htmlGoldenPath(e.id, e.lang)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", path, diff)
		}
	}
}

// TestHTMLGoldenValid runs Debian's HTML validator, tidy, over every HTML
// golden: no errors and no warnings.
func TestHTMLGoldenValid(t *testing.T) {
	tidy, err := exec.LookPath("tidy")
	if err != nil {
		t.Fatal("tidy is not on PATH; install it (apt-get install tidy; scripts/test.sh does)")
	}
	for _, e := range goldenEmails(t) {
		path := htmlGoldenPath(e.id, e.lang)
		var stderr bytes.Buffer
		cmd := exec.Command(tidy, "-quiet", "-errors", "-utf8", "--show-warnings", "yes", path)
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("tidy %s: %v\n%s", path, err, stderr.String())
		}
	}
}
