package email

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"hash/fnv"
	"maps"
	"net/textproto"
	"slices"
	"strings"
)

// htmlEntity renders what follows MIME-Version in a message that has an
// HTML part: the Content-Type field, the blank line and the body, with CRLF
// line endings. The body is multipart/alternative (the text first, the
// HTML second, since a reader shows the last part it can), and with
// attachments a multipart/mixed around that alternative.
//
// It is written apart from the plain message's writer and needs nothing of
// it but the header renderers: an mbox writer can turn its CRLFs into LFs
// as they are, because no line of it starts with "From ", not even one that
// a soft line break begins (see entityQP).
func htmlEntity(m *Message, htmlPart, messageID string) ([]byte, error) {
	var buf bytes.Buffer
	alt := boundaryFor("=_alt.", messageID)
	altType, err := mediaTypeHeader("Content-Type", "multipart/alternative", map[string]string{"boundary": alt})
	if err != nil {
		return nil, err
	}
	if len(m.Attachments) == 0 {
		buf.WriteString(altType + "\r\n")
		writeAlternativeParts(&buf, alt, m.Body, htmlPart)
		return buf.Bytes(), nil
	}

	mixed := boundaryFor("=_", messageID)
	mixedType, err := mediaTypeHeader("Content-Type", "multipart/mixed", map[string]string{"boundary": mixed})
	if err != nil {
		return nil, err
	}
	buf.WriteString(mixedType + "\r\n")
	entityPartHeader(&buf, mixed, true, textproto.MIMEHeader{
		"Content-Type": {headerValue("Content-Type", altType)},
	})
	writeAlternativeParts(&buf, alt, m.Body, htmlPart)
	for _, a := range m.Attachments {
		header, err := attachmentHeader(a)
		if err != nil {
			return nil, err
		}
		entityPartHeader(&buf, mixed, false, header)
		entityBase64(&buf, a.Data)
	}
	buf.WriteString("\r\n--" + mixed + "--\r\n")
	return buf.Bytes(), nil
}

// writeAlternativeParts writes the two parts of a multipart/alternative and
// its closing delimiter, both parts quoted-printable UTF-8.
func writeAlternativeParts(buf *bytes.Buffer, boundary, text, htmlPart string) {
	entityPartHeader(buf, boundary, true, textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	entityQP(buf, text)
	entityPartHeader(buf, boundary, false, textproto.MIMEHeader{
		"Content-Type":              {"text/html; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	entityQP(buf, htmlPart)
	buf.WriteString("\r\n--" + boundary + "--\r\n")
}

// boundaryFor derives a boundary from the Message-ID, so the output is
// reproducible, as the multipart/mixed writer's ("=_" gives the same
// boundary as it). Both start with "=_", which quoted-printable and base64
// never produce, and "=_alt." differs from "=_" and hex digits by its
// fourth character at the latest ('l' is not a hex digit), so neither is a
// prefix of the other.
func boundaryFor(prefix, messageID string) string {
	// FNV, not a crypto hash: the boundary need not be secret.
	h := fnv.New128a()
	h.Write([]byte(messageID))
	return prefix + hex.EncodeToString(h.Sum(nil)[:12])
}

// entityPartHeader starts a part: the boundary line (after a CRLF unless
// it is the first part), the header fields sorted by name, a blank line;
// byte for byte as mime/multipart's writer, which templ does not link.
func entityPartHeader(buf *bytes.Buffer, boundary string, first bool, header textproto.MIMEHeader) {
	if !first {
		buf.WriteString("\r\n")
	}
	buf.WriteString("--" + boundary + "\r\n")
	for _, k := range slices.Sorted(maps.Keys(header)) {
		for _, v := range header[k] {
			buf.WriteString(k + ": " + v + "\r\n")
		}
	}
	buf.WriteString("\r\n")
}

// entityQP writes text (LF line endings) as quoted-printable with CRLF line
// endings, each line through appendQuotedPrintable, as the plain message's
// body (lineWriter.quotedPrintable): a stray CR is kept as =0D and trailing
// blanks are encoded. Unlike the plain body it is fromSafe: an output line
// that would start with "From " or ">From " starts with its first byte
// encoded, whether a newline or a soft line break begins it.
// A last line without a newline ends in a soft line break, which decodes to
// no newline at all.
func entityQP(buf *bytes.Buffer, text string) {
	for text != "" {
		line, rest, found := strings.Cut(text, "\n")
		b := appendQuotedPrintable(buf.AvailableBuffer(), line, "\r\n", true)
		if !found {
			b = append(b, '=') // a soft line break
		}
		buf.Write(append(b, "\r\n"...))
		text = rest
	}
}

// entityBase64 writes data in base64, base64LineLen characters a line.
func entityBase64(buf *bytes.Buffer, data []byte) {
	encoded := base64.StdEncoding.EncodeToString(data)
	for len(encoded) > 0 {
		n := min(base64LineLen, len(encoded))
		buf.WriteString(encoded[:n] + "\r\n")
		encoded = encoded[n:]
	}
}
