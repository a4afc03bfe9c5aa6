// Package email turns a rendered email into a Message and writes it in one
// of the formats of the table (format.go): text, body, json, jsonl, an
// RFC 5322 message (eml, with an HTML alternative and --attach files), an
// RFC 4155 mbox record and an RFC 6068 mailto URL. Build fills the address
// flags and sets Date and Message-ID; Composer runs render, Build and Encode
// as one pipeline for a single email and for every record of a batch. It
// writes only to the io.Writer it is given; the only files it reads are
// --attach's.
package email

import (
	"fmt"
	"strings"
)

// CheckHeaderValue refuses a value that would land in a header (a subject)
// when it holds a line break, which could otherwise add a header of its own.
// what names the value in the error ("subject").
func CheckHeaderValue(what, value string) error {
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("%s: line break in %q; a header value must be on one line", what, value)
	}
	return nil
}

// checkAddrSpec accepts an address a header can carry as it is: one line,
// an ASCII domain (international ones in their xn-- form) and a local part
// of printable ASCII or UTF-8 (RFC 6532). NormalizeAddress gives that form.
func checkAddrSpec(addr string) error {
	n, err := NormalizeAddress(addr)
	if err != nil {
		return err
	}
	if n != addr {
		return fmt.Errorf("address %q: an international domain goes into a header in its ASCII form; write %q", addr, n)
	}
	return nil
}

// addressForm is the advice every address error ends with.
const addressForm = `use the form user@example.com or "Name <user@example.com>"`

// addressProblem says in the user's words what is wrong with value, which
// net/mail refused with err: its own messages ("missing '@' or
// angle-addr") describe its parser, not the address.
func addressProblem(value string, err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unclosed angle-addr"):
		return "a < without its >"
	case strings.Contains(msg, "unclosed quoted-string"):
		return `a " without its closing "`
	case strings.Contains(msg, "comment"):
		return "a ( without its )"
	}
	addr := strings.TrimSpace(value)
	if i := strings.LastIndex(addr, "<"); i >= 0 {
		addr = strings.TrimSuffix(addr[i+1:], ">")
	}
	local, domain, hasAt := strings.Cut(addr, "@")
	switch {
	case strings.TrimSpace(addr) == "":
		return "no address"
	case !hasAt:
		return "no @"
	case domain == "":
		return "nothing after @"
	case local == "":
		return "nothing before @"
	case strings.Contains(domain, "@"):
		return "more than one @"
	case strings.Contains(msg, "expected single address"), strings.Contains(msg, "no angle-addr"):
		return "a space or word where none can go (a display name goes before <address>)"
	case strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, ".."):
		return fmt.Sprintf("%q is not a domain", domain)
	case strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, ".."):
		return fmt.Sprintf("%q before @ has a misplaced dot", local)
	}
	return "not in a form mail programs read"
}
