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
// Nothing is written when m is invalid.
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

// needsFromQuote reports whether a line (it runs to the next LF) matches
// /^>*From /, so that mboxrd quoting gives it one more ">".
func needsFromQuote(line []byte) bool {
	return len(line) > 0 && (line[0] == '>' || line[0] == 'F') &&
		bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From "))
}

// envelopeSender is From's address, or MAILER-DAEMON when there is none or
// it would break the separator line (a quoted local part with a space).
func envelopeSender(m *Message) string {
	if m.From == nil || m.From.Address == "" || strings.ContainsAny(m.From.Address, " \t") {
		return mboxSender
	}
	return m.From.Address
}
