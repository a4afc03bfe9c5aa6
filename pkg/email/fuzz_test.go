package email

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzEMLRoundTrip writes a message and reads it back with the standard
// library's mail readers: subject, body and sender's display name must come
// back unchanged, and every line must keep to its length limit. The seed
// corpus is in testdata/fuzz/FuzzEMLRoundTrip.
func FuzzEMLRoundTrip(f *testing.F) {
	f.Fuzz(func(t *testing.T, subject, body, displayName string) {
		// Input filtering: WriteEML refuses a subject with a line break by
		// design, and templates are UTF-8 text.
		if !utf8.ValidString(subject) || !utf8.ValidString(body) || !utf8.ValidString(displayName) ||
			strings.ContainsAny(subject, "\r\n") {
			return
		}
		m := &Message{
			Subject:   subject,
			Body:      body,
			From:      &mail.Address{Name: displayName, Address: "maria@example.com"},
			To:        []*mail.Address{{Name: displayName, Address: "ivan@example.com"}, {Address: "b@example.com"}},
			Date:      fixedDate,
			MessageID: "<fuzz@example.com>",
		}
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatalf("WriteEML: %v", err)
		}
		if problems := lineLengthProblems(buf.Bytes()); len(problems) > 0 {
			t.Errorf("line problems:\n%s\n\nmessage:\n%s", strings.Join(problems, "\n"), buf.String())
		}
		got, err := parseEML(buf.Bytes())
		if err != nil {
			t.Fatalf("parse: %v\nmessage:\n%s", err, buf.String())
		}
		want := &parsed{Subject: m.Subject, Body: m.Body, From: m.From, To: m.To}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round trip (-want +got):\n%s\nmessage:\n%s", diff, buf.String())
		}
	})
}
