package email

import (
	"net/mail"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFillAddressesFixed: a pattern without placeholders is the address
// itself, and what is wrong with it is said in the user's words
// (addressProblem).
func TestFillAddressesFixed(t *testing.T) {
	tests := []struct {
		value   string
		want    []*mail.Address
		wantErr string
	}{
		{value: "", want: nil},
		{value: "   ", want: nil},
		{value: "Иван Петров <ivan@example.com>, b@example.com", want: []*mail.Address{
			addr("Иван Петров", "ivan@example.com"), addr("", "b@example.com"),
		}},
		{value: `"Acme, Sales" <sales@example.com>`, want: []*mail.Address{addr("Acme, Sales", "sales@example.com")}},
		{value: "=?utf-8?q?=D0=98=D0=B2=D0=B0=D0=BD?= <ivan@example.com>", want: []*mail.Address{addr("Иван", "ivan@example.com")}},
		{value: "ivan@example.com\r\nBcc: evil@example.com",
			wantErr: "--to: line break in address; an address must be on one line"},
		{value: "ivan@example.com\n", wantErr: "--to: line break in address; an address must be on one line"},
		{value: `ivan`, wantErr: `--to: "ivan" is not an email address: no @; use the form user@example.com or "Name <user@example.com>"`},
		{value: `Ivan <ivan@example.com`, wantErr: `--to: "Ivan <ivan@example.com" is not an email address: a < without its >; use the form user@example.com or "Name <user@example.com>"`},
		{value: `ivan@`, wantErr: `--to: "ivan@" is not an email address: nothing after @; use the form user@example.com or "Name <user@example.com>"`},
		{value: `@example.com`, wantErr: `--to: "@example.com" is not an email address: nothing before @; use the form user@example.com or "Name <user@example.com>"`},
		{value: `a@b@example.com`, wantErr: `--to: "a@b@example.com" is not an email address: more than one @; use the form user@example.com or "Name <user@example.com>"`},
		{value: `Ivan Petrov ivan@example.com`, wantErr: `--to: "Ivan Petrov ivan@example.com" is not an email address: a space or word where none can go (a display name goes before <address>); use the form user@example.com or "Name <user@example.com>"`},
		{value: `ivan@example..com`, wantErr: `--to: "ivan@example..com" is not an email address: "example..com" is not a domain; use the form user@example.com or "Name <user@example.com>"`},
		{value: `Ivan (x <ivan@example.com>`, wantErr: `--to: "Ivan (x <ivan@example.com>" is not an email address: a ( without its ); use the form user@example.com or "Name <user@example.com>"`},
		{value: `Ivan <>`, wantErr: `--to: "Ivan <>" is not an email address: no address; use the form user@example.com or "Name <user@example.com>"`},
		{value: "иван@пример.бг", want: []*mail.Address{addr("", "иван@xn--e1afmkfd.xn--90ae")}},
		{value: "Müller <müller@example.com>", want: []*mail.Address{addr("Müller", "müller@example.com")}},
		{value: "a\u200b@example.com", wantErr: `--to: address "a\u200b@example.com" holds the invisible or control character U+200B; remove it`},
	}
	for _, tc := range tests {
		got, err := FillAddresses("--to", tc.value, lookupOf(nil))
		if tc.wantErr != "" {
			if err == nil {
				t.Errorf("FillAddresses(%q) = %v, want error %q", tc.value, got, tc.wantErr)
			} else if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
				t.Errorf("FillAddresses(%q) error (-want +got):\n%s", tc.value, diff)
			}
			continue
		}
		if err != nil {
			t.Errorf("FillAddresses(%q): %v", tc.value, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("FillAddresses(%q) (-want +got):\n%s", tc.value, diff)
		}
	}
}

func TestCheckHeaderValue(t *testing.T) {
	if err := CheckHeaderValue("subject", "Поръчка 1042\tготова"); err != nil {
		t.Errorf("one-line value refused: %v", err)
	}
	for _, v := range []string{"a\nb", "a\rb", "a\r\nBcc: x@example.com"} {
		err := CheckHeaderValue("subject", v)
		want := "subject: line break in " + `"` + escape(v) + `"` + "; a header value must be on one line"
		if err == nil || err.Error() != want {
			t.Errorf("CheckHeaderValue(%q) = %v, want %q", v, err, want)
		}
	}
}

// escape is what %q does inside the quotes for the few control characters
// these tests use.
func escape(s string) string {
	out := ""
	for _, r := range s {
		switch r {
		case '\n':
			out += `\n`
		case '\r':
			out += `\r`
		default:
			out += string(r)
		}
	}
	return out
}

func TestNewMessageID(t *testing.T) {
	tests := []struct {
		seed, domain, want string
	}{
		{"order 1042", "example.com", "<875010215134d38de402455480786b06@example.com>"},
		{"order 1042", "", "<875010215134d38de402455480786b06@templ.invalid>"},
		{"order 1042", "пример.бг", "<875010215134d38de402455480786b06@templ.invalid>"},
		{"order 1042", "bad domain>", "<875010215134d38de402455480786b06@templ.invalid>"},
	}
	for _, tc := range tests {
		got := NewMessageID([]byte(tc.seed), tc.domain)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("NewMessageID(%q, %q) (-want +got):\n%s", tc.seed, tc.domain, diff)
		}
		if err := checkMessageID(got); err != nil {
			t.Errorf("NewMessageID gave an id WriteEML refuses: %v", err)
		}
	}
	if a, b := NewMessageID([]byte("a"), "x.org"), NewMessageID([]byte("b"), "x.org"); a == b {
		t.Errorf("different seeds gave the same id %s", a)
	}
}

func TestMessageIDDomain(t *testing.T) {
	tests := []struct {
		from *mail.Address
		want string
	}{
		{nil, "templ.invalid"},
		{addr("Maria", "maria@example.com"), "example.com"},
		{addr("", "maria"), "templ.invalid"},
		{addr("", "maria@[192.0.2.1]"), "templ.invalid"},
	}
	for _, tc := range tests {
		if got := MessageIDDomain(tc.from); got != tc.want {
			t.Errorf("MessageIDDomain(%v) = %q, want %q", tc.from, got, tc.want)
		}
	}
}
