package main

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/templ-mail/templ/bench/internal/emailtext"
)

// The columns come in another order than emailtext.Vars, and with a
// Cyrillic name, to show they are matched by the header.
const twoRecords = "Order,Brand,Name,Product,Extra\n" +
	"A-1,Acme,Иван,Acme Cloud,x\n" +
	"A-2,Acme Labs,Maria,Acme VPN,y\n"

func render(t *testing.T, csv, format string) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(path, format, &out)
	return out.String(), err
}

// fill renders the copy by hand, independently of emailtext.Replacer.
func fill(s, name, product, brand, order string) string {
	for _, kv := range [][2]string{{"[Name]", name}, {"[Product]", product}, {"[Brand]", brand}, {"[Order]", order}} {
		s = strings.ReplaceAll(s, kv[0], kv[1])
	}
	return s
}

func TestText(t *testing.T) {
	got, err := render(t, twoRecords, "text")
	if err != nil {
		t.Fatal(err)
	}
	text := emailtext.Text(emailtext.Subject, emailtext.Body)
	want := fill(text, "Иван", "Acme Cloud", "Acme", "A-1") + fill(text, "Maria", "Acme VPN", "Acme Labs", "A-2")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestJSONL(t *testing.T) {
	got, err := render(t, twoRecords, "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(got, "\n")
	body := strings.ReplaceAll(fill(emailtext.Body, "Иван", "Acme Cloud", "Acme", "A-1"), "\n", `\n`)
	want := `{"id":"bench-email","lang":"en","subject":"Your refund for Acme Cloud is approved","body":"` + body +
		`","vars":{"Brand":"Acme","Name":"Иван","Order":"A-1","Product":"Acme Cloud"}}`
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("first JSON line (-want +got):\n%s", diff)
	}
	if n := strings.Count(got, "\n"); n != 2 {
		t.Errorf("got %d lines, want 2", n)
	}
}

// A mail parser must read each mbox message back to the same subject and
// body, with the headers templ writes.
func TestMbox(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	t.Cleanup(func() { now = time.Now })
	got, err := render(t, twoRecords, "mbox")
	if err != nil {
		t.Fatal(err)
	}
	const separator = "From MAILER-DAEMON Fri Jan  2 03:04:05 2026\n"
	messages := strings.Split(got, separator)
	if messages[0] != "" || len(messages) != 3 {
		t.Fatalf("want 2 messages, each after %q; got:\n%s", separator, got)
	}
	msg, err := mail.ReadMessage(strings.NewReader(messages[2]))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Your refund for Acme VPN is approved", "Fri, 02 Jan 2026 03:04:05 +0000",
		fill(emailtext.Body, "Maria", "Acme VPN", "Acme Labs", "A-2") + "\n"}
	if diff := cmp.Diff(want, []string{msg.Header.Get("Subject"), msg.Header.Get("Date"), string(body)}); diff != "" {
		t.Errorf("second message (-want +got):\n%s", diff)
	}
	if id := msg.Header.Get("Message-ID"); !regexp.MustCompile(`^<[0-9a-f]{32}@templ\.invalid>$`).MatchString(id) {
		t.Errorf("Message-ID %q, want 32 hex digits @templ.invalid", id)
	}
}

// -out-dir writes one complete eml file per record, named after its Order,
// and leaves no temporary file behind.
func TestOutDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(path, []byte(twoRecords), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := runDir(path, "eml", dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"A-1.eml", "A-2.eml"}, names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "A-1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ReplaceAll(string(raw), "\r\n", ""), "\n") {
		t.Errorf("A-1.eml has a bare LF:\n%q", raw)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fill(emailtext.Body, "Иван", "Acme Cloud", "Acme", "A-1"), strings.ReplaceAll(string(body), "\r\n", "\n")); diff != "" {
		t.Errorf("A-1.eml body (-want +got):\n%s", diff)
	}
	if err := runDir(path, "mbox", dir); err == nil {
		t.Error("-out-dir with -f mbox: no error")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ csv, format, want string }{
		{twoRecords, "eml", `unknown format "eml"; use jsonl, mbox or text`},
		{"Name,Product,Brand\nIvan,Cloud,Acme\n", "jsonl", `no "Order" column in the header "Name,Product,Brand"`},
	}
	for _, tt := range tests {
		_, err := render(t, tt.csv, tt.format)
		if err == nil {
			t.Errorf("%s: no error, want %q", tt.format, tt.want)
			continue
		}
		// A data error starts with the file's temporary path.
		if !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("error = %q, want it to end with %q", err, tt.want)
		}
	}
}
