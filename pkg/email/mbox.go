package email

import (
	"bytes"
	"io"
	"strings"
	"time"
)

// mboxSender is the envelope sender when the message has no usable From.
const mboxSender = "MAILER-DAEMON"

// WriteMbox writes m as one RFC 4155 mbox record: a "From " separator line,
// the message with LF line endings (an mbox is a local file), and a blank
// line. Lines matching /^>*From / get one more ">" (mboxrd quoting), so a
// reader can tell them from separators and undo the quoting exactly.
func WriteMbox(w io.Writer, m *Message) error {
	var eml bytes.Buffer
	if err := renderEML(&eml, m); err != nil {
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

// envelopeSender is From's address, or MAILER-DAEMON when there is none or
// it would break the separator line (a quoted local part with a space).
func envelopeSender(m *Message) string {
	if m.From == nil || m.From.Address == "" || strings.ContainsAny(m.From.Address, " \t") {
		return mboxSender
	}
	return m.From.Address
}
