package email

import (
	"bytes"
	"encoding/json"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hostileValues are values a data file could hold, aimed at every way of
// adding a recipient or a header through an address flag.
var hostileValues = []string{
	"Bob <attacker@evil.com>, Ivan",
	"ivan@example.com>, Eve <attacker@evil.com",
	"Smith, Jo",
	`Jo "The Boss" Smith`,
	`"Eve" <attacker@evil.com>`,
	`a\"b\\c, <x@evil.com>`,
	"Jo (attacker@evil.com) Smith",
	"Jo) , x@evil.com, (y",
	"=?utf-8?q?Eve_=3Cattacker=40evil.com=3E=2C_Ivan?=",
	"=?utf-8?b?RXZlIDxhdHRhY2tlckBldmlsLmNvbT4=?=",
	`back\slash\`,
	"two  spaces   three",
	" leading and trailing ",
	"Иван, Петров <attacker@evil.com>",
	"Ζωή 🙂 ‮evil",
	"undisclosed-recipients:;",
	"group: a@evil.com, b@evil.com;",
	"a@evil.com",
	"<>",
	"",
	";",
	"\t",
}

// lineBreakValues must be refused wherever they go.
var lineBreakValues = []string{
	"Ivan\r\nBcc: attacker@evil.com",
	"Ivan\nBcc: attacker@evil.com",
	"Ivan\r",
	"=?utf-8?q?Ivan=0D=0ABcc:_attacker@evil.com?=",
	"=?utf-8?b?SXZhbgpCY2M6IGF0dGFja2VyQGV2aWwuY29t?=",
}

var addressFlags = []string{"--to", "--cc", "--bcc", "--from", "--reply-to"}

func lookupOf(vals map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := vals[name]; return v, ok }
}

// TestFillAddressesDisplayName: a value in a display-name position is that
// one display name, exactly, for every flag and hostile value.
func TestFillAddressesDisplayName(t *testing.T) {
	patterns := []struct {
		pattern string
		want    func(v string) []*mail.Address
	}{
		{"[Name] <[Email]>", func(v string) []*mail.Address { return []*mail.Address{{Name: v, Address: "ivan@example.com"}} }},
		{`"[Name]" <ivan@example.com>`, func(v string) []*mail.Address { return []*mail.Address{{Name: v, Address: "ivan@example.com"}} }},
		{"Dear [Name] <[Email]>", func(v string) []*mail.Address {
			return []*mail.Address{{Name: "Dear " + v, Address: "ivan@example.com"}}
		}},
		{"Support <support@example.com>, [Name] <[Email]>", func(v string) []*mail.Address {
			return []*mail.Address{{Name: "Support", Address: "support@example.com"}, {Name: v, Address: "ivan@example.com"}}
		}},
	}
	for _, flag := range addressFlags {
		for _, p := range patterns {
			for _, v := range hostileValues {
				got, err := FillAddresses(flag, p.pattern, lookupOf(map[string]string{"Name": v, "Email": "ivan@example.com"}))
				if err != nil {
					t.Errorf("%s %q with Name %q: %v", flag, p.pattern, v, err)
					continue
				}
				want := p.want(v)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s %q with Name %q (-want +got):\n%s", flag, p.pattern, v, diff)
				}
				if flag == "--from" && len(got) != 1 {
					continue
				}
				if diff := cmp.Diff(want, roundTrip(t, flag, got)); diff != "" {
					t.Errorf("%s %q with Name %q, read back by net/mail (-want +got):\n%s", flag, p.pattern, v, diff)
				}
			}
		}
	}
}

// TestFillAddressesAddressPosition: a value in an address position is one
// plain addr-spec or an error naming the flag and the placeholder.
func TestFillAddressesAddressPosition(t *testing.T) {
	patterns := []struct{ pattern, variable, fixed string }{
		{"Ivan <[Email]>", "Email", ""},
		{"[Email]@example.com", "Email", "@example.com"},
		{"Ivan <[Email]@example.com>", "Email", "@example.com"},
		{"Ivan <ivan@[Email]>", "Email", "ivan@"},
	}
	for _, flag := range addressFlags {
		for _, p := range patterns {
			for _, v := range append(append([]string{}, hostileValues...), "ivan@example.com (comment)", `"a b"@example.com`, "ivan@example.com\u00a0") {
				if v == "a@evil.com" && p.pattern == "Ivan <[Email]>" {
					continue // one plain address, the one asked for
				}
				got, err := FillAddresses(flag, p.pattern, lookupOf(map[string]string{p.variable: v}))
				if err == nil {
					t.Errorf("%s %q with %s %q: no error, got %v", flag, p.pattern, p.variable, v, got)
					continue
				}
				if !strings.HasPrefix(err.Error(), flag+":") || !strings.Contains(err.Error(), "["+p.variable+"]") {
					t.Errorf("%s %q with %q: error %q does not name the flag and [%s]", flag, p.pattern, v, err, p.variable)
				}
			}
		}
	}
	// Plain values still work in each position.
	ok := []struct{ pattern, value, want string }{
		{"Ivan <[Email]>", "ivan.petrov+tag@example.com", "ivan.petrov+tag@example.com"},
		{"[Email]@example.com", "ivan", "ivan@example.com"},
		{"Ivan <ivan@[Email]>", "mail.example.com", "ivan@mail.example.com"},
		{"Ivan < [Email] >", "ivan@example.com", "ivan@example.com"},
		{"Ivan <[Email]>", " ivan@example.com\t", "ivan@example.com"},
	}
	for _, c := range ok {
		got, err := FillAddresses("--to", c.pattern, lookupOf(map[string]string{"Email": c.value}))
		if err != nil || len(got) != 1 || got[0].Address != c.want {
			t.Errorf("%q with %q = %v, %v; want one address %s", c.pattern, c.value, got, err, c.want)
		}
	}
}

// TestFillAddressesWholeAddress: a placeholder that is a whole address must
// hold exactly one address (or nothing).
func TestFillAddressesWholeAddress(t *testing.T) {
	cases := []struct {
		value string
		want  []*mail.Address // nil with wantErr
		err   string
	}{
		{"ivan@example.com", []*mail.Address{{Address: "ivan@example.com"}}, ""},
		{"Ivan Petrov <ivan@example.com>", []*mail.Address{{Name: "Ivan Petrov", Address: "ivan@example.com"}}, ""},
		{`"Smith, Jo" <jo@example.com>`, []*mail.Address{{Name: "Smith, Jo", Address: "jo@example.com"}}, ""},
		{"", nil, ""},
		{"  ", nil, ""},
		{"ivan@example.com, attacker@evil.com", nil, `--cc: [Email] is "ivan@example.com, attacker@evil.com", which holds 2 addresses; a value must give exactly one`},
		{"Bob <attacker@evil.com>, Ivan", nil, `--cc: [Email] is "Bob <attacker@evil.com>, Ivan", not an address`},
		{"ivan@example.com>, Eve <attacker@evil.com", nil, `--cc: [Email] is "ivan@example.com>, Eve <attacker@evil.com", not an address`},
		{"=?utf-8?q?a=0D=0Ab?= <x@example.com>", nil, "--cc: the value of [Email] holds a line break once decoded"},
		{"Ivan", nil, `--cc: [Email] is "Ivan", not an address`},
		{"иван@example.com", []*mail.Address{{Address: "иван@example.com"}}, ""},
		{"Иван <иван@пример.бг>", []*mail.Address{{Name: "Иван", Address: "иван@xn--e1afmkfd.xn--90ae"}}, ""},
		{"иван@-пример.бг", nil, `--cc: [Email]: address "иван@-пример.бг": the domain "-пример.бг" is not a valid international domain name`},
	}
	for _, c := range cases {
		got, err := FillAddresses("--cc", "[Email]", lookupOf(map[string]string{"Email": c.value}))
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%q: got %v, %v; want error %q", c.value, got, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.value, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.value, diff)
		}
	}
}

func TestFillAddressesLineBreaks(t *testing.T) {
	for _, pattern := range []string{"[Name] <[Email]>", "[Name] <ivan@example.com>", "[Email]", `"[Name]" <ivan@example.com>`} {
		for _, v := range lineBreakValues {
			got, err := FillAddresses("--reply-to", pattern, lookupOf(map[string]string{"Name": v, "Email": v}))
			if err == nil || !strings.Contains(err.Error(), "line break") || !strings.HasPrefix(err.Error(), "--reply-to: ") {
				t.Errorf("%q with %q: got %v, %v; want a line-break error", pattern, v, got, err)
			}
		}
	}
	// A pattern's own encoded-word that decodes to a line break.
	if _, err := FillAddresses("--to", "=?utf-8?q?a=0D=0Ab?= <x@example.com>", lookupOf(nil)); err == nil {
		t.Error("pattern with an encoded line break: no error")
	}
}

func TestFillAddressesPatterns(t *testing.T) {
	vals := lookupOf(map[string]string{"Name": "Ivan Petrov", "Email": "ivan@example.com", "First": "Ivan", "Last": "Petrov"})
	cases := []struct {
		pattern string
		want    []*mail.Address
		err     string
	}{
		{"", nil, ""},
		{"Support <support@example.com>, [Email]", []*mail.Address{{Name: "Support", Address: "support@example.com"}, {Address: "ivan@example.com"}}, ""},
		{"a@example.com, b@example.com", []*mail.Address{{Address: "a@example.com"}, {Address: "b@example.com"}}, ""},
		{`"Acme, Sales" <sales@example.com>, [Name] <[Email]>`, []*mail.Address{{Name: "Acme, Sales", Address: "sales@example.com"}, {Name: "Ivan Petrov", Address: "ivan@example.com"}}, ""},
		{"[First] [Last] <[Email]>", []*mail.Address{{Name: "Ivan Petrov", Address: "ivan@example.com"}}, ""},
		{"[First][Last] <[Email]>", []*mail.Address{{Name: "IvanPetrov", Address: "ivan@example.com"}}, ""},
		{"tmplslot0tmplslot <[Email]>", []*mail.Address{{Name: "tmplslot0tmplslot", Address: "ivan@example.com"}}, ""},
		{`"\[Name]" <[Email]>`, []*mail.Address{{Name: "[Name]", Address: "ivan@example.com"}}, ""},
		{"[Missing] <[Other]>", nil, "--to uses Missing, Other, which has no value"},
		{"Ivan (note [Name]) <[Email]>", nil, "--to: [Name] is inside a comment"},
		{"[Name] [Email]", nil, `--to: invalid address pattern "[Name] [Email]"`},
	}
	for _, c := range cases {
		got, err := FillAddresses("--to", c.pattern, vals)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%q: got %v, %v; want error %q", c.pattern, got, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.pattern, diff)
		}
	}
}

// roundTrip writes addrs into the header flag sets and reads them back with
// net/mail.
func roundTrip(t *testing.T, flag string, addrs []*mail.Address) []*mail.Address {
	t.Helper()
	m := &Message{Subject: "s", Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>"}
	setHeader(m, flag, addrs)
	var buf bytes.Buffer
	if err := WriteEML(&buf, m); err != nil {
		t.Fatalf("WriteEML: %v", err)
	}
	p, err := parseEML(buf.Bytes())
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}
	switch flag {
	case "--from":
		return []*mail.Address{p.From}
	case "--cc":
		return p.Cc
	case "--bcc":
		return p.Bcc
	case "--reply-to":
		return p.ReplyTo
	}
	return p.To
}

func setHeader(m *Message, flag string, addrs []*mail.Address) {
	switch flag {
	case "--from":
		m.From = addrs[0]
	case "--cc":
		m.Cc = addrs
	case "--bcc":
		m.Bcc = addrs
	case "--reply-to":
		m.ReplyTo = addrs
	default:
		m.To = addrs
	}
}

// pythonAddresses reads an eml file with Python's email parser
// (policy=default) and returns each address header's (name, address) pairs.
const pythonAddresses = `
import sys, json
from email import message_from_binary_file, policy
out = {}
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = message_from_binary_file(f, policy=policy.default)
    out[path] = {h: [[a.display_name, a.addr_spec] for a in m[h].addresses] for h in ('From', 'To', 'Cc', 'Bcc', 'Reply-To') if m[h] is not None}
    out[path]['Subject'] = [[str(m['Subject']), '']]
json.dump(out, sys.stdout)
`

// TestFillAddressesPython: Python's email parser reads exactly the
// recipients of the pattern, with every hostile display name.
func TestFillAddressesPython(t *testing.T) {
	dir := t.TempDir()
	want := map[string]map[string][][2]string{}
	var paths []string
	for i, v := range hostileValues {
		m := &Message{Subject: "s", Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>"}
		exp := map[string][][2]string{"Subject": {{"s", ""}}}
		for _, flag := range addressFlags {
			got, err := FillAddresses(flag, "Support <support@example.com>, [Name] <[Email]>", lookupOf(map[string]string{"Name": v, "Email": "ivan@example.com"}))
			if flag == "--from" {
				got, err = FillAddresses(flag, "[Name] <[Email]>", lookupOf(map[string]string{"Name": v, "Email": "ivan@example.com"}))
			}
			if err != nil {
				t.Fatalf("%s %q: %v", flag, v, err)
			}
			setHeader(m, flag, got)
			var pairs [][2]string
			for _, a := range got {
				pairs = append(pairs, [2]string{a.Name, a.Address})
			}
			exp[headerOf(flag)] = pairs
		}
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, strings.Repeat("m", 1)+string(rune('a'+i))+".eml")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
		want[path] = exp
	}
	got := runPython(t, pythonAddresses, paths...)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Python's reading (-want +got):\n%s", diff)
	}
}

func headerOf(flag string) string {
	return map[string]string{"--to": "To", "--cc": "Cc", "--bcc": "Bcc", "--from": "From", "--reply-to": "Reply-To"}[flag]
}

func runPython(t *testing.T, script string, args ...string) map[string]map[string][][2]string {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"-c", script}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	var got map[string]map[string][][2]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python3 output %q: %v", out, err)
	}
	return got
}

// TestFillAddressesIssueAttacks: the two attacks of issue 13, as the To
// header templ writes. On main, "templ render refund-reject -f eml --to
// '[Name] <ivan@example.com>' --name 'Bob <attacker@evil.com>, Ivan'" wrote
// To: "Bob" <attacker@evil.com>, "Ivan" <ivan@example.com>.
func TestFillAddressesIssueAttacks(t *testing.T) {
	got, err := FillAddresses("--to", "[Name] <[Email]>", lookupOf(map[string]string{"Name": "Bob <attacker@evil.com>, Ivan", "Email": "ivan@example.com"}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteEML(&buf, &Message{Subject: "s", Body: "b\n", Date: fixedDate, MessageID: "<x@example.com>", To: got}); err != nil {
		t.Fatal(err)
	}
	if want := "\r\nTo: \"Bob <attacker@evil.com>, Ivan\" <ivan@example.com>\r\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("message:\n%s\nwant the line %q", buf.String(), want)
	}
	_, err = FillAddresses("--to", "[Name] <[Email]>", lookupOf(map[string]string{"Name": "Ivan", "Email": "ivan@example.com>, Eve <attacker@evil.com"}))
	want := `--to: [Email] gives the address "ivan@example.com>, Eve <attacker@evil.com", which is not a bare address; give a single address such as user@example.com`
	if err == nil || err.Error() != want {
		t.Errorf("got error %v\nwant %s", err, want)
	}
}
