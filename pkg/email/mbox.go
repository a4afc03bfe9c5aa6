package email

import (
	"io"
	"strings"
	"time"
)

// mboxSender is the envelope sender when the message has no usable From.
const mboxSender = "MAILER-DAEMON"

// WriteMbox writes m as one RFC 4155 mbox record: a "From " separator line,
// the message with LF line endings (an mbox is a local file), and a blank
// line. No line of the message can match /^>*From /, so none needs mboxrd
// quoting and a reader that undoes it finds nothing to undo: header lines
// start with a field name or, folded, a blank; quoted-printable lines that
// would start "From " or ">From " start =46 or =3E instead; base64 has no
// blank. TestFromAtEveryColumnMbox holds that. Nothing is written when m is
// invalid.
func WriteMbox(w io.Writer, m *Message) error {
	return writeMessage(w, m, true)
}

// fromLine writes the separator line that starts an mbox record.
func (lw *lineWriter) fromLine(m *Message) {
	var date [32]byte
	lw.out.WriteString("From ")
	lw.out.WriteString(envelopeSender(m))
	lw.out.WriteByte(' ')
	lw.out.Write(m.Date.UTC().AppendFormat(date[:0], time.ANSIC))
	lw.out.WriteByte('\n')
}

// envelopeSender is From's address, or MAILER-DAEMON when there is none or
// it would break the separator line (a quoted local part with a space).
func envelopeSender(m *Message) string {
	if m.From == nil || m.From.Address == "" || strings.ContainsAny(m.From.Address, " \t") {
		return mboxSender
	}
	return m.From.Address
}
