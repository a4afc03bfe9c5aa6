package email

import (
	"net/mail"
	"strings"
)

// MailtoURL returns m as an RFC 6068 mailto: URL: the To addresses, then
// cc, bcc, subject and body fields. Display names, From, Reply-To and
// attachments have no place in a mailto URL and are left out. cc and bcc
// come before the long body so a client that truncates long URLs keeps them.
// Everything but unreserved characters (and "@" in addresses) is
// percent-encoded: UTF-8 bytes, spaces as %20 (never "+"), and line breaks
// as %0D%0A.
func MailtoURL(m *Message) string {
	var b strings.Builder
	b.WriteString("mailto:")
	b.WriteString(mailtoAddresses(m.To))
	var fields []string
	if len(m.Cc) > 0 {
		fields = append(fields, "cc="+mailtoAddresses(m.Cc))
	}
	if len(m.Bcc) > 0 {
		fields = append(fields, "bcc="+mailtoAddresses(m.Bcc))
	}
	if m.Subject != "" {
		fields = append(fields, "subject="+percentEncode(m.Subject, false))
	}
	if m.Body != "" {
		body := strings.ReplaceAll(m.Body, "\n", "\r\n")
		fields = append(fields, "body="+percentEncode(body, false))
	}
	if len(fields) > 0 {
		b.WriteString("?" + strings.Join(fields, "&"))
	}
	return b.String()
}

// mailtoAddresses joins the addr-specs of list with literal commas, the
// separator RFC 6068 gives them; a comma inside an address is encoded.
func mailtoAddresses(list []*mail.Address) string {
	specs := make([]string, 0, len(list))
	for _, a := range list {
		if a != nil {
			specs = append(specs, percentEncode(a.Address, true))
		}
	}
	return strings.Join(specs, ",")
}

// percentEncode encodes every byte of s except RFC 3986 unreserved
// characters, and "@" when keepAt is set.
func percentEncode(s string, keepAt bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || keepAt && c == '@' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0f])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
