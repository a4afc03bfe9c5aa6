package email

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// base64LineLen is the longest line MIME allows in base64 content.
const base64LineLen = 76

// WriteEML writes m as an RFC 5322 message with MIME headers and CRLF line
// endings. The body is quoted-printable, so every line stays within 76
// characters and decodes back to m.Body byte for byte. With attachments the
// message is multipart/mixed. Nothing is written when m is invalid.
func WriteEML(w io.Writer, m *Message) error {
	var buf bytes.Buffer
	if err := renderEML(&buf, m); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func renderEML(buf *bytes.Buffer, m *Message) error {
	if m == nil {
		return errors.New("email: no message to write")
	}
	if m.Date.IsZero() {
		return errors.New("email: message has no date; set Message.Date")
	}
	if err := CheckHeaderValue("subject", m.Subject); err != nil {
		return err
	}
	messageID := m.MessageID
	if messageID == "" {
		messageID = NewMessageID([]byte(m.Subject+"\x00"+m.Body), MessageIDDomain(m.From))
	}
	if err := checkMessageID(messageID); err != nil {
		return err
	}

	buf.WriteString("Date: " + m.Date.Format(time.RFC1123Z) + "\r\n")
	var from []*mail.Address
	if m.From != nil {
		from = []*mail.Address{m.From}
	}
	for _, h := range []struct {
		name string
		list []*mail.Address
	}{{"From", from}, {"Reply-To", m.ReplyTo}, {"To", m.To}, {"Cc", m.Cc}, {"Bcc", m.Bcc}} {
		if len(h.list) == 0 {
			continue
		}
		line, err := addressHeader(h.name, h.list)
		if err != nil {
			return err
		}
		buf.WriteString(line)
	}
	buf.WriteString(subjectHeader(m.Subject))
	buf.WriteString("Message-ID: " + messageID + "\r\n")
	buf.WriteString("MIME-Version: 1.0\r\n")

	if len(m.Attachments) == 0 {
		buf.WriteString("Content-Type: text/plain; charset=UTF-8\r\n")
		buf.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		return writeQuotedPrintable(buf, m.Body)
	}
	return writeMultipart(buf, m, messageID)
}

// checkMessageID accepts the "<left@right>" form on one line.
func checkMessageID(id string) error {
	at := strings.LastIndexByte(id, '@')
	if len(id) < 5 || id[0] != '<' || id[len(id)-1] != '>' || at < 2 || at > len(id)-3 ||
		strings.ContainsAny(id, " \t\r\n") {
		return fmt.Errorf("email: Message-ID %q is not of the form <id@domain>; use NewMessageID", id)
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '!' || id[i] > '~' {
			return fmt.Errorf("email: Message-ID %q is not plain ASCII; use NewMessageID", id)
		}
	}
	return nil
}

// writeQuotedPrintable writes body (LF line endings) as quoted-printable with
// CRLF line endings. Each line goes through its own binary-mode encoder, so a
// stray CR is kept as =0D rather than read as a line break, and trailing
// blanks are encoded. A last line without a newline ends in a soft line break,
// which ends the message with CRLF yet decodes to no newline at all.
func writeQuotedPrintable(w io.Writer, body string) error {
	lines := strings.Split(body, "\n")
	for i, line := range lines {
		last := i == len(lines)-1
		if last && line == "" {
			break
		}
		qp := quotedprintable.NewWriter(w)
		qp.Binary = true
		if _, err := io.WriteString(qp, line); err != nil {
			return err
		}
		if err := qp.Close(); err != nil {
			return err
		}
		end := "\r\n"
		if last {
			end = "=\r\n"
		}
		if _, err := io.WriteString(w, end); err != nil {
			return err
		}
	}
	return nil
}

// writeMultipart writes the multipart/mixed Content-Type header and body:
// the text first, then each attachment in base64. The boundary comes from
// the Message-ID so the output is reproducible; it starts with "=_", which
// neither quoted-printable nor base64 can produce, so no part can contain it.
func writeMultipart(buf *bytes.Buffer, m *Message, messageID string) error {
	// FNV, not a crypto hash: the boundary need not be secret, and crypto
	// packages would slow templ's start-up.
	h := fnv.New128a()
	h.Write([]byte(messageID))
	boundary := "=_" + hex.EncodeToString(h.Sum(nil)[:12])
	contentType, err := mediaTypeHeader("Content-Type", "multipart/mixed", map[string]string{"boundary": boundary})
	if err != nil {
		return err
	}
	buf.WriteString(contentType + "\r\n")

	// The parts are written by hand, byte for byte as multipart.Writer
	// would: mime/multipart links crypto/rand, which templ does not need.
	writePartHeader(buf, boundary, true, textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err := writeQuotedPrintable(buf, m.Body); err != nil {
		return err
	}
	for _, a := range m.Attachments {
		header, err := attachmentHeader(a)
		if err != nil {
			return err
		}
		writePartHeader(buf, boundary, false, header)
		if err := writeBase64(buf, a.Data); err != nil {
			return err
		}
	}
	buf.WriteString("\r\n--" + boundary + "--\r\n")
	return nil
}

// writePartHeader starts a part: the boundary line (after a CRLF unless it
// is the first part), then the header fields sorted by name, then a blank
// line.
func writePartHeader(buf *bytes.Buffer, boundary string, first bool, header textproto.MIMEHeader) {
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

// attachmentHeader builds an attachment's part header. Values are passed
// already folded: writePartHeader prints them as they are.
func attachmentHeader(a Attachment) (textproto.MIMEHeader, error) {
	contentType := a.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("email: attachment %q: content type %q: %v", a.Filename, contentType, err)
	}
	typeLine, err := mediaTypeHeader("Content-Type", mediaType, params)
	if err != nil {
		return nil, fmt.Errorf("email: attachment %q: %v", a.Filename, err)
	}
	var dispParams map[string]string
	if a.Filename != "" {
		dispParams = map[string]string{"filename": a.Filename}
	}
	dispLine, err := mediaTypeHeader("Content-Disposition", "attachment", dispParams)
	if err != nil {
		return nil, fmt.Errorf("email: attachment %q: %v", a.Filename, err)
	}
	return textproto.MIMEHeader{
		"Content-Type":              {headerValue("Content-Type", typeLine)},
		"Content-Disposition":       {headerValue("Content-Disposition", dispLine)},
		"Content-Transfer-Encoding": {"base64"},
	}, nil
}

// headerValue strips "name:" and the final CRLF from a rendered header,
// leaving the (possibly folded) value.
func headerValue(name, line string) string {
	value := strings.TrimPrefix(strings.TrimSuffix(line, "\r\n"), name+":")
	return strings.TrimLeft(value, " ")
}

// writeBase64 writes data in base64, base64LineLen characters a line.
func writeBase64(w io.Writer, data []byte) error {
	encoded := base64.StdEncoding.EncodeToString(data)
	for len(encoded) > 0 {
		n := min(base64LineLen, len(encoded))
		if _, err := io.WriteString(w, encoded[:n]+"\r\n"); err != nil {
			return err
		}
		encoded = encoded[n:]
	}
	return nil
}
