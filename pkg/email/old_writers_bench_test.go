package email

// The writers before they streamed (one quoted-printable writer per line,
// the message built in a buffer, then copied and converted for mbox), kept
// so that the differential tests in eml_bench_test.go prove the streaming
// writers byte-identical.

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash/fnv"
	"io"
	"maps"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

func oldRenderEML(buf *bytes.Buffer, m *Message) error {
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
		return oldWriteQuotedPrintable(buf, m.Body)
	}
	return oldWriteMultipart(buf, m, messageID)
}

// oldWriteQuotedPrintable writes body (LF line endings) as quoted-printable with
// CRLF line endings. Each line goes through its own binary-mode encoder, so a
// stray CR is kept as =0D rather than read as a line break, and trailing
// blanks are encoded. A last line without a newline ends in a soft line break,
// which ends the message with CRLF yet decodes to no newline at all.
func oldWriteQuotedPrintable(w io.Writer, body string) error {
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

// oldWriteMultipart writes the multipart/mixed Content-Type header and body:
// the text first, then each attachment in base64. The boundary comes from
// the Message-ID so the output is reproducible; it starts with "=_", which
// neither quoted-printable nor base64 can produce, so no part can contain it.
func oldWriteMultipart(buf *bytes.Buffer, m *Message, messageID string) error {
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
	oldWritePartHeader(buf, boundary, true, textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err := oldWriteQuotedPrintable(buf, m.Body); err != nil {
		return err
	}
	for _, a := range m.Attachments {
		header, err := attachmentHeader(a)
		if err != nil {
			return err
		}
		oldWritePartHeader(buf, boundary, false, header)
		if err := oldWriteBase64(buf, a.Data); err != nil {
			return err
		}
	}
	buf.WriteString("\r\n--" + boundary + "--\r\n")
	return nil
}

// oldWritePartHeader starts a part: the boundary line (after a CRLF unless it
// is the first part), then the header fields sorted by name, then a blank
// line.
func oldWritePartHeader(buf *bytes.Buffer, boundary string, first bool, header textproto.MIMEHeader) {
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

// oldWriteBase64 writes data in base64, base64LineLen characters a line.
func oldWriteBase64(w io.Writer, data []byte) error {
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

// oldWriteMbox writes m as one RFC 4155 mbox record: a "From " separator line,
// the message with LF line endings (an mbox is a local file), and a blank
// line. Lines matching /^>*From / get one more ">" (mboxrd quoting), so a
// reader can tell them from separators and undo the quoting exactly.
func oldWriteMbox(w io.Writer, m *Message) error {
	var eml bytes.Buffer
	if err := oldRenderEML(&eml, m); err != nil {
		return err
	}
	var out bytes.Buffer
	out.WriteString("From " + envelopeSender(m) + " " + m.Date.UTC().Format(time.ANSIC) + "\n")
	// The only CRLFs in an eml are line ends: a CR in the body is =0D.
	message := strings.ReplaceAll(eml.String(), "\r\n", "\n")
	for line := range strings.Lines(message) {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			out.WriteByte('>')
		}
		out.WriteString(line)
	}
	out.WriteString("\n")
	_, err := w.Write(out.Bytes())
	return err
}
