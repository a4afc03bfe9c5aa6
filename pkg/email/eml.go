package email

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"time"
)

// base64LineLen is the longest line MIME allows in base64 content.
const base64LineLen = 76

// WriteEML writes m as an RFC 5322 message with MIME headers and CRLF line
// endings. The body is quoted-printable, so every line stays within 76
// characters and decodes back to m.Body byte for byte. With attachments the
// message is multipart/mixed. Nothing is written when m is invalid.
func WriteEML(w io.Writer, m *Message) error {
	return writeMessage(w, m, false)
}

// writeMessage checks m and works out its headers, and only then writes it,
// so an invalid message writes nothing. A *bytes.Buffer (a batch's record
// buffer) is written into directly; any other writer gets the message in one
// Write from a pooled buffer, as before.
func writeMessage(w io.Writer, m *Message, mbox bool) error {
	var p prepared
	if err := p.prepare(m); err != nil {
		return err
	}
	s := scratchPool.Get().(*scratch)
	defer s.release()
	out, direct := w.(*bytes.Buffer)
	if !direct {
		s.out.Reset()
		out = &s.out
	}
	lw := lineWriter{out: out, mbox: mbox, s: s}
	if mbox {
		lw.fromLine(m)
	}
	p.write(&lw)
	if mbox {
		out.WriteByte('\n') // the blank line that ends an mbox record
	}
	if direct {
		return nil
	}
	_, err := w.Write(out.Bytes())
	return err
}

// prepared is a checked message with its headers rendered: writing it can
// no longer fail, except in the writer.
type prepared struct {
	m         *Message
	messageID string
	addresses [5]string // From, Reply-To, To, Cc, Bcc lines; "" when absent
	subject   string
	multipart *multipartHeaders // nil without attachments
	html      string            // Content-Type on, with an HTML part (htmlEntity); "" without
}

// multipartHeaders are what writing a multipart/mixed body needs.
type multipartHeaders struct {
	boundary    string
	contentType string                 // the message's Content-Type header
	parts       []textproto.MIMEHeader // one per attachment
}

func (p *prepared) prepare(m *Message) error {
	if m == nil {
		return errors.New("email: no message to write")
	}
	if m.Date.IsZero() {
		return errors.New("email: message has no date; set Message.Date")
	}
	if err := CheckHeaderValue("subject", m.Subject); err != nil {
		return err
	}
	p.m, p.messageID = m, m.MessageID
	if p.messageID == "" {
		p.messageID = NewMessageID([]byte(m.Subject+"\x00"+m.Body), MessageIDDomain(m.From))
	}
	if err := checkMessageID(p.messageID); err != nil {
		return err
	}
	var from []*mail.Address
	if m.From != nil {
		from = []*mail.Address{m.From}
	}
	for i, h := range [...]struct {
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
		p.addresses[i] = line
	}
	p.subject = subjectHeader(m.Subject)
	if m.HTML != "" {
		entity, err := htmlEntity(m, m.HTML, p.messageID)
		if err != nil {
			return err
		}
		p.html = string(entity)
		return nil
	}
	if len(m.Attachments) > 0 {
		mp, err := prepareMultipart(m, p.messageID)
		if err != nil {
			return err
		}
		p.multipart = mp
	}
	return nil
}

func (p *prepared) write(lw *lineWriter) {
	var date [40]byte
	lw.out.WriteString("Date: ")
	lw.out.Write(p.m.Date.AppendFormat(date[:0], time.RFC1123Z))
	lw.eol()
	for _, line := range p.addresses {
		lw.header(line)
	}
	lw.header(p.subject)
	lw.out.WriteString("Message-ID: ")
	lw.out.WriteString(p.messageID)
	lw.eol()
	lw.header("MIME-Version: 1.0\r\n")
	if p.html != "" {
		// Whole CRLF lines, none starting with "From " (fromSafe):
		// header() gives them the format's line ending.
		lw.header(p.html)
		return
	}
	if p.multipart == nil {
		lw.header("Content-Type: text/plain; charset=UTF-8\r\n")
		lw.header("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		lw.quotedPrintable(p.m.Body)
		return
	}
	p.multipart.write(lw, p.m)
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

// prepareMultipart works out the multipart/mixed headers: the boundary
// comes from the Message-ID so the output is reproducible; it starts with
// "=_", which neither quoted-printable nor base64 can produce, so no part
// can contain it.
func prepareMultipart(m *Message, messageID string) (*multipartHeaders, error) {
	mp := &multipartHeaders{boundary: boundaryFor("=_", messageID)}
	contentType, err := mediaTypeHeader("Content-Type", "multipart/mixed", map[string]string{"boundary": mp.boundary})
	if err != nil {
		return nil, err
	}
	mp.contentType = contentType
	for _, a := range m.Attachments {
		header, err := attachmentHeader(a)
		if err != nil {
			return nil, err
		}
		mp.parts = append(mp.parts, header)
	}
	return mp, nil
}

// write writes the Content-Type header and the body: the text first, then
// each attachment in base64. The parts are written by hand, byte for byte as
// multipart.Writer would: mime/multipart links crypto/rand, which templ does
// not need.
func (mp *multipartHeaders) write(lw *lineWriter, m *Message) {
	lw.header(mp.contentType)
	lw.eol() // the blank line that ends the message's header
	lw.partHeader(mp.boundary, true, textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	lw.quotedPrintable(m.Body)
	for i, a := range m.Attachments {
		lw.partHeader(mp.boundary, false, mp.parts[i])
		lw.base64(a.Data)
	}
	lw.eol()
	lw.out.WriteString("--" + mp.boundary + "--")
	lw.eol()
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

// lineWriter writes a message's lines into out with the line ending of its
// format: CRLF for eml, LF for mbox, where lines matching /^>*From / also
// get one more ">" (see WriteMbox). Everything goes straight into out, with
// no copy of the whole message.
type lineWriter struct {
	out  *bytes.Buffer
	mbox bool
	s    *scratch
}

// eol ends a line.
func (lw *lineWriter) eol() {
	if lw.mbox {
		lw.out.WriteByte('\n')
	} else {
		lw.out.WriteString("\r\n")
	}
}

// header writes s, whole lines that each end in CRLF, as rendered by
// header.go or htmlEntity, with LF line endings in an mbox.
func (lw *lineWriter) header(s string) {
	if !lw.mbox {
		lw.out.WriteString(s)
		return
	}
	for s != "" {
		i := strings.Index(s, "\r\n")
		if i < 0 {
			lw.out.WriteString(s)
			return
		}
		lw.out.WriteString(s[:i])
		lw.out.WriteByte('\n')
		s = s[i+2:]
	}
}

// partHeader starts a part: the boundary line (after a line break unless it
// is the first part), then the header fields sorted by name, then a blank
// line.
func (lw *lineWriter) partHeader(boundary string, first bool, header textproto.MIMEHeader) {
	if !first {
		lw.eol()
	}
	lw.out.WriteString("--" + boundary)
	lw.eol()
	for _, k := range slices.Sorted(maps.Keys(header)) {
		for _, v := range header[k] {
			lw.header(k + ": " + v + "\r\n")
		}
	}
	lw.eol()
}

// quotedPrintable writes body (LF line endings) as quoted-printable. Each
// line is encoded on its own, so a stray CR is kept as =0D rather than read
// as a line break, and trailing blanks are encoded. A last line without a
// newline ends in a soft line break, which ends the message with a line
// break yet decodes to no newline at all. A line that would start with
// "From " starts "=46rom " instead, as in the HTML part: it decodes the same,
// and an MTA that stores the eml in an mbox without undoing its ">From"
// quoting cannot leave a stray ">" in the customer's text.
func (lw *lineWriter) quotedPrintable(body string) {
	s := lw.s
	eol := "\r\n"
	if lw.mbox {
		eol = "\n"
	}
	for body != "" {
		line, rest, found := strings.Cut(body, "\n")
		s.line = appendQuotedPrintable(s.line[:0], line, eol, true)
		if !found {
			s.line = append(s.line, '=') // a soft line break
		}
		s.line = append(s.line, eol...)
		lw.out.Write(s.line)
		body = rest
	}
}

// qpLineLen is the longest quoted-printable line, without its CRLF, as
// mime/quotedprintable writes it: a soft line break's "=" comes on top.
const qpLineLen = 75

const upperHex = "0123456789ABCDEF"

// appendQuotedPrintable appends line (no LF in it) quoted-printable encoded,
// byte for byte as mime/quotedprintable's Writer in binary mode writes it
// and closes it, but with eol ending soft line breaks: printable ASCII but
// "=" as it is, other bytes as =XX, a soft line break ("=" eol) before a
// byte that would pass qpLineLen, and a blank at the end encoded. The
// differential tests hold it to the standard library's output. One encoder
// made per line cost a third of a batch's time.
//
// With fromSafe, an output line that would start with "From " or ">From "
// (which mbox quotes), at the start of line or after a soft line break,
// starts with its first byte encoded instead (=46, =3E), counted in the
// line's length like any =XX: it decodes the same, and no mbox writer or
// reader changes it.
func appendQuotedPrintable(dst []byte, line, eol string, fromSafe bool) []byte {
	n := 0 // bytes on the current output line
	for i := 0; i < len(line); {
		// At the start of an output line (n == 0), fromSafe writes the
		// first byte of "From " or ">From " as =XX, like a byte that must be.
		if !qpLiteral[line[i]] || n == 0 && fromSafe && startsFrom(line[i:]) {
			dst, n = appendQuoted(dst, n, line[i], eol)
			i++
			continue
		}
		// A run of literal bytes goes in whole, a line's room at a time.
		j := i + 1
		for j < len(line) && qpLiteral[line[j]] {
			j++
		}
		for i < j {
			if n == qpLineLen {
				dst, n = append(append(dst, '='), eol...), 0
				if fromSafe && startsFrom(line[i:]) {
					break // the soft break begins a "From " line: see above
				}
			}
			k := min(j-i, qpLineLen-n)
			dst, n, i = append(dst, line[i:i+k]...), n+k, i+k
		}
	}
	if last := len(dst) - 1; n > 0 && (dst[last] == ' ' || dst[last] == '\t') {
		dst, _ = appendQuoted(dst[:last], n-1, dst[last], eol)
	}
	return dst
}

// startsFrom reports whether s matches /^>*From /, a line that mbox quotes.
func startsFrom(s string) bool {
	return s != "" && (s[0] == 'F' || s[0] == '>') && strings.HasPrefix(strings.TrimLeft(s, ">"), "From ")
}

// qpLiteral marks the bytes quoted-printable writes as they are.
var qpLiteral = func() (t [256]bool) {
	for b := '!'; b <= '~'; b++ {
		t[b] = b != '='
	}
	t[' '], t['\t'] = true, true
	return t
}()

// appendQuoted appends b as =XX, after a soft line break if it would not
// fit on the line, and returns the new length of the line.
func appendQuoted(dst []byte, n int, b byte, eol string) ([]byte, int) {
	if qpLineLen-n < 3 {
		dst, n = append(append(dst, '='), eol...), 0
	}
	return append(dst, '=', upperHex[b>>4], upperHex[b&0x0f]), n + 3
}

// base64 writes data in base64, base64LineLen characters a line. Base64
// has no blank, so no line needs mbox quoting.
func (lw *lineWriter) base64(data []byte) {
	encoded := base64.StdEncoding.EncodeToString(data)
	for len(encoded) > 0 {
		n := min(base64LineLen, len(encoded))
		lw.out.WriteString(encoded[:n])
		lw.eol()
		encoded = encoded[n:]
	}
}

// scratch is the memory one message is written with, pooled so that a
// batch of messages reuses it: one quoted-printable line, and the output
// for writers other than a *bytes.Buffer.
type scratch struct {
	line []byte
	out  bytes.Buffer
}

var scratchPool = sync.Pool{New: func() any { return &scratch{} }}

// maxPooled keeps a message with large attachments from pinning its
// buffers in the pool.
const maxPooled = 1 << 20

func (s *scratch) release() {
	if cap(s.line) > maxPooled || s.out.Cap() > maxPooled {
		return
	}
	scratchPool.Put(s)
}
