package email

import (
	"bytes"
	"encoding/hex"
	"hash/fnv"
	"net/textproto"
)

// writeHTMLEntity writes the Content-Type header and body of a message
// that has an HTML part: multipart/alternative (text first, the HTML
// second, since readers show the last part they can), and with
// attachments multipart/mixed around that alternative.
func writeHTMLEntity(buf *bytes.Buffer, m *Message, htmlPart, messageID string) error {
	alt := boundaryFor("=_alt.", messageID)
	altType, err := mediaTypeHeader("Content-Type", "multipart/alternative", map[string]string{"boundary": alt})
	if err != nil {
		return err
	}
	if len(m.Attachments) == 0 {
		buf.WriteString(altType + "\r\n")
		return writeAlternativeParts(buf, alt, m.Body, htmlPart)
	}

	mixed := boundaryFor("=_", messageID)
	mixedType, err := mediaTypeHeader("Content-Type", "multipart/mixed", map[string]string{"boundary": mixed})
	if err != nil {
		return err
	}
	buf.WriteString(mixedType + "\r\n")
	writePartHeader(buf, mixed, true, textproto.MIMEHeader{
		"Content-Type": {headerValue("Content-Type", altType)},
	})
	if err := writeAlternativeParts(buf, alt, m.Body, htmlPart); err != nil {
		return err
	}
	for _, a := range m.Attachments {
		header, err := attachmentHeader(a)
		if err != nil {
			return err
		}
		writePartHeader(buf, mixed, false, header)
		if err := writeBase64(buf, a.Data); err != nil {
			return err
		}
	}
	buf.WriteString("\r\n--" + mixed + "--\r\n")
	return nil
}

// writeAlternativeParts writes the two parts of a multipart/alternative and
// its closing delimiter, both parts quoted-printable UTF-8.
func writeAlternativeParts(buf *bytes.Buffer, boundary, text, htmlPart string) error {
	writePartHeader(buf, boundary, true, textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err := writeQuotedPrintable(buf, text); err != nil {
		return err
	}
	writePartHeader(buf, boundary, false, textproto.MIMEHeader{
		"Content-Type":              {"text/html; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err := writeQuotedPrintable(buf, htmlPart); err != nil {
		return err
	}
	buf.WriteString("\r\n--" + boundary + "--\r\n")
	return nil
}

// boundaryFor derives a boundary from the Message-ID, so the output is
// reproducible, as writeMultipart's ("=_" gives the same boundary as it).
// Both start with "=_", which quoted-printable and base64 never produce,
// and "=_alt." differs from "=_" and hex digits by its fourth character at
// the latest ('l' is not a hex digit), so neither is a prefix of the other.
func boundaryFor(prefix, messageID string) string {
	h := fnv.New128a()
	h.Write([]byte(messageID))
	return prefix + hex.EncodeToString(h.Sum(nil)[:12])
}
