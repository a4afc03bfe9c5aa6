package email

import (
	"bytes"
	"fmt"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/idna"
)

func TestNormalizeAddress(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{in: "иван@пример.бг", want: "иван@xn--e1afmkfd.xn--90ae"},
		{in: "müller@bücher.de", want: "müller@xn--bcher-kva.de"},
		{in: "info@bücher.de", want: "info@xn--bcher-kva.de"},
		{in: "müller@example.com", want: "müller@example.com"},
		// The domain is mapped as DNS looks it up; the local part is the
		// receiving server's business and stays exactly as given.
		{in: "Müller@BÜCHER.DE", want: "Müller@xn--bcher-kva.de"},
		{in: "a@straße.de", want: "a@xn--strae-oqa.de"}, // IDNA2008: ß is kept, not turned into ss
		{in: "a@bücher。de", want: "a@xn--bcher-kva.de"}, // an ideographic full stop is a dot
		{in: "用户@例子.广告", want: "用户@xn--fsqu00a.xn--4rr70v"},
		{in: "Ivan@EXAMPLE.com", want: "Ivan@EXAMPLE.com"}, // ASCII: as typed
		{in: "a@xn--bcher-kva.de", want: "a@xn--bcher-kva.de"},
		{in: "john doe@example.com", want: "john doe@example.com"}, // a quoted local part, unquoted
		{in: "a@[192.0.2.1]", want: "a@[192.0.2.1]"},

		{in: "a@-bücher.de", err: `address "a@-bücher.de": the domain "-bücher.de" is not a valid international domain name (invalid label "-bücher"); check its spelling`},
		{in: "a@bü cher.de", err: `address "a@bü cher.de": the domain "bü cher.de" is not a valid international domain name (disallowed rune U+0020); check its spelling`},
		{in: "a@bücher..de", err: `address "a@bücher..de": the domain "bücher..de" is not a valid international domain name (invalid label "bücher..de"); check its spelling`},
		{in: "a@ü" + strings.Repeat("x", 70) + ".de", err: `address "a@ü` + strings.Repeat("x", 70) + `.de": the domain "ü` + strings.Repeat("x", 70) + `.de" is not a valid international domain name (invalid label "xn--` + strings.Repeat("x", 70) + `-tgh"); check its spelling`},
		{in: "a@ü.de.", err: `address "a@ü.de." cannot be written in a header; use the form user@example.com`},
		{in: "a\u200b@example.com", err: `address "a\u200b@example.com" holds the invisible or control character U+200B; remove it`},
		{in: "a\u202e@example.com", err: `address "a\u202e@example.com" holds the invisible or control character U+202E; remove it`},
		{in: "a\u00a0b@example.com", err: `address "a\u00a0b@example.com" holds the invisible or control character U+00A0; remove it`},
		{in: "a\x7f@example.com", err: `address "a\x7f@example.com" holds a control character; remove it`},
		{in: "a@exa\x01mple.com", err: `address "a@exa\x01mple.com" holds a control character; remove it`},
		{in: "m\xfcller@example.com", err: `address "m\xfcller@example.com" is not valid UTF-8 text; save the data as UTF-8`},
		{in: "a@example.com\r\nBcc: x@evil.com", err: `line break in address "a@example.com\r\nBcc: x@evil.com"; an address must be on one line`},
		{in: "ivan", err: `address "ivan" has no @; use the form user@example.com`},
		{in: "@example.com", err: `address "@example.com" needs a name before the @ and a domain after it; use the form user@example.com`},
		{in: "ivan@", err: `address "ivan@" needs a name before the @ and a domain after it; use the form user@example.com`},
	} {
		got, err := NormalizeAddress(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("NormalizeAddress(%q) = %q, %q\nwant %q, %q", tt.in, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestFillAddressesInternational(t *testing.T) {
	got, err := FillAddresses("--to", "Иван Петров <иван@пример.бг>, müller@bücher.de", lookupOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []*mail.Address{addr("Иван Петров", "иван@xn--e1afmkfd.xn--90ae"), addr("", "müller@xn--bcher-kva.de")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = FillAddresses("--cc", "a@-bücher.de", lookupOf(nil))
	if want := `--cc: address "a@-bücher.de": the domain "-bücher.de" is not a valid international domain name (invalid label "-bücher"); check its spelling`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// intlFlags are address flags as a user types them, with the addresses
// each header must be read back as. The domain comes back in its xn-- form:
// that is what travels (RFC 5890 calls it the A-label of the same name), and
// none of the readers decodes it (Python's email, mblaze and net/mail all
// show the header's bytes). TestIntlAddressesReadBack checks separately
// that each A-label decodes to the domain typed.
var intlFlags = []struct {
	header, flag string
	typed        [][2]string // name, address as typed
}{
	{"From", "Jörg Müller <jörg.müller@bücher.de>", [][2]string{{"Jörg Müller", "jörg.müller@bücher.de"}}},
	{"To", "[Name] <[Email]>, müller@bücher.de", [][2]string{{"Иван Петров", "иван@пример.бг"}, {"", "müller@bücher.de"}}},
	{"Cc", "Δοκιμή <δοκιμή@παράδειγμα.δοκιμή>, [Info]", [][2]string{{"Δοκιμή", "δοκιμή@παράδειγμα.δοκιμή"}, {"", "info@bücher.de"}}},
	{"Bcc", "用户@例子.广告", [][2]string{{"", "用户@例子.广告"}}},
	{"Reply-To", "Müller <müller@example.com>", [][2]string{{"Müller", "müller@example.com"}}},
}

// wire is the address as it must be read back: the domain in ASCII.
func wire(t *testing.T, address string) string {
	at := strings.LastIndexByte(address, '@')
	domain, err := idna.Lookup.ToASCII(address[at+1:])
	if err != nil {
		t.Fatal(err)
	}
	return address[:at+1] + domain
}

// intlValues fill the placeholders of intlFlags, as a batch record would.
var intlValues = map[string]string{"Name": "Иван Петров", "Email": "иван@пример.бг", "Info": "info@bücher.de"}

// intlMessage builds the message templ writes for intlFlags, through the
// same filling and parsing the flags go through (FillAddresses), and what
// each header must read as.
func intlMessage(t *testing.T) (*Message, map[string][][2]string) {
	m := &Message{Subject: "Поръчка", Body: "Здравейте.\n", Date: fixedDate, MessageID: "<x@example.com>"}
	want := map[string][][2]string{}
	for _, f := range intlFlags {
		list, err := FillAddresses("--"+strings.ToLower(f.header), f.flag, attachLookup(intlValues))
		if err != nil {
			t.Fatal(err)
		}
		switch f.header {
		case "From":
			m.From = list[0]
		case "To":
			m.To = list
		case "Cc":
			m.Cc = list
		case "Bcc":
			m.Bcc = list
		case "Reply-To":
			m.ReplyTo = list
		}
		for _, a := range f.typed {
			want[f.header] = append(want[f.header], [2]string{a[0], wire(t, a[1])})
		}
	}
	return m, want
}

// pythonIntl reads eml files and mbox files with Python's email
// (policy.default) and prints each address header's (name, addr_spec)
// pairs. Python's byte parser has no RFC 6532 mode: it keeps 8-bit header
// bytes as surrogate escapes (and decoded encoded-words as text), which are
// turned back into the bytes and read as UTF-8, as RFC 6532 says they are.
const pythonIntl = `
import sys, json, mailbox
from email import message_from_binary_file, policy
def u(s):
    return s.encode('utf-8', 'surrogateescape').decode('utf-8')
def headers(m):
    return {h: [[u(a.display_name), u(a.addr_spec)] for a in m[h].addresses] for h in ('From', 'To', 'Cc', 'Bcc', 'Reply-To') if m[h] is not None}
out = {}
for path in sys.argv[1:]:
    if path.endswith('.mbox'):
        for i, m in enumerate(mailbox.mbox(path, factory=lambda f: message_from_binary_file(f, policy=policy.default))):
            out[path + ':' + str(i)] = headers(m)
    else:
        with open(path, 'rb') as f:
            out[path] = headers(message_from_binary_file(f, policy=policy.default))
json.dump(out, sys.stdout)
`

// TestIntlAddressesReadBack writes international addresses to an eml and
// an mbox and has net/mail, Python's email and mblaze read them back.
func TestIntlAddressesReadBack(t *testing.T) {
	m, want := intlMessage(t)
	// Each A-label read back is the domain that was typed.
	for _, f := range intlFlags {
		for _, a := range f.typed {
			w := wire(t, a[1])
			at := strings.LastIndexByte(w, '@')
			u, err := idna.ToUnicode(w[at+1:])
			if typed := a[1][strings.LastIndexByte(a[1], '@')+1:]; err != nil || u != typed {
				t.Errorf("%s decodes to %q (%v), typed %q", w, u, err, typed)
			}
		}
	}
	var eml, mbox bytes.Buffer
	if err := WriteEML(&eml, m); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := WriteMbox(&mbox, m); err != nil {
			t.Fatal(err)
		}
	}
	if testing.Verbose() {
		t.Logf("eml:\n%s", eml.Bytes())
	}
	if problems := lineLengthProblems(eml.Bytes()); problems != nil {
		t.Errorf("eml breaks line rules: %q", problems)
	}

	// net/mail, on the eml and on each message of the mbox.
	msgs := [][]byte{eml.Bytes()}
	_, inMbox := readMboxrd(t, mbox.Bytes())
	msgs = append(msgs, inMbox...)
	for i, raw := range msgs {
		p, err := parseEML(raw)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		got := map[string][][2]string{}
		for header, list := range map[string][]*mail.Address{"From": {p.From}, "To": p.To, "Cc": p.Cc, "Bcc": p.Bcc, "Reply-To": p.ReplyTo} {
			for _, a := range list {
				got[header] = append(got[header], [2]string{a.Name, a.Address})
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("net/mail, message %d (-want +got):\n%s", i, diff)
		}
	}

	dir := t.TempDir()
	emlPath, mboxPath := filepath.Join(dir, "m.eml"), filepath.Join(dir, "m.mbox")
	for path, data := range map[string][]byte{emlPath: eml.Bytes(), mboxPath: mbox.Bytes()} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("python", func(t *testing.T) {
		got := runPython(t, pythonIntl, emlPath, mboxPath)
		wantAll := map[string]map[string][][2]string{emlPath: want, mboxPath + ":0": want, mboxPath + ":1": want}
		if diff := cmp.Diff(wantAll, got); diff != "" {
			t.Errorf("Python's email (-want +got):\n%s", diff)
		}
	})
	t.Run("mblaze", func(t *testing.T) {
		if _, err := exec.LookPath("mhdr"); err != nil {
			t.Fatal("mhdr is not on PATH; this test needs mblaze (apt-get install mblaze) to read the headers as a mail reader does")
		}
		// mdeliver -M splits the mbox into a maildir, one file a message.
		maildir := filepath.Join(dir, "maildir")
		if out, err := exec.Command("mmkdir", maildir).CombinedOutput(); err != nil {
			t.Fatalf("mmkdir: %v\n%s", err, out)
		}
		deliver := exec.Command("mdeliver", "-M", maildir)
		deliver.Stdin = bytes.NewReader(mbox.Bytes())
		if out, err := deliver.CombinedOutput(); err != nil {
			t.Fatalf("mdeliver -M: %v\n%s", err, out)
		}
		files, err := filepath.Glob(filepath.Join(maildir, "new", "*"))
		if err != nil || len(files) != 2 {
			t.Fatalf("mdeliver -M made %v (%v), want 2 messages", files, err)
		}
		for _, f := range intlFlags {
			for _, file := range append([]string{emlPath}, files...) {
				mhdrMatches(t, file, f.header, want[f.header])
			}
		}
	})
}

// mhdrMatches has mblaze's mhdr read one address header of file.
func mhdrMatches(t *testing.T, file, header string, want [][2]string) {
	t.Helper()
	// mhdr -A prints one decoded address a line: "Name <addr>".
	out, err := exec.Command("mhdr", "-h", header, "-A", "-d", file).Output()
	if err != nil {
		t.Fatalf("mhdr -h %s %s: %v", header, file, err)
	}
	var wantLines string
	for _, a := range want {
		if a[0] == "" {
			wantLines += a[1] + "\n"
		} else {
			wantLines += fmt.Sprintf("%s <%s>\n", a[0], a[1])
		}
	}
	if diff := cmp.Diff(wantLines, string(out)); diff != "" {
		t.Errorf("mhdr %s %s (-want +got):\n%s", header, file, diff)
	}
}

func TestNeedsSMTPUTF8(t *testing.T) {
	m := &Message{To: []*mail.Address{addr("Иван", "ivan@xn--e1afmkfd.xn--90ae")}}
	if NeedsSMTPUTF8(m) {
		t.Error("an ASCII address with a Cyrillic display name needs no SMTPUTF8")
	}
	m.Bcc = []*mail.Address{addr("", "müller@example.com")}
	if !NeedsSMTPUTF8(m) {
		t.Error("a UTF-8 local part needs SMTPUTF8")
	}
}

// FuzzNormalizeAddress: whatever NormalizeAddress accepts is normalised for
// good (a second call changes nothing), passes the header writer's check
// and reads back from an eml as the same address.
func FuzzNormalizeAddress(f *testing.F) {
	for _, s := range []string{"иван@пример.бг", "müller@bücher.de", "a@b", "a\"b@example.com", "x@[192.0.2.1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		n, err := NormalizeAddress(addr)
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("error is not one line: %q", msg)
			}
			return
		}
		if again, err := NormalizeAddress(n); err != nil || again != n {
			t.Fatalf("NormalizeAddress(%q) = %q, then %q, %v", addr, n, again, err)
		}
		m := &Message{Subject: "s", Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>", To: []*mail.Address{{Address: n}}}
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatalf("WriteEML(%q): %v", n, err)
		}
		p, err := parseEML(buf.Bytes())
		if err != nil || len(p.To) != 1 || p.To[0].Address != n {
			t.Fatalf("%q reads back as %v, %v\n%s", n, p, err, buf.Bytes())
		}
	})
}
