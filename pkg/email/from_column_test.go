package email

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fromColumnMessages puts "From " (and ">From ", ">>From ") at every
// column 0..80 of a line, after plain letters and after "=" (three
// characters each once encoded), so that every soft line break lands
// before, inside and after it; then random bodies. Each body comes plain,
// plain with an attachment, with an HTML part (the same text, so the same
// columns) and with both.
func fromColumnMessages() []*Message {
	var bodies []string
	for col := range 81 {
		for _, lead := range []string{strings.Repeat("x", col), strings.Repeat("=", col/3) + strings.Repeat("x", col%3)} {
			for _, tail := range []string{"From here\n", ">From there\n", ">>From everywhere\nnext\n", "From "} {
				bodies = append(bodies, lead+tail)
			}
		}
		bodies = append(bodies, "From "+strings.Repeat("y", col)+"\n")
	}
	r := rand.New(rand.NewPCG(4155, 2045))
	for range 300 {
		bodies = append(bodies, randomBody(r))
	}
	var msgs []*Message
	for i, body := range bodies {
		for kind := range 4 {
			m := &Message{Subject: "From column", Body: body, Date: fixedDate,
				MessageID: fmt.Sprintf("<col-%d-%d@example.com>", i, kind)}
			if kind&1 == 1 {
				m.Attachments = []Attachment{{Filename: "a.bin", Data: []byte("From here\n\x00\xff" + body)}}
			}
			if kind&2 == 2 {
				m.HTML = body
			}
			msgs = append(msgs, m)
		}
	}
	return msgs
}

// wantParts is what a mail reader must decode from m: the MIME tree's
// types, the text, the HTML and the attachments.
func wantParts(m *Message) decoded {
	if m.HTML != "" {
		return wantDecoded(m, m.HTML)
	}
	d := wantDecoded(m, "")
	d.Types = []string{"text/plain"}
	if len(m.Attachments) > 0 {
		d.Types = []string{"multipart/mixed", "text/plain", "application/octet-stream"}
	}
	return d
}

// TestFromAtEveryColumnEML: as eml, every line keeps to its limit (76
// characters in a body, so 78 bytes with the CRLF) and every part decodes
// back to its input.
func TestFromAtEveryColumnEML(t *testing.T) {
	for _, m := range fromColumnMessages() {
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatal(err)
		}
		if p := lineLengthProblems(buf.Bytes()); len(p) > 0 {
			t.Fatalf("body %q: line problems %q:\n%s", m.Body, p, buf.String())
		}
		if diff := cmp.Diff(wantParts(m), goDecode(t, buf.Bytes())); diff != "" {
			t.Fatalf("body %q (-want +got):\n%s", m.Body, diff)
		}
	}
}
