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

// FuzzFillAddresses puts hostile values into every position of address
// patterns: the output must hold exactly the pattern's recipients, each
// display-name value kept exactly, each address value either the one
// address or an error; the eml written from it must read back the same.
// The seed corpus is in testdata/fuzz/FuzzFillAddresses.
func FuzzFillAddresses(f *testing.F) {
	for _, v := range append(append([]string{}, hostileValues...), lineBreakValues...) {
		f.Add(v, "ivan@example.com", "a@example.com")
		f.Add("Ivan", v, v)
	}
	f.Fuzz(func(t *testing.T, name, email, whole string) {
		if !utf8.ValidString(name) {
			return // data files are UTF-8 text; the readers refuse others
		}
		vals := lookupOf(map[string]string{"Name": name, "Email": email, "Whole": whole})
		pattern := `Support <support@example.com>, [Name] <[Email]>, "[Name]" <ivan@[Email]>, [Whole]`
		got, err := FillAddresses("--to", pattern, vals)
		if err != nil {
			return
		}
		if n := len(got); n != 3 && n != 4 {
			t.Fatalf("%d addresses, want 3 or 4: %v", n, got)
		}
		if strings.TrimSpace(whole) == "" && len(got) != 3 || strings.TrimSpace(whole) != "" && len(got) != 4 {
			t.Fatalf("whole %q gave %d addresses", whole, len(got))
		}
		want := []*mail.Address{{Name: "Support", Address: "support@example.com"}, {Name: name, Address: email}, {Name: name, Address: "ivan@" + email}}
		if diff := cmp.Diff(want, got[:3]); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
		if strings.ContainsAny(name+email, "\r\n") {
			t.Fatalf("a line break got through: %v", got)
		}
		m := &Message{Subject: "s", Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>", To: got}
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatalf("WriteEML: %v", err)
		}
		back, err := parseEML(buf.Bytes())
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(got, back.To); diff != "" {
			t.Fatalf("read back (-want +got):\n%s\n%s", diff, buf.String())
		}
	})
}
