package email

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// idnaProfile converts a domain the way a resolver would look it up (RFC
// 5891 section 5, UTS 46 non-transitional: "ß" stays "ß"), mapping case and
// width ("BÜCHER.de" is "bücher.de") and refusing what DNS cannot hold.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.CheckHyphens(true),
	idna.CheckJoiners(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// NormalizeAddress returns the addr-spec addr ("local@domain", as in
// mail.Address.Address) in the form templ writes into a header: an
// international domain in its ASCII form ("müller@bücher.de" is
// "müller@xn--bcher-kva.de"), so every mail system can route it, and the
// local part exactly as given, UTF-8 included (RFC 6532), since only the
// receiving server may interpret it. An ASCII domain is kept as it is.
// The error, one line without a flag name, refuses what cannot be written.
func NormalizeAddress(addr string) (string, error) {
	if strings.ContainsAny(addr, "\r\n") {
		return "", fmt.Errorf("line break in address %q; an address must be on one line", addr)
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", fmt.Errorf("address %q has no @; use the form user@example.com", addr)
	}
	local, domain := addr[:at], addr[at+1:]
	if local == "" || domain == "" {
		return "", fmt.Errorf("address %q needs a name before the @ and a domain after it; use the form user@example.com", addr)
	}
	if err := checkLocalPart(addr, local); err != nil {
		return "", err
	}
	if isASCII(domain) {
		if err := checkPrintableASCII(addr, domain); err != nil {
			return "", err
		}
	} else {
		ascii, err := idnaProfile.ToASCII(domain)
		if err != nil {
			return "", fmt.Errorf("address %q: the domain %q is not a valid international domain name (%s); check its spelling", addr, domain, strings.TrimPrefix(err.Error(), "idna: "))
		}
		domain = ascii
	}
	out := local + "@" + domain
	// What net/mail cannot read back ("a@example.com.") cannot go into a
	// header either.
	if back, err := mail.ParseAddress((&mail.Address{Address: out}).String()); err != nil || back.Address != out {
		return "", fmt.Errorf("address %q cannot be written in a header; use the form user@example.com", addr)
	}
	return out, nil
}

// checkLocalPart allows printable ASCII and printable UTF-8 (RFC 6532's
// UTF8-non-ascii), but no controls, invisible format characters or unusual
// spaces, which would make two different addresses look the same.
func checkLocalPart(addr, local string) error {
	if !utf8.ValidString(local) {
		return fmt.Errorf("address %q is not valid UTF-8 text; save the data as UTF-8", addr)
	}
	for _, r := range local {
		if r < utf8.RuneSelf {
			if r < 0x20 || r == 0x7f {
				return fmt.Errorf("address %q holds a control character; remove it", addr)
			}
			continue
		}
		if !unicode.IsPrint(r) {
			return fmt.Errorf("address %q holds the invisible or control character %U; remove it", addr, r)
		}
	}
	return nil
}

func checkPrintableASCII(addr, s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return fmt.Errorf("address %q holds a control character; remove it", addr)
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// NeedsSMTPUTF8 reports whether any address of m has a non-ASCII local
// part: such a message can be sent only to a server offering SMTPUTF8
// (RFC 6531). Domains need no such support once normalised to ASCII.
func NeedsSMTPUTF8(m *Message) bool {
	lists := [][]*mail.Address{m.To, m.Cc, m.Bcc, m.ReplyTo, {m.From}}
	for _, list := range lists {
		for _, a := range list {
			if a != nil && !isASCII(a.Address) {
				return true
			}
		}
	}
	return false
}
